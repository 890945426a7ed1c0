import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * One request as a sandbox saw it, so tests and benchmarks can assert what a client really sent
 * and count requests the way the service does (by arrival).
 */
export interface RecordedRequest {
	/** when the request arrived (epoch ms), before any fault latency or handling */
	at: number;
	method: string;
	/** path and query, percent-decoded (Cyrillic readable) */
	url: string;
	/** header values by lower-case name; secrets (see SECRET_HEADERS) read `***` */
	headers: Record<string, string>;
	/**
	 * The body once parsed: an object for JSON or form posts, a string for other text; secret keys
	 * (see SECRET_BODY_KEYS) read `***`. Absent for requests without a body and for requests
	 * answered before their body was read (a fault reply, a refusal in an `onRequest` hook).
	 */
	body?: unknown;
	/** the authenticated user or key holder, when there was one */
	principal?: string;
	/** the status answered; absent while the request is still being handled (or hangs) */
	status?: number;
	/** when the answer was sent (epoch ms) */
	answeredAt?: number;
}

const MASK = '***';

/** Headers that carry credentials; their values are never kept. */
export const SECRET_HEADERS = new Set([
	'authorization',
	'proxy-authorization',
	'x-api-key',
	'cookie',
	'set-cookie',
	'form-api-key',
	'account-api-key',
	'x-auth-token',
]);

/** Top-level body keys that carry credentials (SalesDrive's legacy `form` key, passwords). */
export const SECRET_BODY_KEYS = new Set(['form', 'password', 'apiKey', 'api_key']);

const RECORD = Symbol('recordedRequest');

type WithRecord = FastifyRequest & { [RECORD]?: RecordedRequest };

/** When `request` arrived (epoch ms), as the request log has it; now for unrecorded requests. */
export function arrivalOf(request: FastifyRequest): number {
	return (request as WithRecord)[RECORD]?.at ?? Date.now();
}

function maskedHeaders(request: FastifyRequest): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value === undefined) continue;
		const lower = name.toLowerCase();
		headers[lower] = SECRET_HEADERS.has(lower) ? MASK : Array.isArray(value) ? value.join(', ') : String(value);
	}
	return headers;
}

/** A copy of the parsed body (handlers may change theirs), with secret keys masked. */
function recordedBody(body: unknown): unknown {
	if (body === undefined || body === null) return undefined;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (typeof body !== 'object') return body;
	const copy = structuredClone(body) as Record<string, unknown>;
	if (!Array.isArray(copy)) for (const key of Object.keys(copy)) if (SECRET_BODY_KEYS.has(key)) copy[key] = MASK;
	return copy;
}

function decodedUrl(url: string): string {
	try {
		return decodeURIComponent(url);
	} catch {
		// keep the raw form when it is not valid percent-encoding
		return url;
	}
}

/**
 * Logs every request `include` accepts, in arrival order: the entry is made when the request
 * arrives (register this before other `onRequest` hooks), the body added once parsed, and the
 * principal and status when the answer goes out.
 */
export function recordRequests(
	app: FastifyInstance,
	include: (request: FastifyRequest) => boolean = () => true,
): RecordedRequest[] {
	const requests: RecordedRequest[] = [];
	app.addHook('onRequest', async (request) => {
		if (!include(request)) return;
		const entry: RecordedRequest = {
			at: Date.now(),
			method: request.method,
			url: decodedUrl(request.url),
			headers: maskedHeaders(request),
		};
		(request as WithRecord)[RECORD] = entry;
		requests.push(entry);
	});
	app.addHook('preHandler', async (request) => {
		const entry = (request as WithRecord)[RECORD];
		if (!entry) return;
		const body = recordedBody(request.body);
		if (body !== undefined) entry.body = body;
	});
	app.addHook('onResponse', async (request, reply) => {
		const entry = (request as WithRecord)[RECORD];
		if (!entry) return;
		entry.principal = (request as { principal?: string }).principal;
		entry.status = reply.statusCode;
		entry.answeredAt = Date.now();
	});
	return requests;
}
