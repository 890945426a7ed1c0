/**
 * SalesDrive is a PHP service: query strings (and form-encoded bodies) use PHP's bracket
 * notation, `filter[updateAt][from]=…`, `filter[statusId][]=1&filter[statusId][]=2`, or with
 * indices as n8n's request helper writes arrays (`filter[statusId][0]=1`). Fastify's parser keeps
 * such keys flat, so the sandbox reads the raw string itself.
 */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryObject = { [key: string]: QueryValue };

/** `a[b][]` → ['a', 'b', '']; a key without (well-formed) brackets is one segment. */
function keySegments(key: string): string[] {
	const open = key.indexOf('[');
	if (open <= 0) return [key];
	const segments = [key.slice(0, open)];
	const pattern = /\[([^\]]*)\]/g;
	let match: RegExpExecArray | null;
	let end = open;
	while ((match = pattern.exec(key)) !== null && match.index === end) {
		segments.push(match[1]);
		end = pattern.lastIndex;
	}
	return segments;
}

const isIndex = (segment: string) => segment === '' || /^\d+$/.test(segment);

function assign(target: QueryObject | QueryValue[], segments: string[], value: string): void {
	const [head, ...rest] = segments;
	const container = target as Record<string, QueryValue>;
	// `[]` appends: the next position of an array, or the next number key of an object
	const key = head === '' ? String(Array.isArray(target) ? target.length : Object.keys(target).length) : head;
	if (rest.length === 0) {
		container[key] = value;
		return;
	}
	let child = container[key];
	if (child === undefined || typeof child === 'string') {
		child = isIndex(rest[0]) ? [] : {};
		container[key] = child;
	} else if (Array.isArray(child) && !isIndex(rest[0])) {
		// mixed `a[]=1&a[x]=2`: keep both under an object keyed by position and name
		child = { ...child };
		container[key] = child;
	}
	assign(child, rest, value);
}

/** Parses `a=1&filter[id][from]=5&filter[statusId][]=1` into nested objects and arrays. */
export function parseBracketQuery(search: string): QueryObject {
	const result: QueryObject = {};
	const text = search.startsWith('?') ? search.slice(1) : search;
	for (const [key, value] of new URLSearchParams(text)) {
		if (key === '') continue;
		assign(result, keySegments(key), value);
	}
	return result;
}

/** The query string of a raw request URL, parsed. */
export function queryOfUrl(url: string): QueryObject {
	const mark = url.indexOf('?');
	return mark < 0 ? {} : parseBracketQuery(url.slice(mark + 1));
}

/** A single value, a `[]` list or an indexed object, as a list of strings. */
export function listOf(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.flatMap((item) => listOf(item));
	if (typeof value === 'object') return Object.values(value as object).flatMap((item) => listOf(item));
	return [String(value)];
}

/** The nested object at `value` (e.g. `{from, to}`), or undefined when it is a plain value. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/** A positive integer from a query value, else the fallback. */
export function positiveInt(value: unknown, fallback: number): number {
	const number = Number(Array.isArray(value) ? value[0] : value);
	return Number.isInteger(number) && number > 0 ? number : fallback;
}
