import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialKey } from '../../common/credentialKey';
import {
	clientWindows,
	DAY,
	HOUR,
	MINUTE,
	type RateLimiter,
	sharedRateLimiter,
	type WaitBudget,
} from '../../common/pacing';
import { collectAll, numberedPages, type ReturnAllOptions } from '../../common/pagination';
import {
	describeRequest,
	sendRequest,
	type ServiceFailure,
	type TransportContext,
	type TransportResponse,
} from '../../common/transport';

export const SALESDRIVE_CREDENTIAL = 'salesDriveApi';

/** SalesDrive's largest page for order, payment and document lists. */
export const SALESDRIVE_MAX_PAGE_SIZE = 100;

export interface SalesDriveConnection {
	baseUrl: string;
	/** paces the rate-limited list endpoints (10/min, 100/h, 1000/day by default) */
	listLimiter: RateLimiter;
}

export async function getSalesDriveConnection(ctx: TransportContext): Promise<SalesDriveConnection> {
	const credentials = await ctx.getCredentials(SALESDRIVE_CREDENTIAL);
	const override = String(credentials.baseUrl ?? '').trim();
	const baseUrl = override
		? override.replace(/\/+$/, '')
		: `https://${String(credentials.subdomain ?? '').trim()}.salesdrive.me`;
	const scale = Number(credentials.limitTimeScale) || 1;
	const windows = [
		{ limit: Number(credentials.listPerMinute) || 10, periodMs: MINUTE / scale },
		{ limit: Number(credentials.listPerHour) || 100, periodMs: HOUR / scale },
		{ limit: Number(credentials.listPerDay) || 1000, periodMs: DAY / scale },
	];
	return {
		baseUrl,
		listLimiter: sharedRateLimiter(credentialKey(baseUrl, String(credentials.apiKey ?? '')), clientWindows(windows)),
	};
}

interface SalesDriveReply {
	success?: boolean;
	status?: string;
	error?: unknown;
	message?: unknown;
	errorMessage?: unknown;
}

function replyMessage(body: SalesDriveReply | undefined, fallback: string): string {
	const text = body?.message ?? body?.errorMessage ?? body?.error;
	if (typeof text === 'string' && text.trim() !== '') return text;
	if (text && typeof text === 'object') return JSON.stringify(text);
	return fallback;
}

/** An `error` field that reports something (SalesDrive also sends `error: false` on success). */
function carriesError(error: unknown): boolean {
	return error !== undefined && error !== null && error !== false && error !== '';
}

/** Words a service uses when it refuses for the number of requests, not for what they ask. */
const REQUEST_LIMIT_HIT =
	/too many (requests|attempts)|rate limit|request limit|limit of requests|ліміт запитів|лимит запросов/i;
/** Words of a validation message about a parameter ("limit must be ≤ 100"). */
const ABOUT_A_PARAMETER = /param|must|should|invalid|allowed values|параметр|повин|должен|допустим/i;

/**
 * Whether a reply means "too many requests". SalesDrive does not document its answer; clients
 * see 429, and one client reads a 400 mentioning "limit" as the same thing. That reading is too
 * wide: the list endpoints take a `limit` parameter, and a 400 about it ("limit must be ≤ 100")
 * is a validation error — retrying it cannot help, and pausing the shared limiter for it would
 * stall every other list read on the key. So only 429, or a 400 whose message plainly says the
 * request limit was hit and says nothing about a parameter, counts.
 */
export function isRateLimitAnswer(statusCode: number, message: string): boolean {
	if (statusCode === 429) return true;
	return statusCode === 400 && REQUEST_LIMIT_HIT.test(message) && !ABOUT_A_PARAMETER.test(message);
}

/**
 * SalesDrive reports some errors inside a 200 (`success: false`, `status: "error"`, `error: …`);
 * an empty (`null`) body or `error: false` is not one.
 */
export function salesDriveFailure(response: TransportResponse): ServiceFailure | undefined {
	const body =
		response.json !== null && typeof response.json === 'object' ? (response.json as SalesDriveReply) : undefined;
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const saysError =
		body !== undefined &&
		(body.success === false ||
			body.status === 'error' ||
			carriesError(body.error) ||
			(body.success === undefined &&
				body.status === undefined &&
				typeof body.message === 'string' &&
				/invalid|denied|forbidden/i.test(body.message)));
	if (ok && !saysError) {
		if (response.json === undefined && response.text.trim() !== '') {
			return {
				message: 'SalesDrive answered with something other than JSON',
				retryable: false,
				detail: response.text.slice(0, 200),
			};
		}
		return undefined;
	}
	const message = replyMessage(body, response.text.slice(0, 300) || `HTTP ${response.statusCode}`);
	const failure: ServiceFailure = { message, rateLimited: isRateLimitAnswer(response.statusCode, message) };
	if (response.statusCode === 401 || response.statusCode === 403) {
		failure.detail =
			'Check the API key and its permissions (order lists need an order-database key with "Orders - read").';
	}
	if (ok) failure.retryable = false;
	return failure;
}

export interface SalesDriveRequest {
	method: IHttpRequestMethods;
	/** path with its trailing slash, e.g. `/api/order/list/` */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** list endpoints are rate-limited and paced */
	paced?: boolean;
	idempotent?: boolean;
	itemIndex?: number;
	/** shared by the requests of one Return All (see ReturnAllOptions.maxWaitMs) */
	waitBudget?: WaitBudget;
}

export async function salesDriveRequest(
	ctx: TransportContext,
	connection: SalesDriveConnection,
	request: SalesDriveRequest,
): Promise<IDataObject> {
	const response = await sendRequest(
		ctx,
		{
			service: 'SalesDrive',
			credentialType: SALESDRIVE_CREDENTIAL,
			limiter: request.paced ? connection.listLimiter : undefined,
			readFailure: salesDriveFailure,
		},
		{
			method: request.method,
			url: `${connection.baseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			headers: { Accept: 'application/json' },
			idempotent: request.idempotent,
			itemIndex: request.itemIndex,
			waitBudget: request.waitBudget,
		},
	);
	return (response.json ?? {}) as IDataObject;
}

interface SalesDriveListReply {
	data?: unknown;
	meta?: unknown;
	pagination?: { currentPage?: unknown; pageCount?: unknown };
}

export interface SalesDriveListOptions extends ReturnAllOptions {
	pageSize?: number;
	/** receives each page's `meta` (the order list describes its select fields there: `meta.fields`) */
	onMeta?: (meta: IDataObject) => void;
}

/**
 * Reads a paginated list (`/api/order/list/`, `/api/payment/list/`, …) at the largest page size,
 * paced to the list limits, yielding each page as it arrives (a node can emit rows before the
 * list ends). Pages are asked for by number until `pagination.pageCount`; see numberedPages for
 * duplicates, the wait cap and how a stop is reported.
 */
export async function* salesDriveListPages(
	ctx: TransportContext,
	connection: SalesDriveConnection,
	path: string,
	qs: IDataObject = {},
	options: SalesDriveListOptions = {},
): AsyncGenerator<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SALESDRIVE_MAX_PAGE_SIZE, SALESDRIVE_MAX_PAGE_SIZE);
	yield* numberedPages(ctx, { service: 'SalesDrive', updatedField: 'updateAt' }, options, async (page, waitBudget) => {
		const request: SalesDriveRequest = {
			method: 'GET',
			path,
			qs: { ...qs, page, limit: pageSize },
			paced: true,
			itemIndex: options.itemIndex,
			waitBudget,
		};
		const reply = (await salesDriveRequest(ctx, connection, request)) as SalesDriveListReply;
		const pageCount = Number(reply.pagination?.pageCount);
		if (!Array.isArray(reply.data) || !Number.isFinite(pageCount)) {
			// without them the list's end is unknown: stopping would silently drop rows, going on could loop
			const missing = !Array.isArray(reply.data) ? 'a `data` array' : 'its `pagination` block';
			const where = describeRequest({
				method: 'GET',
				url: `${connection.baseUrl}${path}`,
				qs: { page, limit: pageSize },
			});
			throw new NodeOperationError(ctx.getNode(), `SalesDrive answered a list request without ${missing}`, {
				description: `Request: ${where}`,
				itemIndex: options.itemIndex,
			});
		}
		if (options.onMeta && reply.meta && typeof reply.meta === 'object') options.onMeta(reply.meta as IDataObject);
		return { rows: reply.data as IDataObject[], more: page < pageCount };
	});
}

/** Every row of a paginated list (see salesDriveListPages); a failure carries the rows read (partialItemsOf). */
export async function salesDriveListAll(
	ctx: TransportContext,
	connection: SalesDriveConnection,
	path: string,
	qs: IDataObject = {},
	options: SalesDriveListOptions = {},
): Promise<IDataObject[]> {
	return await collectAll(salesDriveListPages(ctx, connection, path, qs, options));
}
