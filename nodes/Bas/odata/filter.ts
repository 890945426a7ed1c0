import type { DateTime } from 'luxon';

import {
	booleanLiteral,
	dateTimeLiteral,
	guidLiteral,
	numberLiteral,
	ODataLiteralError,
	stringLiteral,
} from './literals';

/** A value already written as an OData literal; only the `literal` helpers make one. */
export class Literal {
	private constructor(readonly text: string) {}

	static of(text: string): Literal {
		return new Literal(text);
	}
}

export const literal = {
	string: (value: string | number) => Literal.of(stringLiteral(value)),
	guid: (value: string) => Literal.of(guidLiteral(value)),
	/**
	 * A reference compared with a composite attribute (`X` + `X_Type`): 1C matches only
	 * `cast(guid'…', 'Catalog_X')` there, never a bare guid.
	 */
	reference: (value: string, entitySet: string) => {
		if (!/^[\p{L}\p{N}_]+$/u.test(entitySet))
			throw new ODataLiteralError(`"${entitySet}" is not an entity set name`, entitySet);
		return Literal.of(`cast(${guidLiteral(value)}, ${stringLiteral(entitySet)})`);
	},
	dateTime: (value: string | Date | DateTime, timeZone: string) => Literal.of(dateTimeLiteral(value, timeZone)),
	number: (value: number) => Literal.of(numberLiteral(value)),
	boolean: (value: boolean) => Literal.of(booleanLiteral(value)),
	null: () => Literal.of('null'),
};

/** A `$filter` expression (or a part of one). */
export class Filter {
	private constructor(readonly text: string) {}

	static of(text: string): Filter {
		return new Filter(text);
	}

	toString(): string {
		return this.text;
	}
}

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
	return Filter.of(`${propertyPath(path)} ${operator} ${value.text}`);
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
	return Filter.of(present.map((part) => `(${part.text})`).join(` ${operator} `));
}

/** Conjunction; undefined parts are skipped, so optional conditions compose without special cases. */
export const and = (...parts: Array<Filter | undefined>) => join('and', parts);
export const or = (...parts: Array<Filter | undefined>) => join('or', parts);

export function not(part: Filter): Filter {
	return Filter.of(`not (${part.text})`);
}

/** Substring search the way 1C supports it (`contains` does not work there). */
export function substringOf(needle: string, path: string): Filter {
	return Filter.of(`substringof(${stringLiteral(needle)}, ${propertyPath(path)}) eq true`);
}

export function startsWith(path: string, prefix: string): Filter {
	return Filter.of(`startswith(${propertyPath(path)}, ${stringLiteral(prefix)}) eq true`);
}

/** A filter written by the workflow author; passed through unchanged. */
export function rawFilter(text: string): Filter | undefined {
	const trimmed = text.trim();
	return trimmed === '' ? undefined : Filter.of(trimmed);
}
