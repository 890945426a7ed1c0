/** How a transport retries: exponential backoff with jitter, capped; a server's Retry-After wins. */
export interface RetryPolicy {
	/** attempts after the first one */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** the longest Retry-After (or pacing wait) accepted before giving up with a clear error */
	maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	retries: 4,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
	maxWaitMs: 120_000,
};

/** Network failures worth another attempt: the request may never have reached the server. */
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
]);

export function isTransientNetworkError(error: unknown): boolean {
	const code = networkErrorCode(error);
	if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
	const e = error as { message?: string; cause?: { message?: string } } | undefined;
	return /socket hang up|timeout of \d+ms exceeded/i.test(`${e?.message ?? ''} ${e?.cause?.message ?? ''}`);
}

/** Failures before a connection existed: the server never saw the request, so resending cannot duplicate anything. */
const NOT_DELIVERED_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** The error's code, also when n8n wrapped the network error into a NodeApiError (then it is on `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
	const code = e?.cause?.code ?? e?.code;
	return typeof code === 'string' ? code : undefined;
}

export function wasNotDelivered(error: unknown): boolean {
	const code = networkErrorCode(error);
	return code !== undefined && NOT_DELIVERED_CODES.has(code);
}

/**
 * Whether a request that failed without any reply may be sent again. A refused connection never
 * reached the server, so anything may be resent; after a reset or a timeout the server may
 * already have acted, so only what is safe to repeat (`idempotent`) is.
 */
export function mayRepeatAfterNetworkError(error: unknown, idempotent: boolean): boolean {
	return wasNotDelivered(error) || (idempotent && isTransientNetworkError(error));
}

/** 429 and 5xx other than 501 (not implemented) are worth retrying. */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || (status >= 500 && status !== 501);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number') return Math.max(0, text * 1000);
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.max(0, Number(text) * 1000);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before retry number `attempt` (1-based): full jitter over an exponential ceiling. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
