/**
 * The `$filter` functions 1C implements, with their argument counts. Functions work on values
 * already evaluated; NULL (and a missing property) propagates through them the way it does in
 * 1C's query language, which the OData layer translates into.
 */
import { asDateParts, type DateParts, DateTimeValue, daysInMonth, formatDate, GuidValue } from './values';

export interface FunctionSpec {
	minArgs: number;
	maxArgs: number;
	/** true when the result is a boolean (the function may stand alone in a filter) */
	boolean?: boolean;
}

const unbounded = Number.POSITIVE_INFINITY;

export const FUNCTIONS: Record<string, FunctionSpec> = {
	substringof: { minArgs: 2, maxArgs: 2, boolean: true },
	startswith: { minArgs: 2, maxArgs: 2, boolean: true },
	endswith: { minArgs: 2, maxArgs: 2, boolean: true },
	like: { minArgs: 2, maxArgs: 2, boolean: true },
	concat: { minArgs: 2, maxArgs: unbounded },
	substring: { minArgs: 2, maxArgs: 3 },
	year: { minArgs: 1, maxArgs: 1 },
	month: { minArgs: 1, maxArgs: 1 },
	day: { minArgs: 1, maxArgs: 1 },
	hour: { minArgs: 1, maxArgs: 1 },
	minute: { minArgs: 1, maxArgs: 1 },
	second: { minArgs: 1, maxArgs: 1 },
	quarter: { minArgs: 1, maxArgs: 1 },
	dayofweek: { minArgs: 1, maxArgs: 1 },
	dayofyear: { minArgs: 1, maxArgs: 1 },
	dateadd: { minArgs: 3, maxArgs: 3 },
	datedifference: { minArgs: 3, maxArgs: 3 },
	round: { minArgs: 1, maxArgs: 1 },
	// handled by the evaluator itself: they look at the argument's expression, not only its value
	cast: { minArgs: 2, maxArgs: 2 },
	isof: { minArgs: 2, maxArgs: 2, boolean: true },
};

/** Standard OData functions 1C rejects; named so the error can point to what works instead. */
export const UNSUPPORTED_FUNCTIONS: Record<string, string | undefined> = {
	contains: 'substringof(needle, haystack)',
	tolower: undefined,
	toupper: undefined,
	length: undefined,
	indexof: 'substringof',
	replace: undefined,
	trim: undefined,
	years: 'year',
	months: 'month',
	days: 'day',
	hours: 'hour',
	minutes: 'minute',
	seconds: 'second',
	floor: 'round',
	ceiling: 'round',
	now: undefined,
	date: undefined,
	time: undefined,
	totaloffsetminutes: undefined,
	fractionalseconds: undefined,
};

/** null when an argument is NULL, undefined when one is a missing property (so the caller can tell) */
function absent(args: unknown[]): null | undefined | false {
	if (args.some((arg) => arg === undefined)) return undefined;
	if (args.some((arg) => arg === null)) return null;
	return false;
}

function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value instanceof GuidValue || value instanceof DateTimeValue) return value.text;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

const likeCache = new Map<string, RegExp>();

/**
 * 1C's ПОДОБНО as a regular expression: `%` any run, `_` one character, `[…]`/`[^…]` a class.
 * Case-insensitive, as string comparison in 1C queries usually is (depends on the DBMS collation —
 * UNCERTAIN). No escape character: the OData `like` has no СПЕЦСИМВОЛ argument.
 */
export function likePattern(pattern: string): RegExp {
	const cached = likeCache.get(pattern);
	if (cached) return cached;
	let source = '';
	for (let index = 0; index < pattern.length; index++) {
		const char = pattern[index];
		if (char === '%') source += '[\\s\\S]*';
		else if (char === '_') source += '[\\s\\S]';
		else if (char === '[' && pattern.indexOf(']', index + 2) > 0) {
			const close = pattern.indexOf(']', index + 2);
			let body = pattern.slice(index + 1, close);
			const negated = body.startsWith('^');
			if (negated) body = body.slice(1);
			// keep ranges (а-я), escape everything else that means something inside a class
			source += `[${negated ? '^' : ''}${body.replace(/[\\\]^[]/g, '\\$&')}]`;
			index = close;
		} else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	const compiled = new RegExp(`^${source}$`, 'iu');
	if (likeCache.size > 500) likeCache.clear();
	likeCache.set(pattern, compiled);
	return compiled;
}

/** Rounds half away from zero, like 1C's Окр (and unlike Math.round for negatives). */
function roundHalfAwayFromZero(value: number): number {
	return Math.sign(value) * Math.round(Math.abs(value));
}

function dayOfYear(parts: DateParts): number {
	return (Date.UTC(parts.year, parts.month - 1, parts.day) - Date.UTC(parts.year, 0, 1)) / 86_400_000 + 1;
}

const DATE_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type DateUnit = (typeof DATE_UNITS)[number];

export function isDateUnit(value: unknown): value is DateUnit {
	return typeof value === 'string' && (DATE_UNITS as readonly string[]).includes(value.toLowerCase());
}

function toEpochSeconds(parts: DateParts): number {
	return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
}

function fromEpochSeconds(seconds: number): DateParts {
	const date = new Date(seconds * 1000);
	return {
		year: date.getUTCFullYear(),
		month: date.getUTCMonth() + 1,
		day: date.getUTCDate(),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes(),
		second: date.getUTCSeconds(),
	};
}

/** ДОБАВИТЬКДАТЕ: months and longer keep the day, clamped to the end of a shorter month. */
function dateAdd(parts: DateParts, unit: DateUnit, amount: number): DateParts {
	const seconds: Partial<Record<DateUnit, number>> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
	if (seconds[unit] !== undefined) return fromEpochSeconds(toEpochSeconds(parts) + amount * seconds[unit]!);
	const months = amount * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
	const index = parts.year * 12 + (parts.month - 1) + months;
	const year = Math.floor(index / 12);
	const month = (index % 12) + 1;
	return { ...parts, year, month, day: Math.min(parts.day, daysInMonth(year, month)) };
}

/**
 * РАЗНОСТЬДАТ(from, to, unit) = to − from. Units from a minute up count boundaries crossed (both
 * dates truncated to the unit first) — how 1C documents it for its query language (UNCERTAIN for
 * the OData translation); seconds are exact.
 */
function dateDifference(from: DateParts, to: DateParts, unit: DateUnit): number {
	switch (unit) {
		case 'second':
			return toEpochSeconds(to) - toEpochSeconds(from);
		case 'minute':
			return Math.floor(toEpochSeconds(to) / 60) - Math.floor(toEpochSeconds(from) / 60);
		case 'hour':
			return Math.floor(toEpochSeconds(to) / 3600) - Math.floor(toEpochSeconds(from) / 3600);
		case 'day':
			return Math.floor(toEpochSeconds(to) / 86400) - Math.floor(toEpochSeconds(from) / 86400);
		case 'week':
			return Math.trunc((Math.floor(toEpochSeconds(to) / 86400) - Math.floor(toEpochSeconds(from) / 86400)) / 7);
		case 'month':
			return to.year * 12 + to.month - (from.year * 12 + from.month);
		case 'quarter':
			return to.year * 4 + Math.ceil(to.month / 3) - (from.year * 4 + Math.ceil(from.month / 3));
		case 'year':
			return to.year - from.year;
	}
}

type Implementation = (args: unknown[]) => unknown;

const datePart =
	(pick: (parts: DateParts) => number): Implementation =>
	([value]) => {
		const empty = absent([value]);
		if (empty !== false) return empty;
		const parts = asDateParts(value);
		return parts === undefined ? null : pick(parts);
	};

const textPredicate =
	(test: (text: string, other: string) => boolean): Implementation =>
	([first, second]) => {
		const empty = absent([first, second]);
		if (empty !== false) return empty;
		const a = asText(first);
		const b = asText(second);
		return a === undefined || b === undefined ? null : test(a, b);
	};

/**
 * substringof/startswith/endswith ignore case: 1C turns them into ПОДОБНО, which compares
 * like the rest of its query language (case-insensitive on the usual collations — UNCERTAIN).
 * The needle is taken literally here; 1C is assumed to escape `%`/`_` in it (UNCERTAIN).
 */
export const IMPLEMENTATIONS: Record<string, Implementation> = {
	substringof: textPredicate((needle, haystack) => haystack.toLowerCase().includes(needle.toLowerCase())),
	startswith: textPredicate((text, prefix) => text.toLowerCase().startsWith(prefix.toLowerCase())),
	endswith: textPredicate((text, suffix) => text.toLowerCase().endsWith(suffix.toLowerCase())),
	like: textPredicate((text, pattern) => likePattern(pattern).test(text)),
	concat: (args) => {
		const empty = absent(args);
		if (empty !== false) return empty;
		const parts = args.map(asText);
		return parts.some((part) => part === undefined) ? null : parts.join('');
	},
	// zero-based start as in OData (1C's ПОДСТРОКА counts from 1; the OData layer is assumed to adjust)
	substring: (args) => {
		const empty = absent(args);
		if (empty !== false) return empty;
		const [text, start, length] = args;
		if (typeof text !== 'string' || typeof start !== 'number') return null;
		if (length !== undefined && typeof length !== 'number') return null;
		const from = Math.max(0, Math.trunc(start));
		return length === undefined ? text.slice(from) : text.slice(from, from + Math.max(0, Math.trunc(length)));
	},
	year: datePart((parts) => parts.year),
	month: datePart((parts) => parts.month),
	day: datePart((parts) => parts.day),
	hour: datePart((parts) => parts.hour),
	minute: datePart((parts) => parts.minute),
	second: datePart((parts) => parts.second),
	quarter: datePart((parts) => Math.ceil(parts.month / 3)),
	// ДЕНЬНЕДЕЛИ: Monday 1 … Sunday 7
	dayofweek: datePart(
		(parts) => ((new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay() + 6) % 7) + 1,
	),
	dayofyear: datePart(dayOfYear),
	dateadd: ([date, unit, amount]) => {
		const empty = absent([date, unit, amount]);
		if (empty !== false) return empty;
		const parts = asDateParts(date);
		if (!parts || !isDateUnit(unit) || typeof amount !== 'number') return null;
		return new DateTimeValue(formatDate(dateAdd(parts, unit.toLowerCase() as DateUnit, Math.trunc(amount))));
	},
	datedifference: ([from, to, unit]) => {
		const empty = absent([from, to, unit]);
		if (empty !== false) return empty;
		const start = asDateParts(from);
		const end = asDateParts(to);
		if (!start || !end || !isDateUnit(unit)) return null;
		return dateDifference(start, end, unit.toLowerCase() as DateUnit);
	},
	round: ([value]) => {
		const empty = absent([value]);
		if (empty !== false) return empty;
		return typeof value === 'number' ? roundHalfAwayFromZero(value) : null;
	},
};
