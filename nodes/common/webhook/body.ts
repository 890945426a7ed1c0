import type { IDataObject } from 'n8n-workflow';

/** The parts of n8n's webhook request the body reading needs. */
export interface WebhookRequestLike {
	method?: string;
	headers: Record<string, string | string[] | undefined>;
	/** the bytes as they arrived (n8n reads them before the node runs) */
	rawBody?: Buffer;
	/** what n8n parsed from them for JSON, form and text content types */
	body?: unknown;
	/** reads `rawBody` when n8n has not (a node version > 1 and a content type n8n does not parse) */
	readRawBody?: () => Promise<void>;
}

export type BodyReading = { json: IDataObject } | { refusal: { status: number; message: string } };

export const DEFAULT_MAX_BODY_KB = 1024;

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function sizeOf(request: WebhookRequestLike): number {
	if (request.rawBody) return request.rawBody.length;
	const declared = Number(request.headers['content-length']);
	return Number.isFinite(declared) ? declared : 0;
}

/**
 * Makes sure the bytes are there. For trigger versions above 1 n8n reads a body only when its
 * content type is JSON, form, text or XML (and in return skips an expression evaluation per
 * webhook); a CRM posting JSON under another type is read here, unless it declares a size over
 * the limit (then it is refused unread).
 */
export async function loadRawBody(request: WebhookRequestLike, maxBytes: number): Promise<void> {
	if (request.rawBody || typeof request.readRawBody !== 'function' || sizeOf(request) > maxBytes) return;
	await request.readRawBody();
}

/**
 * The JSON object a CRM posted. The raw bytes decide, not n8n's parsing: a CRM that sends JSON
 * as text/plain or with no content type is read the same way, and what is not a JSON object is
 * refused with a message that says why (n8n itself answers 422 to a malformed body it was told
 * is application/json, before any node runs).
 */
export function readJsonBody(request: WebhookRequestLike, maxBytes: number): BodyReading {
	const size = sizeOf(request);
	if (size > maxBytes) {
		return {
			refusal: {
				status: 413,
				message: `The body has ${size} bytes, over this trigger's limit of ${maxBytes} bytes (Options → Max Body Size)`,
			},
		};
	}
	const text = request.rawBody?.toString('utf8').replace(/^\uFEFF/, '') ?? '';
	if (text.trim() === '') {
		if (isObject(request.body) && Object.keys(request.body).length > 0) return { json: request.body };
		return { refusal: { status: 400, message: 'The body is empty; a JSON object was expected' } };
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		return { refusal: { status: 400, message: `The body is not valid JSON: ${(error as Error).message}` } };
	}
	if (!isObject(parsed)) {
		const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
		return { refusal: { status: 400, message: `The body is ${kind}; a JSON object was expected` } };
	}
	return { json: parsed };
}

/**
 * The payload of a GET webhook: its query without the secret. A `context` (or any value) sent
 * as JSON text is parsed, since how a CRM packs an object into a query is not documented.
 */
export function queryPayload(query: IDataObject, secretParameter?: string): IDataObject {
	const payload: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		if (key === secretParameter) continue;
		payload[key] = typeof value === 'string' && /^\s*[[{]/.test(value) ? parseOr(value) : value;
	}
	return payload;
}

function parseOr(text: string): IDataObject[string] {
	try {
		return JSON.parse(text) as IDataObject[string];
	} catch {
		return text;
	}
}
