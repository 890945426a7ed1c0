import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Semaphore } from '../../common/concurrency';
import { credentialKey } from '../../common/credentialKey';
import { asNodeError } from '../../common/nodeErrors';
import { failureForItem, sendRequest, type ServiceProfile, type TransportContext } from '../../common/transport';
import { getCachedMetadata } from '../odata/metadataCache';
import type { MetadataModel } from '../odata/model';
import { buildUrl, type ConditionQuoting, type ODataQuery, serviceRoot } from '../odata/url';
import { basFailure } from './failures';

export const BAS_CREDENTIAL = 'basODataApi';

export type BasPreset = 'unf' | 'ut' | 'erp' | 'bp' | 'custom';

/** One BAS publication as the credentials describe it. */
export interface BasConnection {
	/** `…/odata/standard.odata` */
	root: string;
	timeZone: string;
	preset: BasPreset;
	/** how a virtual table's Condition is quoted (`conditionLiteral`) */
	conditionQuoting: ConditionQuoting;
	/** identifies the base, user and password (hashed) for per-process caches: a wrong password never sees what a right one loaded */
	cacheKey: string;
	/** the credential's "Ignore SSL Issues", applied to every request */
	ignoreSslIssues: boolean;
	/** places for requests in flight to this publication as this user, shared by every execution in the process */
	concurrency: Semaphore;
	/** the longest URL a look-up may send (the credential's "Max URL Length"); longer `or` chains are split */
	maxUrlLength: number;
}

/** IIS in front of 1C refuses query strings over 2,048 bytes by default; 2,000 leaves room for the path. */
export const DEFAULT_MAX_URL_LENGTH = 2000;

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

/**
 * Per publication and user: each request in flight takes one of the publication's OData sessions
 * (and a licence), so parallel executions must share one cap rather than each having their own.
 */
const concurrencyByPublication = new Map<string, Semaphore>();

function publicationConcurrency(key: string, maxConcurrentRequests: number): Semaphore {
	let semaphore = concurrencyByPublication.get(key);
	if (semaphore) semaphore.setLimit(maxConcurrentRequests);
	else concurrencyByPublication.set(key, (semaphore = new Semaphore(maxConcurrentRequests)));
	return semaphore;
}

export async function getBasConnection(ctx: TransportContext): Promise<BasConnection> {
	const credentials = await ctx.getCredentials(BAS_CREDENTIAL);
	const root = serviceRoot(String(credentials.url ?? ''));
	const user = String(credentials.user ?? '');
	const maxConcurrentRequests = Number(credentials.maxConcurrentRequests) || DEFAULT_MAX_CONCURRENT_REQUESTS;
	return {
		root,
		timeZone: String(credentials.timeZone || 'Europe/Kyiv'),
		preset: (credentials.preset as BasPreset) ?? 'custom',
		conditionQuoting: credentials.conditionQuoting === 'doubled' ? 'doubled' : 'asIs',
		cacheKey: credentialKey(`${root}|${user}`, String(credentials.password ?? '')),
		ignoreSslIssues: credentials.ignoreSslIssues === true,
		concurrency: publicationConcurrency(`${root}|${user}`, maxConcurrentRequests),
		maxUrlLength: Number(credentials.maxUrlLength) || DEFAULT_MAX_URL_LENGTH,
	};
}

function basProfile(connection: BasConnection, expect: 'json' | 'xml'): ServiceProfile {
	return {
		service: 'BAS',
		credentialType: BAS_CREDENTIAL,
		concurrency: connection.concurrency,
		readFailure: (response) => basFailure(response, expect),
		unknownOutcomeHint: 'look for the object in BAS (Create or Update finds it by its key)',
	};
}

/** Large publications take minutes to generate `$metadata` on the first call after a restart. */
export const METADATA_TIMEOUT_MS = 5 * 60_000;

export interface BasRequest {
	method: IHttpRequestMethods;
	/** resource path under the service root, already built with `resourcePath` */
	path: string;
	query?: ODataQuery;
	body?: IDataObject;
	idempotent?: boolean;
	itemIndex?: number;
	timeoutMs?: number;
}

/** One OData call; returns the parsed JSON reply (undefined for empty replies). */
export async function basRequest(
	ctx: TransportContext,
	connection: BasConnection,
	request: BasRequest,
): Promise<unknown> {
	try {
		const response = await sendRequest(ctx, basProfile(connection, 'json'), {
			method: request.method,
			url: buildUrl(connection.root, request.path, request.query),
			body: request.body,
			headers: { Accept: 'application/json' },
			idempotent: request.idempotent,
			itemIndex: request.itemIndex,
			timeoutMs: request.timeoutMs,
			skipSslCertificateValidation: connection.ignoreSslIssues,
		});
		return response.json;
	} catch (error) {
		throw asNodeError(ctx.getNode(), error, request.itemIndex);
	}
}

export interface ServiceDocumentEntry {
	name: string;
	url: string;
}

/** The list of published objects. */
export async function basServiceDocument(
	ctx: TransportContext,
	connection: BasConnection,
	itemIndex?: number,
): Promise<ServiceDocumentEntry[]> {
	const reply = (await basRequest(ctx, connection, { method: 'GET', path: '', itemIndex })) as {
		value?: ServiceDocumentEntry[];
	};
	return reply?.value ?? [];
}

/**
 * The publication's `$metadata`, parsed once per base and credentials and kept in memory for a while.
 * `itemIndex` names the item a failed load stops (the load itself is shared, so it names none).
 */
export async function basMetadata(
	ctx: TransportContext,
	connection: BasConnection,
	itemIndex?: number,
): Promise<MetadataModel> {
	const load = getCachedMetadata(connection.cacheKey, async () => {
		const response = await sendRequest(ctx, basProfile(connection, 'xml'), {
			method: 'GET',
			url: buildUrl(connection.root, '$metadata', undefined, 'none'),
			headers: { Accept: 'application/xml' },
			timeoutMs: METADATA_TIMEOUT_MS,
			skipSslCertificateValidation: connection.ignoreSslIssues,
		});
		return response.text;
	});
	try {
		return await load;
	} catch (error) {
		throw failureForItem(ctx.getNode(), error, itemIndex);
	}
}

export interface BasListOptions {
	/** rows per request */
	pageSize?: number;
	/** stop after this many rows; undefined reads everything */
	limit?: number;
	/**
	 * Fields that identify a row: `Ref_Key` (the default) for catalogs and documents; a register's
	 * record set or virtual table passes its own (e.g. `Recorder` and `LineNumber`, or the dimensions).
	 */
	keyFields?: string[];
	itemIndex?: number;
}

/** `Date desc` → `Date` */
function orderedField(term: string): string {
	return term.trim().replace(/\s+(asc|desc)$/i, '');
}

/**
 * The order made total: paging by `$skip` is only stable when no two rows compare equal, so the
 * key fields the order lacks are appended (an order that holds every key field already is total).
 */
export function totalOrder(orderBy: string[] | undefined, keyFields: string[]): string[] {
	const order = orderBy ?? [];
	const ordered = new Set(order.map(orderedField));
	return [...order, ...keyFields.filter((field) => !ordered.has(field))];
}

/**
 * Reads a collection page by page with `$top`/`$skip` in a total order (see totalOrder). Only an
 * empty page ends it: a proxy or a publication setting may cap pages below `$top`, so a short page
 * proves nothing. Rows that come again (rows inserted before the cursor shift later pages) are
 * dropped by their key.
 */
export async function basListAll(
	ctx: TransportContext,
	connection: BasConnection,
	path: string,
	query: ODataQuery = {},
	options: BasListOptions = {},
): Promise<IDataObject[]> {
	const pageSize = options.pageSize ?? 1000;
	const keyFields = options.keyFields?.length ? options.keyFields : ['Ref_Key'];
	const orderBy = totalOrder(query.orderBy, keyFields);
	// the key must come back to recognise a row seen before
	const select = query.select?.length
		? [...query.select, ...keyFields.filter((field) => !query.select?.includes(field))]
		: undefined;
	const keyOf = (row: IDataObject) =>
		keyFields.some((field) => row[field] === undefined) ? undefined : JSON.stringify(keyFields.map((f) => row[f]));

	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	let skip = 0;
	while (options.limit === undefined || rows.length < options.limit) {
		const top = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - rows.length);
		const reply = (await basRequest(ctx, connection, {
			method: 'GET',
			path,
			query: { ...query, select, orderBy, top, skip, inlineCount: false },
			itemIndex: options.itemIndex,
		})) as { value?: IDataObject[] } | undefined;
		const page = reply?.value ?? [];
		if (page.length === 0) break;
		skip += page.length;
		const before = rows.length;
		for (const row of page) {
			const key = keyOf(row);
			if (key !== undefined && seen.has(key)) continue;
			if (key !== undefined) seen.add(key);
			rows.push(row);
			if (rows.length === options.limit) break;
		}
		if (rows.length === before) {
			// only rows seen before: the server ignores $skip, and reading on would never end
			throw new NodeOperationError(
				ctx.getNode(),
				`BAS sent only rows it had already sent for $skip=${skip - page.length}: it does not page with $skip here`,
				{ itemIndex: options.itemIndex },
			);
		}
	}
	return rows;
}
