import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { collectPages } from '../../common/pagination';
import {
	sendRequest,
	type ServiceFailure,
	type ServiceProfile,
	type TransportContext,
	type TransportResponse,
} from '../../common/transport';
import { getCachedMetadata } from '../odata/metadataCache';
import type { MetadataModel } from '../odata/model';
import { buildUrl, type ODataQuery, serviceRoot } from '../odata/url';

export const BAS_CREDENTIAL = 'basODataApi';

export type BasPreset = 'unf' | 'ut' | 'erp' | 'bp' | 'custom';

/** One BAS publication as the credentials describe it. */
export interface BasConnection {
	/** `…/odata/standard.odata` */
	root: string;
	timeZone: string;
	preset: BasPreset;
	/** identifies the base and user for per-process caches */
	cacheKey: string;
}

export async function getBasConnection(ctx: TransportContext): Promise<BasConnection> {
	const credentials = await ctx.getCredentials(BAS_CREDENTIAL);
	const root = serviceRoot(String(credentials.url ?? ''));
	return {
		root,
		timeZone: String(credentials.timeZone || 'Europe/Kyiv'),
		preset: (credentials.preset as BasPreset) ?? 'custom',
		cacheKey: `${root}|${String(credentials.user ?? '')}`,
	};
}

interface ODataErrorBody {
	'odata.error'?: { code?: string | number; message?: { value?: string } | string };
}

/** `odata.error` in JSON, `<m:error>` in XML, or the start of whatever else came back. */
function readODataError(response: TransportResponse): { code?: string; message?: string } {
	const body = response.json as ODataErrorBody | undefined;
	const error = body?.['odata.error'];
	if (error) {
		const message = typeof error.message === 'string' ? error.message : error.message?.value;
		return { code: error.code === undefined ? undefined : String(error.code), message };
	}
	const xmlCode = /<(?:\w+:)?code>([^<]*)<\/(?:\w+:)?code>/.exec(response.text)?.[1];
	const xmlMessage = /<(?:\w+:)?message[^>]*>([^<]*)<\/(?:\w+:)?message>/.exec(response.text)?.[1];
	if (xmlCode !== undefined || xmlMessage !== undefined) return { code: xmlCode, message: xmlMessage };
	return {};
}

function contentType(response: TransportResponse): string {
	return String(response.headers['content-type'] ?? '').toLowerCase();
}

/** Translates 1C replies into failures; also catches the HTML login or error pages a web server sends with 200. */
function basFailure(response: TransportResponse, expect: 'json' | 'xml'): ServiceFailure | undefined {
	const { statusCode } = response;
	if (statusCode >= 200 && statusCode < 300) {
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
	const { code, message } = readODataError(response);
	const text =
		message ??
		response.text
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 300);
	const failure: ServiceFailure = {
		message: code !== undefined ? `${text || 'error'} (1C error code ${code})` : text || `HTTP ${statusCode}`,
		code,
	};
	if (statusCode === 401 || statusCode === 403) {
		failure.detail =
			'1C refused the user: check the user name and password, and that the user has the rights to this object (a role for OData access and rights to read or post it).';
		failure.retryable = false;
	} else if (statusCode === 406) {
		// the publication's OData session pool is exhausted; it frees up within seconds
		failure.retryable = true;
		failure.detail = 'The OData session pool of the publication is busy (HTTP 406).';
	} else if (code === '-1') {
		// a business exception (posting checks, closed period): repeating changes nothing
		failure.retryable = false;
	}
	return failure;
}

function basProfile(expect: 'json' | 'xml'): ServiceProfile {
	return { service: 'BAS', credentialType: BAS_CREDENTIAL, readFailure: (response) => basFailure(response, expect) };
}

export interface BasRequest {
	method: IHttpRequestMethods;
	/** resource path under the service root, already built with `resourcePath` */
	path: string;
	query?: ODataQuery;
	body?: IDataObject;
	idempotent?: boolean;
	itemIndex?: number;
}

/** One OData call; returns the parsed JSON reply (undefined for empty replies). */
export async function basRequest(
	ctx: TransportContext,
	connection: BasConnection,
	request: BasRequest,
): Promise<unknown> {
	const response = await sendRequest(ctx, basProfile('json'), {
		method: request.method,
		url: buildUrl(connection.root, request.path, request.query),
		body: request.body,
		headers: { Accept: 'application/json' },
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
	});
	return response.json;
}

export interface ServiceDocumentEntry {
	name: string;
	url: string;
}

/** The list of published objects. */
export async function basServiceDocument(
	ctx: TransportContext,
	connection: BasConnection,
): Promise<ServiceDocumentEntry[]> {
	const reply = (await basRequest(ctx, connection, { method: 'GET', path: '' })) as { value?: ServiceDocumentEntry[] };
	return reply?.value ?? [];
}

/** The publication's `$metadata`, parsed once per base and user and kept in memory for a while. */
export async function basMetadata(ctx: TransportContext, connection: BasConnection): Promise<MetadataModel> {
	return await getCachedMetadata(connection.cacheKey, async () => {
		const response = await sendRequest(ctx, basProfile('xml'), {
			method: 'GET',
			url: buildUrl(connection.root, '$metadata', undefined, 'none'),
			headers: { Accept: 'application/xml' },
		});
		return response.text;
	});
}

export interface BasListOptions {
	/** rows per request */
	pageSize?: number;
	/** stop after this many rows; undefined reads everything */
	limit?: number;
	itemIndex?: number;
}

/**
 * Reads a whole collection page by page with `$top`/`$skip`. Paging is only stable with a total
 * order, so the query's `$orderby` must end in a unique field (Ref_Key for catalogs and documents);
 * when it has none, Ref_Key is used.
 */
export async function basListAll(
	ctx: TransportContext,
	connection: BasConnection,
	path: string,
	query: ODataQuery = {},
	options: BasListOptions = {},
): Promise<IDataObject[]> {
	const pageSize = options.pageSize ?? 1000;
	const orderBy = query.orderBy?.length ? query.orderBy : ['Ref_Key'];
	return await collectPages<IDataObject, number>(
		0,
		async (skip) => {
			const top = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - skip);
			const reply = (await basRequest(ctx, connection, {
				method: 'GET',
				path,
				query: { ...query, orderBy, top, skip, inlineCount: false },
				itemIndex: options.itemIndex,
			})) as { value?: IDataObject[] };
			const items = reply?.value ?? [];
			return { items, next: items.length < top ? undefined : skip + items.length };
		},
		options.limit,
	);
}
