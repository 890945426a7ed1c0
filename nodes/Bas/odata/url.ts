import { Filter, literal, Literal } from './filter';
import { ODataLiteralError, odataName } from './literals';

/** Path of 1C's standard OData interface under a publication. */
export const STANDARD_ODATA_PATH = '/odata/standard.odata';

/** `https://host/base` (or with /odata/standard.odata already on it) → the service root. */
export function serviceRoot(publicationUrl: string): string {
	const trimmed = publicationUrl.trim().replace(/\/+$/, '');
	if (!URL.canParse(trimmed)) {
		throw new ODataLiteralError(`"${publicationUrl}" is not a valid publication URL`, publicationUrl);
	}
	if (!/^https?:$/.test(new URL(trimmed).protocol)) {
		throw new ODataLiteralError(`"${publicationUrl}" must start with http:// or https://`, publicationUrl);
	}
	return trimmed.endsWith(STANDARD_ODATA_PATH) ? trimmed : `${trimmed}${STANDARD_ODATA_PATH}`;
}

// OData punctuation that must reach 1C literally inside path segments (keys, function parameters)
const KEEP_IN_PATH: Array<[RegExp, string]> = [
	[/%3A/g, ':'],
	[/%2C/g, ','],
	[/%3D/g, '='],
	[/%24/g, '$'],
	[/%40/g, '@'],
	[/%2F/g, '/'],
];

function encodeKeeping(text: string, keep: Array<[RegExp, string]>): string {
	let encoded = encodeURIComponent(text);
	for (const [pattern, plain] of keep) encoded = encoded.replace(pattern, plain);
	return encoded;
}

/** Percent-encodes UTF-8 (Cyrillic names, spaces) and leaves OData punctuation as is. */
export function encodeODataText(text: string): string {
	return encodeKeeping(text, KEEP_IN_PATH);
}

// in a query value `=` and `&` must stay encoded; the rest stays readable
const KEEP_IN_QUERY = KEEP_IN_PATH.filter(([, plain]) => plain !== '=');

function encodeQueryValue(text: string): string {
	return encodeKeeping(text, KEEP_IN_QUERY);
}

// Types already demand built values; these checks also stop a string or object cast into one.
function literalText(value: Literal): string {
	if (!(value instanceof Literal)) {
		throw new ODataLiteralError('A value must be built with the literal builders', value);
	}
	return value.text;
}

/** `(guid'…')` for a reference object, `(A=…,B=…)` for several key fields. */
export function keyPredicate(key: Literal | Record<string, Literal>): string {
	if (key instanceof Literal) return `(${key.text})`;
	const parts = Object.entries(key).map(([name, value]) => `${odataName(name)}=${literalText(value)}`);
	return `(${parts.join(',')})`;
}

/** Parameters of a bound function: `Balance(Period=datetime'…',Dimensions='A,B')`. */
export function functionCall(name: string, parameters: Record<string, Literal | undefined> = {}): string {
	const parts = Object.entries(parameters)
		.filter((entry): entry is [string, Literal] => entry[1] !== undefined)
		.map(([parameter, value]) => `${odataName(parameter)}=${literalText(value)}`);
	return `${odataName(name)}(${parts.join(',')})`;
}

/**
 * How a `Condition` filter is quoted inside a virtual-table call. 1C's documentation wraps it in
 * single quotes and leaves the inner quotes as they are (`asIs`, the default); some client
 * libraries double them like an ordinary string literal (`doubled`). Which form a given platform
 * release accepts is UNCERTAIN, so it stays a credential setting.
 */
export type ConditionQuoting = 'asIs' | 'doubled';

export function conditionLiteral(filter: Filter, quoting: ConditionQuoting = 'asIs'): Literal {
	return literal.condition(filter, quoting);
}

/** A resource path: set, optional key, then navigation or function segments, each encoded. */
export function resourcePath(
	entitySet: string,
	key?: Literal | Record<string, Literal>,
	...segments: string[]
): string {
	const head = encodeODataText(odataName(entitySet)) + (key ? encodeODataText(keyPredicate(key)) : '');
	return [head, ...segments.map(encodeODataText)].join('/');
}

export interface ODataQuery {
	/** built with the filter builders; hand-written text only through `unsafeFilterText` */
	filter?: Filter;
	select?: string[];
	expand?: string[];
	orderBy?: string[];
	top?: number;
	skip?: number;
	/** `$inlinecount=allpages` — 1C then ignores $top/$skip, so never combine it with paging */
	inlineCount?: boolean;
	/** only rows the user may read (1C returns an access error otherwise when RLS hides some) */
	allowedOnly?: boolean;
	/** further parameters, e.g. virtual-table parameters passed as query options */
	extra?: Record<string, string>;
}

function nonNegativeInteger(name: string, value: number): string {
	if (!Number.isInteger(value) || value < 0)
		throw new ODataLiteralError(`${name} must be a whole number ≥ 0, got ${value}`, value);
	return String(value);
}

/** The query string, always asking for JSON (1C answers Atom XML otherwise). */
export function queryString(query: ODataQuery = {}, format: 'json' | 'none' = 'json'): string {
	const parts: string[] = [];
	const add = (name: string, value: string) => parts.push(`${name}=${encodeQueryValue(value)}`);
	if (format === 'json') add('$format', 'json');
	if (query.filter !== undefined) {
		if (!(query.filter instanceof Filter)) {
			throw new ODataLiteralError('A $filter must be built with the filter builders', query.filter);
		}
		add('$filter', query.filter.text);
	}
	if (query.select?.length) add('$select', query.select.join(','));
	if (query.expand?.length) add('$expand', query.expand.join(','));
	if (query.orderBy?.length) add('$orderby', query.orderBy.join(','));
	if (query.top !== undefined) add('$top', nonNegativeInteger('$top', query.top));
	if (query.skip !== undefined) add('$skip', nonNegativeInteger('$skip', query.skip));
	if (query.inlineCount) add('$inlinecount', 'allpages');
	if (query.allowedOnly) add('allowedOnly', 'true');
	for (const [name, value] of Object.entries(query.extra ?? {})) add(encodeQueryValue(name), value);
	return parts.join('&');
}

export function buildUrl(root: string, path: string, query?: ODataQuery, format: 'json' | 'none' = 'json'): string {
	const qs = queryString(query, format);
	const base = path === '' ? root : `${root}/${path}`;
	return qs ? `${base}?${qs}` : base;
}
