/**
 * Query engine of the sandbox BAS publication: 1C's `$filter` dialect, `$orderby`, `$select`,
 * `$top`/`$skip`/`$inlinecount`, applied to entities held as plain JSON. No I/O.
 */
export type * from './ast';
export {
	odataErrorBody,
	ODataQueryError,
	QUERY_ERROR_CODES,
	type QueryErrorCode,
	propertyNotFoundError,
} from './errors';
export {
	createResolver,
	defaultResolve,
	type Entity,
	evaluateExpression,
	evaluateFilter,
	type PathResolver,
	type QueryContext,
} from './evaluate';
export { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './functions';
export {
	applyQuery,
	applySelect,
	type ApplySelectOptions,
	compareRows,
	type OrderByItem,
	parseInlineCount,
	parseOrderBy,
	parsePagingValue,
	parseSelect,
	PRESENTATION_SUFFIX,
	type QueryOptions,
	type QueryResult,
	type SelectClause,
} from './options';
export { parseFilter } from './parser';
export type { StringComparison } from './values';
