import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { eq, type Filter, literal, or } from '../Bas/odata/filter';
import { buildUrl, type ODataQuery } from '../Bas/odata/url';
import { chunkByUrlLength } from '../Bas/odata/urlChunks';
import { type BasConnection, basListAll } from '../Bas/transport';

const PAGE_SIZE = 1000;

/**
 * The BAS reads of one run, counted: the run report says how many requests were made, and
 * incremental mode is judged by that number staying flat as the catalog grows.
 */
export class BasReader {
	requests = 0;

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly connection: BasConnection,
	) {}

	/** Every row of a collection or virtual table, page by page (basListAll reads until an empty page). */
	async all(path: string, query: ODataQuery, keyFields: string[]): Promise<IDataObject[]> {
		const rows = await basListAll(this.ctx, this.connection, path, query, { pageSize: PAGE_SIZE, keyFields });
		this.requests += Math.floor(rows.length / PAGE_SIZE) + 1;
		return rows;
	}

	/**
	 * Rows whose `field` is one of `refs`, in as few requests as the URL length allows: the
	 * references go into `field eq guid'…' or …` (through `toQuery`, which places the filter in
	 * `$filter` or in a virtual table's Condition).
	 */
	async byRefs(
		refs: string[],
		field: string,
		toQuery: (filter: Filter) => { path: string; query: ODataQuery },
		keyFields: string[],
	): Promise<IDataObject[]> {
		const filterOf = (chunk: string[]) => or(...chunk.map((ref) => eq(field, literal.guid(ref))))!;
		const urlLength = (chunk: string[]) => {
			const { path, query } = toQuery(filterOf(chunk));
			return buildUrl(this.connection.root, path, { ...query, top: PAGE_SIZE, skip: 1_000_000 }).length;
		};
		const rows: IDataObject[] = [];
		for (const chunk of chunkByUrlLength(refs, urlLength, this.connection.maxUrlLength)) {
			const { path, query } = toQuery(filterOf(chunk));
			rows.push(...(await this.all(path, query, keyFields)));
		}
		return rows;
	}
}
