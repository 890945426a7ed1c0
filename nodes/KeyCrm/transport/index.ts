import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialKey } from '../../common/credentialKey';
import { clientWindows, MINUTE, type RateLimiter, sharedRateLimiter, type WaitBudget } from '../../common/pacing';
import { collectAll, numberedPages, type ReturnAllOptions } from '../../common/pagination';
import {
	describeRequest,
	sendRequest,
	type ServiceFailure,
	type TransportContext,
	type TransportResponse,
} from '../../common/transport';

export const KEYCRM_CREDENTIAL = 'keyCrmApi';

/** KeyCRM's largest page. */
export const KEYCRM_MAX_PAGE_SIZE = 50;

export interface KeyCrmConnection {
	baseUrl: string;
	/** 60 requests per minute per key by default, for every endpoint */
	limiter: RateLimiter;
}

export async function getKeyCrmConnection(ctx: TransportContext): Promise<KeyCrmConnection> {
	const credentials = await ctx.getCredentials(KEYCRM_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl || 'https://openapi.keycrm.app/v1')
		.trim()
		.replace(/\/+$/, '');
	const scale = Number(credentials.limitTimeScale) || 1;
	const windows = [{ limit: Number(credentials.perMinute) || 60, periodMs: MINUTE / scale }];
	return {
		baseUrl,
		limiter: sharedRateLimiter(credentialKey(baseUrl, String(credentials.apiKey ?? '')), clientWindows(windows)),
	};
}

interface KeyCrmErrorReply {
	message?: string;
	errors?: Record<string, string[] | string>;
}

/** KeyCRM answers errors Laravel-style: `{message}` and, for 422, `{errors: {field: [..]}}`. */
export function keyCrmFailure(response: TransportResponse): ServiceFailure | undefined {
	if (response.statusCode >= 200 && response.statusCode < 300) {
		if (response.json === undefined && response.text.trim() !== '') {
			return {
				message: 'KeyCRM answered with something other than JSON',
				detail: 'This usually means the API key was not accepted or the base URL is wrong.',
				retryable: false,
			};
		}
		return undefined;
	}
	const body = response.json as KeyCrmErrorReply | undefined;
	const message = body?.message || response.text.slice(0, 300) || `HTTP ${response.statusCode}`;
	const fields = Object.entries(body?.errors ?? {}).map(
		([field, problems]) => `${field}: ${Array.isArray(problems) ? problems.join('; ') : problems}`,
	);
	return {
		message: fields.length ? `${message} (${fields.join(', ')})` : message,
		detail: response.statusCode === 401 ? 'Check the API key.' : undefined,
	};
}

export interface KeyCrmRequest {
	method: IHttpRequestMethods;
	/** path under the base URL, e.g. `/order` */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	idempotent?: boolean;
	itemIndex?: number;
	/** shared by the requests of one Return All (see ReturnAllOptions.maxWaitMs) */
	waitBudget?: WaitBudget;
}

export async function keyCrmRequest(
	ctx: TransportContext,
	connection: KeyCrmConnection,
	request: KeyCrmRequest,
): Promise<IDataObject> {
	const response = await sendRequest(
		ctx,
		{ service: 'KeyCRM', credentialType: KEYCRM_CREDENTIAL, limiter: connection.limiter, readFailure: keyCrmFailure },
		{
			method: request.method,
			url: `${connection.baseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			idempotent: request.idempotent,
			itemIndex: request.itemIndex,
			waitBudget: request.waitBudget,
		},
	);
	return (response.json ?? {}) as IDataObject;
}

interface KeyCrmPage {
	data?: unknown;
	next_page_url?: string | null;
}

/**
 * Reads a paginated list at 50 per page, paced to the key's limit, yielding each page as it
 * arrives, until `next_page_url` is null. Pages are asked for by number; see numberedPages for
 * duplicates, the wait cap and how a stop is reported.
 */
export async function* keyCrmListPages(
	ctx: TransportContext,
	connection: KeyCrmConnection,
	path: string,
	qs: IDataObject = {},
	options: ReturnAllOptions & { pageSize?: number } = {},
): AsyncGenerator<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? KEYCRM_MAX_PAGE_SIZE, KEYCRM_MAX_PAGE_SIZE);
	yield* numberedPages(ctx, { service: 'KeyCRM', updatedField: 'updated_at' }, options, async (page, waitBudget) => {
		const reply = (await keyCrmRequest(ctx, connection, {
			method: 'GET',
			path,
			qs: { ...qs, page, limit: pageSize },
			itemIndex: options.itemIndex,
			waitBudget,
		})) as KeyCrmPage;
		if (!Array.isArray(reply.data)) {
			const where = describeRequest({
				method: 'GET',
				url: `${connection.baseUrl}${path}`,
				qs: { page, limit: pageSize },
			});
			throw new NodeOperationError(ctx.getNode(), 'KeyCRM answered a list request without a `data` array', {
				description: `Request: ${where}`,
				itemIndex: options.itemIndex,
			});
		}
		return { rows: reply.data as IDataObject[], more: Boolean(reply.next_page_url) };
	});
}

/** Every row of a paginated list (see keyCrmListPages); a failure carries the rows read (partialItemsOf). */
export async function keyCrmListAll(
	ctx: TransportContext,
	connection: KeyCrmConnection,
	path: string,
	qs: IDataObject = {},
	options: ReturnAllOptions & { pageSize?: number } = {},
): Promise<IDataObject[]> {
	return await collectAll(keyCrmListPages(ctx, connection, path, qs, options));
}
