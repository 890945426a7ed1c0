import type { ServiceFailure, TransportResponse } from '../../common/transport';
import { isRetryableStatus } from '../../common/retry';

interface ODataErrorBody {
	'odata.error'?: { code?: string | number; message?: { value?: string } | string };
}

function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

// an XML reply whose root element is an error: `<?xml …?><m:error xmlns:m="…">`
const XML_ERROR_ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:\w+:)?error[\s>]/;

/**
 * `odata.error` in JSON, `<m:error>` in XML; undefined when the reply carries neither. A reply
 * with a success status counts only when the error is the whole body, not text inside data.
 */
function readODataError(response: TransportResponse): { code?: string; message?: string } | undefined {
	if (response.json !== undefined) {
		const body = response.json as ODataErrorBody | null;
		const error = body !== null && typeof body === 'object' ? body['odata.error'] : undefined;
		if (!error) return undefined;
		const message = typeof error.message === 'string' ? error.message : error.message?.value;
		return { code: error.code === undefined ? undefined : String(error.code), message };
	}
	if (isSuccess(response.statusCode) && !XML_ERROR_ROOT.test(response.text)) return undefined;
	const code = /<(?:\w+:)?code>([^<]*)<\/(?:\w+:)?code>/.exec(response.text)?.[1];
	const message = /<(?:\w+:)?message[^>]*>([^<]*)<\/(?:\w+:)?message>/.exec(response.text)?.[1];
	return code !== undefined || message !== undefined ? { code, message } : undefined;
}

/**
 * 1C's own error codes that no repetition can fix: -1 is an exception in the configuration's code
 * (posting checks, closed period), 0–21 are the OData interface refusing the request itself (bad
 * URL, unknown object or property, malformed query, access rights).
 */
export function isPermanent1CCode(code: string | undefined): boolean {
	if (code === undefined || !/^-?\d+$/.test(code.trim())) return false;
	const value = Number(code);
	return value === -1 || (value >= 0 && value <= 21);
}

/**
 * Whether another attempt may succeed. A 1C error code or a refused user (401, 403) is final; a
 * busy session pool (406 without a code), a gateway (502, 503, 504) and a 500 that carries no 1C
 * code are transient: such a 500 comes from the platform or web server around the configuration
 * (a restarting working process, a lost cluster connection, a licence not yet freed), while
 * every refusal by the configuration or the OData interface carries a code.
 */
export function isTransient1CFailure(statusCode: number, code: string | undefined): boolean {
	if (statusCode === 401 || statusCode === 403) return false;
	if (isPermanent1CCode(code)) return false;
	if (statusCode === 406) return true;
	if (isSuccess(statusCode)) return false;
	return isRetryableStatus(statusCode);
}

function contentType(response: TransportResponse): string {
	return String(response.headers['content-type'] ?? '').toLowerCase();
}

/**
 * Translates 1C replies into failures: error statuses, an `odata.error` even when it came with a
 * success status (an error must never pass for data), and the HTML login or error pages a web
 * server sends with 200.
 */
export function basFailure(response: TransportResponse, expect: 'json' | 'xml'): ServiceFailure | undefined {
	const { statusCode } = response;
	const error = readODataError(response);
	if (isSuccess(statusCode) && !error) {
		if (statusCode === 204 || response.text === '') return undefined;
		if (expect === 'json' && response.json === undefined) {
			const kind =
				contentType(response).includes('html') || /^\s*</.test(response.text) ? 'an HTML/XML page' : 'something else';
			return {
				message: `expected JSON from the OData interface but got ${kind}`,
				detail:
					'Check the publication URL (the part before /odata/standard.odata), that the standard OData interface is published, and the user and password.',
				retryable: false,
			};
		}
		return undefined;
	}
	const code = error?.code;
	const text =
		error?.message ??
		response.text
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 300);
	const failure: ServiceFailure = {
		message: code !== undefined ? `${text || 'error'} (1C error code ${code})` : text || `HTTP ${statusCode}`,
		code,
		retryable: isTransient1CFailure(statusCode, code),
	};
	if (statusCode === 401 || statusCode === 403) {
		failure.detail =
			'1C refused the user: check the user name and password, and that the user has the rights to this object (a role for OData access and rights to read or post it).';
	} else if (statusCode === 406 && failure.retryable) {
		failure.detail = 'The OData session pool of the publication is busy (HTTP 406).';
	}
	return failure;
}
