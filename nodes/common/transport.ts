import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteSingleFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { asNodeError } from './nodeErrors';
import { RateBudgetExhaustedError, type RateLimiter } from './pacing';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	isTransientNetworkError,
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
	/** the input item this request serves, for error messages */
	itemIndex?: number;
	timeoutMs?: number;
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
	retry?: Partial<RetryPolicy>;
	/** returns a failure for replies that are errors (also 200s that carry an error body), else undefined */
	readFailure(response: TransportResponse): ServiceFailure | undefined;
}

const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The request never reached the server, so repeating it cannot duplicate anything. */
function wasNotDelivered(error: unknown): boolean {
	const e = error as { code?: string; cause?: { code?: string } } | undefined;
	const code = e?.code ?? e?.cause?.code;
	return code !== undefined && NOT_DELIVERED_CODES.has(code);
}

function isIdempotent(request: TransportRequest): boolean {
	return request.idempotent ?? request.method !== 'POST';
}

/** "GET https://host/path?x=1" without credentials (all three services keep keys in headers). */
export function describeRequest(request: Pick<TransportRequest, 'method' | 'url' | 'qs'>): string {
	const url = new URL(request.url);
	for (const [key, value] of Object.entries(request.qs ?? {})) {
		if (value !== undefined) url.searchParams.append(key, String(value));
	}
	return `${request.method} ${decodeURI(url.toString())}`;
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
	};
	if (request.body !== undefined && typeof request.body !== 'string') {
		options.body = JSON.stringify(request.body);
		options.headers = { 'Content-Type': 'application/json; charset=utf-8', ...request.headers };
	}

	for (let attempt = 0; ; attempt++) {
		if (profile.limiter) {
			try {
				await profile.limiter.acquire(policy.maxWaitMs);
			} catch (error) {
				if (error instanceof RateBudgetExhaustedError) {
					throw failure(ctx, profile, request, { message: error.message, rateLimited: true }, 429, attempt);
				}
				throw asNodeError(ctx.getNode(), error, request.itemIndex);
			}
		}

		let response: TransportResponse;
		try {
			const raw = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, profile.credentialType, options)) as {
				statusCode: number;
				headers: IDataObject;
				body: unknown;
			};
			const text = asText(raw.body);
			response = { statusCode: raw.statusCode, headers: raw.headers ?? {}, text, json: parseJsonText(text) };
		} catch (error) {
			const canRepeat = wasNotDelivered(error) || (isTransientNetworkError(error) && isIdempotent(request));
			if (canRepeat && attempt < policy.retries) {
				await sleep(backoffDelay(attempt + 1, policy));
				continue;
			}
			const e = error as { message?: string; code?: string };
			throw failure(ctx, profile, request, { message: e.message ?? String(error), code: e.code }, undefined, attempt);
		}

		const problem = profile.readFailure(response);
		if (!problem) return response;

		const rateLimited = problem.rateLimited ?? response.statusCode === 429;
		const retryable = rateLimited || (problem.retryable ?? isRetryableStatus(response.statusCode));
		if (retryable && (rateLimited || isIdempotent(request)) && attempt < policy.retries) {
			const asked = parseRetryAfter(headerValue(response.headers, 'retry-after'));
			const waitMs = asked ?? backoffDelay(attempt + 1, policy);
			if (waitMs <= policy.maxWaitMs) {
				if (rateLimited) profile.limiter?.pauseUntil(Date.now() + waitMs);
				if (!profile.limiter || !rateLimited) await sleep(waitMs);
				continue;
			}
		}
		throw failure(ctx, profile, request, { ...problem, rateLimited }, response.statusCode, attempt, response);
	}
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
		message: `${profile.service} ${status}${tries}: ${problem.message}`,
		description: [problem.detail, `Request: ${where}`].filter(Boolean).join('\n'),
		httpCode: statusCode !== undefined ? String(statusCode) : undefined,
		itemIndex: request.itemIndex,
	});
}
