import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Semaphore } from './concurrency';
import { asNodeError } from './nodeErrors';
import {
	abortableSleep,
	type GrantedSlot,
	RateBudgetExhaustedError,
	type RateLimiter,
	type WaitBudget,
} from './pacing';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	mayRepeatAfterNetworkError,
	networkErrorCode,
	parseRetryAfter,
	type RetryPolicy,
} from './retry';

/** Every n8n context a transport can be called from. */
export type TransportContext =
	| IExecuteFunctions
	| IExecuteSingleFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface TransportRequest {
	method: IHttpRequestMethods;
	/** absolute URL; query strings already encoded where the service needs its own encoding */
	url: string;
	qs?: IDataObject;
	body?: unknown;
	headers?: IDataObject;
	/**
	 * Safe to send again when the first outcome is unknown (timeout, reset, 5xx).
	 * Defaults to true for GET, PUT, PATCH and DELETE; a POST that creates something must not be
	 * repeated blindly, since the server may have acted before the connection broke.
	 */
	idempotent?: boolean;
	/** the input item this request serves: its errors start with `Item N:`; none for dropdowns and credential tests */
	itemIndex?: number;
	timeoutMs?: number;
	/** accept self-signed or otherwise unverifiable certificates (the credential's "Ignore SSL Issues") */
	skipSslCertificateValidation?: boolean;
	/**
	 * Shared by the requests of one Return All: caps what they wait in total (for rate-limit
	 * slots and server-requested pauses) instead of the policy's per-wait maxWaitMs. Running out
	 * throws a NodeOperationError caused by the limiter's RateBudgetExhaustedError, for the caller
	 * to report with its progress.
	 */
	waitBudget?: WaitBudget;
}

export interface TransportResponse {
	statusCode: number;
	headers: IDataObject;
	/** raw text of the reply */
	text: string;
	/** the reply parsed as JSON, when it was JSON */
	json?: unknown;
}

/** What went wrong, in the service's own words. */
export interface ServiceFailure {
	message: string;
	/** the service asked us to slow down */
	rateLimited?: boolean;
	/** worth another attempt (subject to idempotency) */
	retryable?: boolean;
	/** extra detail for the error's description */
	detail?: string;
	code?: string;
}

/** What differs between services; everything else (pacing, retries, error shaping) is shared. */
export interface ServiceProfile {
	/** "SalesDrive", "KeyCRM", "BAS" — used in error messages */
	service: string;
	credentialType: string;
	limiter?: RateLimiter;
	/** caps the requests on the wire at once; waiting for a place is not pacing and counts against no wait limit */
	concurrency?: Semaphore;
	retry?: Partial<RetryPolicy>;
	/** what to check before sending a write again whose reply was lost (e.g. where the object would be found) */
	unknownOutcomeHint?: string;
	/** returns a failure for replies that are errors (also 200s that carry an error body), else undefined */
	readFailure(response: TransportResponse): ServiceFailure | undefined;
}

function isIdempotent(request: TransportRequest): boolean {
	return request.idempotent ?? request.method !== 'POST';
}

// query parameters that carry secrets when someone puts a key into a URL
const SECRET_PARAMETER = /(^|[-_.])(api[-_]?key|apikey|key|token|secret|password|passwd|pwd|signature|sig)$/i;

function readable(text: string): string {
	try {
		return decodeURI(text);
	} catch {
		return text;
	}
}

/** `qs` as the HTTP client sends it, in bracket notation: `filter[status][0]=1`. */
function queryPairs(value: unknown, name: string, pairs: Array<[string, string]>, nested = false): void {
	if (value === undefined || value === null) return;
	if (Array.isArray(value)) {
		value.forEach((entry, index) => queryPairs(entry, nested ? `${name}[${index}]` : `${name}[]`, pairs, true));
	} else if (value instanceof Date) {
		pairs.push([name, value.toISOString()]);
	} else if (typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) queryPairs(entry, `${name}[${key}]`, pairs, true);
	} else {
		pairs.push([name, String(value)]);
	}
}

/**
 * "GET https://host/path?x=1" for error messages: readable (Cyrillic decoded, nested `qs` in
 * bracket notation) and without credentials — no user and password typed into the URL, and the
 * values of parameters named like keys or tokens masked.
 */
export function describeRequest(request: Pick<TransportRequest, 'method' | 'url' | 'qs'>): string {
	const url = new URL(request.url);
	const pairs: Array<[string, string]> = url.search
		.slice(1)
		.split('&')
		.filter(Boolean)
		.map((part) => {
			const equals = part.indexOf('=');
			return equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
		});
	for (const [key, value] of Object.entries(request.qs ?? {})) queryPairs(value, key, pairs);
	const query = pairs
		.map(([name, value]) => {
			// `auth[api_key]` is judged by its last part
			const last = readable(name).replace(/\]$/, '').split('[').pop() ?? '';
			const shown = SECRET_PARAMETER.test(last) ? '***' : readable(value);
			return `${readable(name)}=${shown}`;
		})
		.join('&');
	// origin and pathname leave out any user:password@ typed into the URL
	return `${request.method} ${url.origin}${readable(url.pathname)}${query ? `?${query}` : ''}`;
}

export function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function asText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
	if (ArrayBuffer.isView(body)) return new TextDecoder().decode(body as Uint8Array);
	return JSON.stringify(body);
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return value === undefined ? undefined : String(value);
}

/**
 * Sends one request the way every transport here does: paced by the service's limiter, retried
 * with backoff on 429, 5xx and network failures (repeats only what is safe to repeat), honouring
 * Retry-After, and failing with a NodeApiError that names the status, the service's message and
 * the request.
 */
export async function sendRequest(
	ctx: TransportContext,
	profile: ServiceProfile,
	request: TransportRequest,
): Promise<TransportResponse> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...profile.retry };
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		headers: request.headers,
		body: request.body as IHttpRequestOptions['body'],
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: request.timeoutMs ?? 60_000,
		skipSslCertificateValidation: request.skipSslCertificateValidation === true,
	};
	// text and bytes (a multipart upload) go as they are; anything else as JSON
	if (request.body !== undefined && typeof request.body !== 'string' && !ArrayBuffer.isView(request.body)) {
		options.body = JSON.stringify(request.body);
		options.headers = { 'Content-Type': 'application/json; charset=utf-8', ...request.headers };
	}

	// a cancelled execution ends every wait at once and sends nothing more (n8n-core itself
	// aborts a request in flight with the same signal)
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	const maxWaitMs = () => request.waitBudget?.remainingMs ?? policy.maxWaitMs;
	const pause = async (ms: number) => {
		try {
			await abortableSleep(ms, signal);
		} catch (error) {
			throw asNodeError(ctx.getNode(), error, request.itemIndex);
		}
		request.waitBudget?.spend(ms);
	};

	for (let attempt = 0; ; attempt++) {
		let slot: GrantedSlot | undefined;
		if (profile.limiter) {
			try {
				slot = await profile.limiter.acquireSlot({ maxWaitMs: maxWaitMs(), signal });
				request.waitBudget?.spend(slot.waitedMs);
			} catch (error) {
				// with a wait budget the caller reports running out (the NodeOperationError's cause)
				if (error instanceof RateBudgetExhaustedError && !request.waitBudget) {
					throw failure(ctx, profile, request, { message: error.message, rateLimited: true }, 429, attempt);
				}
				throw asNodeError(ctx.getNode(), error, request.itemIndex);
			}
		}

		if (signal?.aborted) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex: request.itemIndex });
		}

		let response: TransportResponse;
		try {
			const send = async () =>
				(await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, options)) as {
					statusCode: number;
					headers: IDataObject;
					body: unknown;
				};
			const raw = profile.concurrency ? await profile.concurrency.use(send, signal) : await send();
			if (slot) profile.limiter?.settle(slot);
			const text = asText(raw.body);
			response = { statusCode: raw.statusCode, headers: raw.headers ?? {}, text, json: parseJsonText(text) };
		} catch (error) {
			if (slot) profile.limiter?.settle(slot);
			if (mayRepeatAfterNetworkError(error, isIdempotent(request)) && attempt < policy.retries) {
				await pause(backoffDelay(attempt + 1, policy));
				continue;
			}
			const { message = String(error), cause } = error as { message?: string; cause?: { message?: string } };
			const code = networkErrorCode(error);
			// the code goes into the detail: n8n swaps a message naming ECONNREFUSED & co. for a generic text
			const networkDetail = code && `Network error ${code}${cause?.message ? ` (${cause.message})` : ''}`;
			// n8n's text for a lost connection suggests retrying, which would make a create twice
			const unknownOutcome = !isIdempotent(request)
				? `${profile.service} may have carried out this ${request.method} before the connection broke, so it was not sent again: ${profile.unknownOutcomeHint ?? `check ${profile.service} for it`} before sending it once more.`
				: undefined;
			const detail = [unknownOutcome, networkDetail].filter(Boolean).join('\n');
			throw failure(ctx, profile, request, { message, detail: detail || undefined }, undefined, attempt);
		}

		const problem = profile.readFailure(response);
		if (!problem) return response;

		const rateLimited = problem.rateLimited ?? response.statusCode === 429;
		const retryable = rateLimited || (problem.retryable ?? isRetryableStatus(response.statusCode));
		if (retryable && (rateLimited || isIdempotent(request)) && attempt < policy.retries) {
			const asked = parseRetryAfter(headerValue(response.headers, 'retry-after'));
			const waitMs = asked ?? backoffDelay(attempt + 1, policy);
			if (waitMs <= maxWaitMs()) {
				if (rateLimited) profile.limiter?.pauseUntil(Date.now() + waitMs);
				if (!profile.limiter || !rateLimited) await pause(waitMs);
				continue;
			}
		}
		throw failure(ctx, profile, request, { ...problem, rateLimited }, response.statusCode, attempt, response);
	}
}

// n8n shows an item's index only as pairing on the error output, so the text names the item
function itemPrefix(itemIndex: number | undefined): string {
	return itemIndex !== undefined ? `Item ${itemIndex}: ` : '';
}

/**
 * A transport failure of a request shared by several items (a cached `$metadata` load), restated
 * for the item it now stops: a new error, since the shared one reaches other callers as it is.
 */
export function failureForItem(
	node: INode,
	error: unknown,
	itemIndex: number | undefined,
): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError) || itemIndex === undefined || error.context.itemIndex !== undefined) {
		return asNodeError(node, error, itemIndex);
	}
	return new NodeApiError(node, error.errorResponse as JsonObject, {
		message: `${itemPrefix(itemIndex)}${error.message}`,
		description: error.description ?? undefined,
		httpCode: error.httpCode ?? undefined,
		itemIndex,
	});
}

function failure(
	ctx: TransportContext,
	profile: ServiceProfile,
	request: TransportRequest,
	problem: ServiceFailure,
	statusCode: number | undefined,
	attempt: number,
	response?: TransportResponse,
): NodeApiError {
	const where = describeRequest(request);
	const tries = attempt > 0 ? ` after ${attempt + 1} attempts` : '';
	const status = statusCode !== undefined ? `HTTP ${statusCode}` : (problem.code ?? 'no reply');
	const errorResponse: JsonObject = {
		message: problem.message,
		httpCode: statusCode !== undefined ? String(statusCode) : null,
		service: profile.service,
		request: where,
		...(problem.code ? { code: problem.code } : {}),
		...(response ? { responseBody: response.text.slice(0, 2000) } : {}),
	};
	return new NodeApiError(ctx.getNode(), errorResponse, {
		message: `${itemPrefix(request.itemIndex)}${profile.service} ${status}${tries}: ${problem.message}`,
		description: [problem.detail, `Request: ${where}`].filter(Boolean).join('\n'),
		httpCode: statusCode !== undefined ? String(statusCode) : undefined,
		itemIndex: request.itemIndex,
	});
}
