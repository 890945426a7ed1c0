/**
 * What the SalesDrive list endpoints (orders, payments, fiscal receipts) share: `page` and
 * `limit`, the `{data, pagination, totals}` reply and `{from, to}` datetime filters.
 */
import { SalesDriveInputError } from './model';
import { objectOf, positiveInt, type QueryObject } from './query';
import { normalizeDateTime } from './time';

/** Largest page of every list endpoint. */
export const MAX_PAGE_SIZE = 100;

export interface Pagination {
	currentPage: number;
	pageCount: number;
	perPage: number;
}

export interface ListResult<T> {
	data: T[];
	pagination: Pagination;
	totals: Record<string, number>;
}

/** `{from, to}` of a date filter, normalized; a malformed bound is the caller's error. */
export function dateRange(value: unknown, what: string): { from?: string; to?: string } {
	const range = objectOf(value);
	if (!range) return {};
	const result: { from?: string; to?: string } = {};
	for (const bound of ['from', 'to'] as const) {
		const raw = range[bound];
		if (raw === undefined || raw === '') continue;
		const normalized = normalizeDateTime(raw, bound === 'to');
		if (!normalized) {
			throw new SalesDriveInputError(
				`${what}[${bound}]: expected "YYYY-MM-DD HH:MM:SS", got ${JSON.stringify(raw)}`,
				400,
			);
		}
		result[bound] = normalized;
	}
	return result;
}

/** `page` and `limit` (at most 100; larger values are cut to 100) over a filtered list. */
export function paginate<T>(
	items: T[],
	query: QueryObject,
	defaultLimit: number,
): { items: T[]; pagination: Pagination } {
	const perPage = Math.min(positiveInt(query.limit, defaultLimit), MAX_PAGE_SIZE);
	const currentPage = positiveInt(query.page, 1);
	const start = (currentPage - 1) * perPage;
	return {
		items: items.slice(start, start + perPage),
		pagination: { currentPage, pageCount: Math.ceil(items.length / perPage), perPage },
	};
}
