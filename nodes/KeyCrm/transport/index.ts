import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { credentialKey } from '../../common/credentialKey';
import { clientWindows, MINUTE, type RateLimiter, sharedRateLimiter } from '../../common/pacing';
import { collectPages } from '../../common/pagination';
import {
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
		},
	);
	return (response.json ?? {}) as IDataObject;
}

interface KeyCrmPage {
	data?: IDataObject[];
	next_page_url?: string | null;
	current_page?: number;
}

/** Reads a paginated list at 50 per page until `next_page_url` is null, paced to the key's limit. */
export async function keyCrmListAll(
	ctx: TransportContext,
	connection: KeyCrmConnection,
	path: string,
	qs: IDataObject = {},
	options: { limit?: number; pageSize?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const pageSize = Math.min(options.pageSize ?? KEYCRM_MAX_PAGE_SIZE, KEYCRM_MAX_PAGE_SIZE);
	return await collectPages<IDataObject, number>(
		1,
		async (page) => {
			const reply = (await keyCrmRequest(ctx, connection, {
				method: 'GET',
				path,
				qs: { ...qs, page, limit: pageSize },
				itemIndex: options.itemIndex,
			})) as KeyCrmPage;
			const current = Number(reply.current_page ?? page);
			return { items: reply.data ?? [], next: reply.next_page_url ? current + 1 : undefined };
		},
		options.limit,
	);
}
