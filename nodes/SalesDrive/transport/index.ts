import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { credentialKey } from '../../common/credentialKey';
import { clientWindows, DAY, HOUR, MINUTE, type RateLimiter, sharedRateLimiter } from '../../common/pacing';
import { collectPages } from '../../common/pagination';
import {
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

/**
 * SalesDrive reports some errors inside a 200 (`success: false`, `status: "error"`, `error: …`);
 * how it signals an exceeded limit is not documented (clients see 429, or 400 with "limit" in the
 * message), so both count as rate limiting.
 */
export function salesDriveFailure(response: TransportResponse): ServiceFailure | undefined {
	const body = (typeof response.json === 'object' ? response.json : undefined) as SalesDriveReply | undefined;
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const saysError =
		body !== undefined &&
		(body.success === false ||
			body.status === 'error' ||
			(body.error !== undefined && body.error !== null && body.error !== '') ||
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
	const rateLimited = response.statusCode === 429 || (response.statusCode === 400 && /limit/i.test(message));
	const failure: ServiceFailure = { message, rateLimited };
	if (response.statusCode === 401 || response.statusCode === 403) {
		failure.detail =
			'Check the API key and its permissions (order lists need an order-database key with "Orders - read").';
	}
	if (ok) failure.retryable = rateLimited;
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
		},
	);
	return (response.json ?? {}) as IDataObject;
}

interface SalesDriveListReply {
	data?: IDataObject[];
	pagination?: { currentPage?: number | string; pageCount?: number | string };
}

/**
 * Reads a paginated list (`/api/order/list/`, `/api/payment/list/`, …) page by page at the
 * largest page size, paced to the list limits, until `pagination.pageCount`.
 */
export async function salesDriveListAll(
	ctx: TransportContext,
	connection: SalesDriveConnection,
	path: string,
	qs: IDataObject = {},
	options: { limit?: number; pageSize?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? SALESDRIVE_MAX_PAGE_SIZE, SALESDRIVE_MAX_PAGE_SIZE);
	return await collectPages<IDataObject, number>(
		1,
		async (page) => {
			const reply = (await salesDriveRequest(ctx, connection, {
				method: 'GET',
				path,
				qs: { ...qs, page, limit: pageSize },
				paced: true,
				itemIndex: options.itemIndex,
			})) as SalesDriveListReply;
			const current = Number(reply.pagination?.currentPage ?? page);
			const pageCount = Number(reply.pagination?.pageCount ?? current);
			return { items: reply.data ?? [], next: current < pageCount ? current + 1 : undefined };
		},
		options.limit,
	);
}
