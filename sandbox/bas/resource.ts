/**
 * Reads the resource part of a 1C OData URL (after `/odata/standard.odata/`):
 * `Catalog_X`, `Catalog_X(guid'…')`, `Document_X(guid'…')/Post`, `Catalog_X/$count`,
 * `AccumulationRegister_X/Balance(Period=datetime'…',Condition='…',Dimensions='…')`,
 * `InformationRegister_X/SliceLast()`.
 */
import { badRequest } from './errors';
import { type FilterNode, ODataQueryError, parseFilter } from './query';

export interface ResourcePath {
	set: string;
	/** key predicate text inside the parentheses, e.g. `guid'…'` */
	key?: string;
	/** `Post`, `Unpost`, `Balance`, `SliceLast`, `$count`, … */
	action?: string;
	/** parameters of a function call, raw literal text by name */
	parameters: Record<string, string>;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text (`''` is an escaped quote). */
function closing(text: string, open: number): number {
	let inQuote = false;
	for (let i = open + 1; i < text.length; i++) {
		const ch = text[i];
		if (ch === "'") inQuote = !inQuote;
		else if (ch === ')' && !inQuote) return i;
	}
	return -1;
}

export function parseResourcePath(path: string): ResourcePath {
	const name = /^[\p{L}\p{N}_]+/u.exec(path);
	if (!name) throw badRequest(`Неправильный адрес ресурса: ${path}`, '6');
	const result: ResourcePath = { set: name[0], parameters: {} };
	let rest = path.slice(name[0].length);
	if (rest.startsWith('(')) {
		const end = closing(rest, 0);
		if (end < 0) throw badRequest(`Неправильный адрес ресурса: ${path}`, '6');
		result.key = rest.slice(1, end);
		rest = rest.slice(end + 1);
	}
	if (rest.startsWith('/')) {
		const action = /^\/(\$?[\p{L}\p{N}_]+)/u.exec(rest);
		if (!action) throw badRequest(`Неправильный адрес ресурса: ${path}`, '6');
		result.action = action[1];
		rest = rest.slice(action[0].length);
		if (rest.startsWith('(')) {
			// parameters are read up to the last `)`: a Condition may contain unbalanced quotes
			const end = rest.lastIndexOf(')');
			result.parameters = parseParameters(rest.slice(1, end));
			rest = rest.slice(end + 1);
		}
	}
	if (rest !== '' && rest !== '/') throw badRequest(`Неправильный адрес ресурса: ${path}`, '6');
	return result;
}

const PARAMETER_NAMES = [
	'Period',
	'Condition',
	'Dimensions',
	'StartPeriod',
	'EndPeriod',
	'PostingModeOperational',
	'AccountCondition',
	'ExtraDimensions',
];
const PARAMETER_START = new RegExp(`(?:^|,)\\s*(${PARAMETER_NAMES.join('|')})\\s*=`, 'g');
const PARAMETER_HEAD = new RegExp(`^\\s*(${PARAMETER_NAMES.join('|')})\\s*=\\s*`);
const NEXT_PARAMETER = new RegExp(`^\\s*,\\s*(?:${PARAMETER_NAMES.join('|')})\\s*=`);
const CONDITIONS = new Set(['Condition', 'AccountCondition']);

/** Whether a filter parses, as a Condition's text must. */
function parses(filter: string): boolean {
	try {
		parseFilter(filter);
		return true;
	} catch {
		return false;
	}
}

/**
 * Whether `'…'` can be this parameter's whole value: a string literal (quotes inside doubled), or
 * for a Condition its filter with the inner quotes left as they are (see ConditionQuoting).
 */
function readsAsValue(name: string, value: string): boolean {
	const inner = value.slice(1, -1);
	const doubled = DOUBLED_QUOTES.test(inner);
	if (!CONDITIONS.has(name)) return doubled;
	return parses(inner) || (doubled && parses(inner.replace(/''/g, "'")));
}

/** Where a quoted value starting at `start` may end: a quote followed by the next parameter or by nothing. */
function quotedValueEnds(text: string, start: number): number[] {
	const ends: number[] = [];
	for (let quote = text.indexOf("'", start + 1); quote >= 0; quote = text.indexOf("'", quote + 1)) {
		const after = text.slice(quote + 1);
		if (after.trim() === '' || NEXT_PARAMETER.test(after)) ends.push(quote + 1);
	}
	return ends;
}

/** End of an unquoted value: a typed literal (`datetime'…'`) to its closing quote, anything else to the next comma. */
function plainValueEnd(text: string, start: number): number {
	const typed = /^[A-Za-z]+'[^']*'/.exec(text.slice(start));
	if (typed) return start + typed[0].length;
	const comma = text.indexOf(',', start);
	return comma < 0 ? text.length : comma;
}

/**
 * The parameters from `start` on, each value read as a literal: a quoted value may hold commas,
 * quotes and text like `,Period=` (a string compared in a Condition), so each place it may end is
 * tried, shortest first, until the value reads as one and the rest reads as parameters.
 */
function readParameters(text: string, start: number, failed: Set<number>): Record<string, string> | undefined {
	if (text.slice(start).trim() === '') return {};
	if (failed.has(start)) return undefined;
	const head = PARAMETER_HEAD.exec(text.slice(start));
	if (head) {
		const name = head[1];
		const valueStart = start + head[0].length;
		const ends =
			text[valueStart] === "'"
				? quotedValueEnds(text, valueStart).filter((end) => readsAsValue(name, text.slice(valueStart, end)))
				: [plainValueEnd(text, valueStart)];
		for (const end of ends) {
			const separator = /^\s*,/.exec(text.slice(end));
			const rest =
				text.slice(end).trim() === ''
					? {}
					: separator
						? readParameters(text, end + separator[0].length, failed)
						: undefined;
			if (rest) return { [name]: text.slice(valueStart, end).trim(), ...rest };
		}
	}
	failed.add(start);
	return undefined;
}

/**
 * `Period=datetime'…',Condition='…',Dimensions='A,B'` → raw values by name. Values are read as
 * literals, so a Condition keeps its commas and quotes either way clients write them (inner quotes
 * doubled or left as they are). A list that does not read so is split at the known parameter
 * names, and the parameter that is wrong then fails on its own.
 */
export function parseParameters(text: string): Record<string, string> {
	const read = readParameters(text, 0, new Set());
	if (read) return read;
	const starts = [...text.matchAll(PARAMETER_START)];
	const parameters: Record<string, string> = {};
	starts.forEach((match, index) => {
		const valueStart = (match.index ?? 0) + match[0].length;
		const valueEnd = index + 1 < starts.length ? (starts[index + 1].index ?? text.length) : text.length;
		parameters[match[1]] = text.slice(valueStart, valueEnd).trim();
	});
	return parameters;
}

/** A quoted string parameter's text: `'a''b'` → `a'b` (Dimensions, ExtraDimensions). */
export function stringParameter(raw: string | undefined): string | undefined {
	if (raw === undefined || raw === '') return undefined;
	if (!(raw.startsWith("'") && raw.endsWith("'"))) return raw;
	return raw.slice(1, -1).replace(/''/g, "'");
}

/**
 * How the sandbox reads the filter inside a `Condition` (or `AccountCondition`) parameter. 1C's
 * documentation wraps it in single quotes and leaves the inner quotes as they are
 * (`'Склад_Key eq guid'…''`): `asIs`, the default. `doubled` takes only the form of an ordinary
 * string literal (`'Склад_Key eq guid''…'''`); `both` tries the documented form first.
 */
export type ConditionQuoting = 'asIs' | 'doubled' | 'both';

export const CONDITION_QUOTINGS: readonly ConditionQuoting[] = ['asIs', 'doubled', 'both'];

const DOUBLED_QUOTES = /^(?:[^']|'')*$/;

/** The parsed filter of a Condition parameter; a form the quoting setting refuses is error 14. */
export function conditionParameter(
	name: string,
	raw: string | undefined,
	quoting: ConditionQuoting,
): FilterNode | undefined {
	if (raw === undefined || raw.trim() === '') return undefined;
	const text = raw.trim();
	const refuse = (why: string) => badRequest(`Ошибка разбора параметра ${name}: ${why}`, '14');
	if (text.length < 2 || !text.startsWith("'") || !text.endsWith("'")) throw refuse('ожидается строка в кавычках');
	const inner = text.slice(1, -1);
	const parse = (filter: string) => {
		try {
			return parseFilter(filter);
		} catch (error) {
			if (error instanceof ODataQueryError) throw refuse(error.message);
			throw error;
		}
	};
	if (quoting === 'asIs') return parse(inner);
	if (quoting === 'doubled') {
		if (!DOUBLED_QUOTES.test(inner)) throw refuse('кавычки внутри строки должны быть удвоены');
		return parse(inner.replace(/''/g, "'"));
	}
	try {
		return parse(inner);
	} catch (asIsError) {
		if (!DOUBLED_QUOTES.test(inner)) throw asIsError;
		return parse(inner.replace(/''/g, "'"));
	}
}

/** `datetime'2024-05-31T23:59:59'` → `2024-05-31T23:59:59` */
export function dateParameter(raw: string | undefined): string | undefined {
	if (raw === undefined || raw === '') return undefined;
	const match = /^datetime'(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)'$/.exec(raw.trim());
	if (!match) throw badRequest(`Неправильное значение параметра: ${raw}`, '14');
	return match[1].length === 16 ? `${match[1]}:00` : match[1];
}

/** `guid'…'`, `Ref_Key=guid'…'` → the GUID */
export function keyGuid(key: string): string {
	const match = /^(?:Ref_Key=)?guid'([0-9a-fA-F-]{36})'$/.exec(key.trim());
	if (!match) throw badRequest(`Неправильный ключ: ${key}`, '7');
	return match[1].toLowerCase();
}
