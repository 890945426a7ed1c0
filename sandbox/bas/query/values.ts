/**
 * Runtime values of the evaluator. Entities are plain JSON, so GUIDs and dates arrive as strings;
 * typed literals (`guid'…'`, `datetime'…'`) become the small classes below so comparisons know
 * to treat the other side as a GUID or a date.
 */

export class GuidValue {
	constructor(
		/** lower-cased */
		readonly text: string,
		/** set by `cast(…,'Document_X')`: the object type the reference points to */
		readonly entityType?: string,
	) {}
}

export class DateTimeValue {
	constructor(
		/** `YYYY-MM-DDTHH:MM:SS` */
		readonly text: string,
	) {}
}

export type StringComparison = 'ordinal' | 'ignoreCase';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

export function isGuidText(value: unknown): value is string {
	return typeof value === 'string' && GUID.test(value);
}

export interface DateParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Parts of `YYYY-MM-DDTHH:MM[:SS[.fff]]`, or undefined when the text is not such a date or not a real day. */
export function dateParts(text: string): DateParts | undefined {
	const match = DATE_TIME.exec(text);
	if (!match) return undefined;
	const [year, month, day, hour, minute, second = 0] = match.slice(1).map((part) => (part === undefined ? 0 : +part));
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	if (hour > 23 || minute > 59 || second > 59) return undefined;
	return { year, month, day, hour, minute, second };
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function formatDate(parts: DateParts): string {
	return (
		`${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}` +
		`T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}`
	);
}

/** A date-valued operand (literal or a date string from an entity) in canonical text, else undefined. */
export function asDateText(value: unknown): string | undefined {
	if (value instanceof DateTimeValue) return value.text;
	if (typeof value !== 'string') return undefined;
	const parts = dateParts(value);
	return parts ? formatDate(parts) : undefined;
}

export function asDateParts(value: unknown): DateParts | undefined {
	const text = asDateText(value);
	return text === undefined ? undefined : dateParts(text);
}

function asGuidText(value: unknown): string | undefined {
	if (value instanceof GuidValue) return value.text;
	return isGuidText(value) ? value.toLowerCase() : undefined;
}

function compareStrings(left: string, right: string, mode: StringComparison): number {
	if (mode === 'ignoreCase') {
		left = left.toLowerCase();
		right = right.toLowerCase();
	}
	// code-unit order, not a collation: deterministic everywhere (1C sorts by the DBMS collation — UNCERTAIN)
	return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Orders two non-null values of the same kind; undefined when they cannot be compared (a number
 * with a string, a GUID literal with a non-GUID), which makes `eq` false and `gt`/`lt` unknown.
 */
export function compareValues(left: unknown, right: unknown, mode: StringComparison): number | undefined {
	if (left instanceof GuidValue || right instanceof GuidValue) {
		// GUIDs compare case-insensitively: 1C writes them lower-case but accepts any case in a literal
		const a = asGuidText(left);
		const b = asGuidText(right);
		return a === undefined || b === undefined ? undefined : compareStrings(a, b, 'ordinal');
	}
	if (left instanceof DateTimeValue || right instanceof DateTimeValue) {
		const a = asDateText(left);
		const b = asDateText(right);
		// canonical fixed-width text orders like the dates themselves
		return a === undefined || b === undefined ? undefined : compareStrings(a, b, 'ordinal');
	}
	if (typeof left === 'number' && typeof right === 'number') return left < right ? -1 : left > right ? 1 : 0;
	if (typeof left === 'string' && typeof right === 'string') return compareStrings(left, right, mode);
	if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
	return undefined;
}

/** A runtime value back as plain JSON (typed literals become their text). */
export function toPlain(value: unknown): unknown {
	if (value instanceof GuidValue || value instanceof DateTimeValue) return value.text;
	return value;
}

/** Rank of a value's kind for sorting mixed columns: empty first, like NULL in 1C's query language. */
function sortRank(value: unknown): number {
	if (value === undefined || value === null) return 0;
	if (typeof value === 'boolean') return 1;
	if (typeof value === 'number') return 2;
	if (typeof value === 'string') return 3;
	return 4;
}

/** Total order used by `$orderby`: never undefined, so sorting is deterministic for any data. */
export function sortCompare(left: unknown, right: unknown, mode: StringComparison): number {
	const a = toPlain(left);
	const b = toPlain(right);
	const rankDifference = sortRank(a) - sortRank(b);
	if (rankDifference !== 0) return rankDifference;
	if (sortRank(a) === 4) return 0;
	if (isGuidText(a) && isGuidText(b)) return compareStrings(a.toLowerCase(), b.toLowerCase(), 'ordinal');
	return compareValues(a, b, mode) ?? 0;
}
