import type { DateTime } from 'luxon';

import {
	booleanLiteral,
	dateTimeLiteral,
	guidLiteral,
	numberLiteral,
	odataName,
	ODataLiteralError,
	stringLiteral,
} from './literals';

/**
 * Only this module makes Literals and Filters: their constructors want this symbol, which never
 * leaves the module. So a value can reach a URL only through a builder that wrote it as a
 * literal, and a filter only through the builders below or the one named escape hatch,
 * `unsafeFilterText`.
 */
const BUILDER = Symbol('OData builder');

function checkBuilder(token: symbol): void {
	if (token !== BUILDER) {
		throw new TypeError('OData literals and filters are made by the builders in odata/filter only');
	}
}

/** A value already written as an OData literal; only the `literal` builders make one. */
export class Literal {
	// a private member makes the type nominal: `{ text: '…' }` is no Literal
	declare private readonly nominal: never;

	constructor(
		token: typeof BUILDER,
		readonly text: string,
	) {
		checkBuilder(token);
	}
}

const makeLiteral = (text: string): Literal => new Literal(BUILDER, text);

/** A `$filter` expression (or a part of one). */
export class Filter {
	declare private readonly nominal: never;

	constructor(
		token: typeof BUILDER,
		readonly text: string,
		/** one comparison or `any`: binds tighter than `and` / `or`, so it needs no brackets inside them */
		readonly atomic = false,
	) {
		checkBuilder(token);
	}
}

const makeFilter = (text: string, atomic = false): Filter => new Filter(BUILDER, text, atomic);

export const literal = {
	string: (value: string | number) => makeLiteral(stringLiteral(value)),
	guid: (value: string) => makeLiteral(guidLiteral(value)),
	/**
	 * A reference compared with a composite attribute (`X` + `X_Type`): 1C matches only
	 * `cast(guid'…', 'Catalog_X')` there, never a bare guid.
	 */
	reference: (value: string, entitySet: string) =>
		makeLiteral(`cast(${guidLiteral(value)}, ${stringLiteral(odataName(entitySet))})`),
	dateTime: (value: string | Date | DateTime, timeZone: string) => makeLiteral(dateTimeLiteral(value, timeZone)),
	number: (value: number) => makeLiteral(numberLiteral(value)),
	boolean: (value: boolean) => makeLiteral(booleanLiteral(value)),
	null: () => makeLiteral('null'),
	/**
	 * A built filter as the string parameter of a virtual table (`Condition='…'`), its inner
	 * quotes doubled or left as they are (`conditionLiteral` in url.ts picks the default).
	 */
	condition: (filter: Filter, quoting: 'doubled' | 'asIs') =>
		makeLiteral(quoting === 'doubled' ? stringLiteral(filter.text) : `'${filter.text}'`),
	/** Names as one string parameter, e.g. `Dimensions='Номенклатура,Склад'`. */
	names: (names: string[]) => makeLiteral(stringLiteral(names.map(odataName).join(','))),
};

// property names, navigation paths (Контрагент/Code) and 1C's English standard fields
const PROPERTY_PATH = /^[\p{L}\p{N}_]+(\/[\p{L}\p{N}_]+)*$/u;

/** A property name or navigation path, refused unless it is only that. */
export function propertyPath(path: string): string {
	const trimmed = path.trim();
	if (!PROPERTY_PATH.test(trimmed)) throw new ODataLiteralError(`"${path}" is not a property name or path`, path);
	return trimmed;
}

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export function compare(path: string, operator: ComparisonOperator, value: Literal): Filter {
	return makeFilter(`${propertyPath(path)} ${operator} ${value.text}`, true);
}

export const eq = (path: string, value: Literal) => compare(path, 'eq', value);
export const ne = (path: string, value: Literal) => compare(path, 'ne', value);
export const gt = (path: string, value: Literal) => compare(path, 'gt', value);
export const ge = (path: string, value: Literal) => compare(path, 'ge', value);
export const lt = (path: string, value: Literal) => compare(path, 'lt', value);
export const le = (path: string, value: Literal) => compare(path, 'le', value);

function join(operator: 'and' | 'or', parts: Array<Filter | undefined>): Filter | undefined {
	const present = parts.filter((part): part is Filter => part !== undefined);
	if (present.length === 0) return undefined;
	if (present.length === 1) return present[0];
	return makeFilter(present.map((part) => `(${part.text})`).join(` ${operator} `));
}

/** Conjunction; undefined parts are skipped, so optional conditions compose without special cases. */
export const and = (...parts: Array<Filter | undefined>) => join('and', parts);
export const or = (...parts: Array<Filter | undefined>) => join('or', parts);

/**
 * `and` / `or` written as short as OData allows: comparisons go bare (`A eq 1 or A eq 2`),
 * compound parts keep their brackets. For look-up chains, where every character counts against
 * the URL limit (a bracket pair is 2 of the ~80 characters one encoded Cyrillic term takes).
 */
function joinCompact(operator: 'and' | 'or', parts: Array<Filter | undefined>): Filter | undefined {
	const present = parts.filter((part): part is Filter => part !== undefined);
	if (present.length <= 1) return present[0];
	return makeFilter(present.map((part) => (part.atomic ? part.text : `(${part.text})`)).join(` ${operator} `));
}

export const allOf = (...parts: Array<Filter | undefined>) => joinCompact('and', parts);
export const anyOf = (...parts: Array<Filter | undefined>) => joinCompact('or', parts);

export function not(part: Filter): Filter {
	return makeFilter(`not (${part.text})`);
}

/**
 * Some row of a tabular section satisfies `predicate`: `КонтактнаяИнформация/any(c: c/НомерТелефона eq '…')`.
 * The predicate names the row's columns through `variable` (`c/НомерТелефона`).
 */
export function anyRow(section: string, variable: string, predicate: Filter): Filter {
	return makeFilter(`${propertyPath(section)}/any(${odataName(variable)}: ${predicate.text})`, true);
}

/** Substring search the way 1C supports it (`contains` does not work there). */
export function substringOf(needle: string, path: string): Filter {
	return makeFilter(`substringof(${stringLiteral(needle)}, ${propertyPath(path)}) eq true`);
}

export function startsWith(path: string, prefix: string): Filter {
	return makeFilter(`startswith(${propertyPath(path)}, ${stringLiteral(prefix)}) eq true`);
}

/**
 * The one escape hatch: `$filter` text written by the workflow author (an "advanced filter"
 * field), passed through unchanged. Nothing in it is quoted or checked; what it matches is the
 * author's responsibility. Blank text is no filter.
 */
export function unsafeFilterText(text: string): Filter | undefined {
	const trimmed = text.trim();
	return trimmed === '' ? undefined : makeFilter(trimmed);
}
