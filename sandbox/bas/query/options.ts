/** `$orderby`, `$select`, `$top`/`$skip`/`$inlinecount`, and the whole query applied to a list of entities. */
import type { FilterNode } from './ast';
import { parseError, propertyNotFoundError } from './errors';
import { type Entity, evaluateExpression, evaluateFilter, type QueryContext } from './evaluate';
import { ExpressionParser, parseFilter } from './parser';
import { sortCompare } from './values';

// ---------------------------------------------------------------- $orderby

export interface OrderByItem {
	expression: FilterNode;
	direction: 'asc' | 'desc';
	/** the property path when the key is a plain path (`Контрагент/ИНН` → ['Контрагент', 'ИНН']) */
	path?: string[];
}

/** `Date desc, Контрагент/ИНН` → keys in order. An empty text gives no keys. */
export function parseOrderBy(text: string): OrderByItem[] {
	const parser = new ExpressionParser(text, '$orderby');
	const items: OrderByItem[] = [];
	if (parser.atEnd()) return items;
	for (;;) {
		const expression = parser.parseExpression();
		let direction: 'asc' | 'desc' = 'asc';
		const token = parser.current;
		// OData spells these lower-case; other spellings are accepted since clients vary (UNCERTAIN for 1C)
		if (token.kind === 'identifier' && /^(asc|desc)$/i.test(token.text)) {
			direction = token.text.toLowerCase() as 'asc' | 'desc';
			parser.advance();
		}
		const item: OrderByItem = { expression, direction };
		if (expression.kind === 'property' && expression.variable === undefined) item.path = expression.path;
		items.push(item);
		if (parser.atEnd()) return items;
		if (!parser.isPunctuation(',')) parser.fail('ожидается "asc", "desc", "," или конец');
		parser.advance();
	}
}

function compareKeys(orderBy: OrderByItem[], left: unknown[], right: unknown[], context: QueryContext): number {
	const mode = context.stringComparison ?? 'ordinal';
	for (let index = 0; index < orderBy.length; index++) {
		const order = sortCompare(left[index], right[index], mode);
		if (order !== 0) return orderBy[index].direction === 'desc' ? -order : order;
	}
	return 0;
}

function sortKeys(orderBy: OrderByItem[], row: Entity, context: QueryContext): unknown[] {
	// a missing property sorts like an empty value rather than failing, unless strict
	return orderBy.map((item) => evaluateExpression(item.expression, row, context));
}

/**
 * Negative, zero or positive like a sort comparator. Empty values (NULL, missing) come first in
 * ascending order, as NULL does in 1C queries; strings compare by code unit (1C uses the DBMS
 * collation — UNCERTAIN).
 */
export function compareRows(orderBy: OrderByItem[], a: Entity, b: Entity, context: QueryContext = {}): number {
	return compareKeys(orderBy, sortKeys(orderBy, a, context), sortKeys(orderBy, b, context), context);
}

// ---------------------------------------------------------------- $select

export const PRESENTATION_SUFFIX = '____Presentation';

export interface SelectClause {
	/** `*`: every property incl. tabular sections; `**`: every property except tabular sections */
	wildcard: 'none' | 'all' | 'allExceptTabular';
	/** properties named at this level, in the order given (`X____Presentation` included) */
	properties: string[];
	/** `TS/Field` (tabular-section columns, `RecordSet/Field`, or fields of an expanded reference) */
	nested: Record<string, SelectClause>;
	/** `*____Presentation`: presentations of all reference attributes */
	allPresentations: boolean;
}

const SELECT_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function emptyClause(): SelectClause {
	return { wildcard: 'none', properties: [], nested: {}, allPresentations: false };
}

/** `*`, `**`, `Field`, `TS/Field`, `X____Presentation`, `*____Presentation`, comma-separated. Empty = everything. */
export function parseSelect(text: string): SelectClause {
	const root = emptyClause();
	if (text.trim() === '') {
		root.wildcard = 'all';
		return root;
	}
	let offset = 0;
	for (const rawItem of text.split(',')) {
		const item = rawItem.trim();
		const position = offset + rawItem.indexOf(item);
		offset += rawItem.length + 1;
		if (item === '') throw parseError('$select', 'пустой элемент списка', position);
		const segments = item.split('/').map((segment) => segment.trim());
		let clause = root;
		for (const segment of segments.slice(0, -1)) {
			if (!SELECT_NAME.test(segment)) throw parseError('$select', `неверное имя "${segment}"`, position);
			clause = clause.nested[segment] ??= emptyClause();
		}
		const last = segments[segments.length - 1];
		if (last === '*') clause.wildcard = 'all';
		else if (last === '**') {
			if (clause.wildcard === 'none') clause.wildcard = 'allExceptTabular';
		} else if (last === `*${PRESENTATION_SUFFIX}`) clause.allPresentations = true;
		else if (SELECT_NAME.test(last)) {
			if (!clause.properties.includes(last)) clause.properties.push(last);
		} else throw parseError('$select', `неверное имя "${last}"`, position);
	}
	return root;
}

export interface ApplySelectOptions {
	/**
	 * Value of `X____Presentation` (property = 'X') or of `Presentation` (property = '') when the
	 * row itself does not carry it; undefined leaves it out. The server decides what it is.
	 */
	presentation?: (row: Entity, property: string) => unknown;
	/** throw error 10 for a selected property the row does not have */
	strict?: boolean;
}

const REFERENCE_COMPANION = /^(.+)_(Key|Type)$/;

function isObject(value: unknown): value is Entity {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function selectFrom(
	row: Entity,
	clause: SelectClause,
	tabularSections: Set<string>,
	options: ApplySelectOptions,
	prefix: string[],
): Entity {
	const result: Entity = {};
	const has = (name: string) => Object.prototype.hasOwnProperty.call(row, name);
	if (clause.wildcard !== 'none') {
		for (const [name, value] of Object.entries(row)) {
			// presentations appear only when asked for by name
			if (name.endsWith(PRESENTATION_SUFFIX)) continue;
			if (clause.wildcard === 'allExceptTabular' && (tabularSections.has(name) || Array.isArray(value))) continue;
			result[name] = value;
		}
	}
	if (clause.allPresentations) {
		for (const [name, value] of Object.entries(row)) if (name.endsWith(PRESENTATION_SUFFIX)) result[name] = value;
		if (options.presentation) {
			for (const name of Object.keys(row)) {
				const attribute = REFERENCE_COMPANION.exec(name)?.[1];
				const key = `${attribute}${PRESENTATION_SUFFIX}`;
				if (attribute === undefined || attribute === 'Ref' || key in result) continue;
				const value = options.presentation(row, attribute);
				if (value !== undefined) result[key] = value;
			}
		}
	}
	for (const name of clause.properties) {
		if (has(name)) {
			result[name] = row[name];
			continue;
		}
		const presented =
			name === 'Presentation'
				? ''
				: name.endsWith(PRESENTATION_SUFFIX)
					? name.slice(0, -PRESENTATION_SUFFIX.length)
					: undefined;
		const value = presented !== undefined ? options.presentation?.(row, presented) : undefined;
		if (value !== undefined) result[name] = value;
		else if (options.strict) throw propertyNotFoundError('$select', [...prefix, name]);
	}
	for (const [name, inner] of Object.entries(clause.nested)) {
		// the whole property was selected already (by name or by a wildcard)
		if (name in result) continue;
		if (!has(name)) {
			if (options.strict) throw propertyNotFoundError('$select', [...prefix, name]);
			continue;
		}
		const value = row[name];
		const path = [...prefix, name];
		if (Array.isArray(value)) {
			result[name] = value.map((item) => (isObject(item) ? selectFrom(item, inner, new Set(), options, path) : item));
		} else if (isObject(value)) result[name] = selectFrom(value, inner, new Set(), options, path);
		else result[name] = value;
	}
	return result;
}

/**
 * The row reduced to what `$select` asks for (a new object; the row is not changed). Tabular
 * sections are the names given plus any array-valued property. Only the selected properties are
 * kept — the key is not added implicitly (UNCERTAIN whether 1C adds Ref_Key).
 */
export function applySelect(
	row: Entity,
	select: SelectClause,
	knownTabularSections: string[] = [],
	options: ApplySelectOptions = {},
): Entity {
	return selectFrom(row, select, new Set(knownTabularSections), options, []);
}

// ---------------------------------------------------------------- paging and the whole query

/** `$top` / `$skip` as a whole number ≥ 0; anything else is error 14. */
export function parsePagingValue(option: '$top' | '$skip', value: number | string): number {
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 0) return value;
	} else if (/^\d+$/.test(value)) {
		return Number(value);
	}
	throw parseError(option, `ожидается целое неотрицательное число, получено "${value}"`);
}

/** `$inlinecount`: true/false or the URL spellings `allpages`/`none`. */
export function parseInlineCount(value: boolean | string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'allpages') return true;
	if (value === 'none') return false;
	throw parseError('$inlinecount', `ожидается "allpages" или "none", получено "${value}"`);
}

export interface QueryOptions {
	filter?: string;
	orderBy?: string;
	top?: number | string;
	skip?: number | string;
	select?: string;
	inlineCount?: boolean | string;
	/**
	 * 1C's documentation says `$inlinecount=allpages` makes the server ignore `$top` and `$skip`
	 * (default true). UNCERTAIN whether current platforms still do; false applies paging and still counts.
	 */
	inlineCountIgnoresPaging?: boolean;
	/** names of the tabular sections of the entity type, for `**` */
	tabularSections?: string[];
	presentation?: ApplySelectOptions['presentation'];
}

export interface QueryResult {
	rows: Entity[];
	/** rows matching `$filter`, before paging; present only with `$inlinecount=allpages` (1C sends it as a string) */
	count?: number;
}

/**
 * Filter → order → skip → top → select, as 1C does: `$skip` before `$top` whatever their order
 * in the URL. Every option is parsed before any row is looked at, so a bad option fails even
 * for an empty set. Rows are not modified; without `$orderby` their order is kept.
 */
export function applyQuery(rows: Entity[], options: QueryOptions, context: QueryContext = {}): QueryResult {
	const filter = options.filter !== undefined && options.filter.trim() !== '' ? parseFilter(options.filter) : undefined;
	const orderBy = options.orderBy !== undefined ? parseOrderBy(options.orderBy) : [];
	const top = options.top !== undefined ? parsePagingValue('$top', options.top) : undefined;
	const skip = options.skip !== undefined ? parsePagingValue('$skip', options.skip) : 0;
	const select = options.select !== undefined ? parseSelect(options.select) : undefined;
	const inlineCount = options.inlineCount !== undefined ? parseInlineCount(options.inlineCount) : false;

	let result = filter ? rows.filter((row) => evaluateFilter(filter, row, context)) : rows.slice();
	const count = result.length;

	if (orderBy.length > 0) {
		// keys computed once per row (navigation may be costly); ties keep their original order
		const decorated = result.map((row, index) => ({ row, index, keys: sortKeys(orderBy, row, context) }));
		decorated.sort((a, b) => compareKeys(orderBy, a.keys, b.keys, context) || a.index - b.index);
		result = decorated.map((entry) => entry.row);
	}

	const paging = !(inlineCount && (options.inlineCountIgnoresPaging ?? true));
	if (paging) result = result.slice(skip, top === undefined ? undefined : skip + top);

	if (select) {
		const selectOptions: ApplySelectOptions = { presentation: options.presentation, strict: context.strict };
		result = result.map((row) => applySelect(row, select, options.tabularSections, selectOptions));
	}
	return inlineCount ? { rows: result, count } : { rows: result };
}
