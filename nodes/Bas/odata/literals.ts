import { DateTime, FixedOffsetZone, Info, type Zone } from 'luxon';

/**
 * Typed OData literals in 1C's dialect. Every value that goes into a URL passes through one of
 * these, so a value can never change the shape of a filter or a key.
 */

/** Thrown for values that cannot be written as the literal asked for. */
export class ODataLiteralError extends Error {
	constructor(
		message: string,
		readonly value: unknown,
	) {
		super(message);
	}
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
/** 1C's "empty date" */
export const EMPTY_DATE = '0001-01-01T00:00:00';

export function isGuid(value: unknown): value is string {
	return typeof value === 'string' && GUID.test(value);
}

const NAME = /^[\p{L}\p{N}_]+$/u;

/** An entity set, property, navigation property or function name; refused unless it is only that. */
export function odataName(name: string): string {
	if (!NAME.test(name)) throw new ODataLiteralError(`"${name}" is not an OData name`, name);
	return name;
}

// half of a UTF-16 surrogate pair (e.g. an emoji cut in two): it has no UTF-8 form to send
const LONE_SURROGATE = /\p{Cs}/u;

/** `'O''Brien'`: single quotes doubled, so the value stays one string literal. */
export function stringLiteral(value: string | number): string {
	const text = String(value);
	if (LONE_SURROGATE.test(text)) {
		throw new ODataLiteralError(
			`"${text}" contains a lone surrogate (half of a character such as an emoji, cut in two) and cannot be sent`,
			value,
		);
	}
	return `'${text.replace(/'/g, "''")}'`;
}

export function guidLiteral(value: string): string {
	if (!isGuid(value)) throw new ODataLiteralError(`"${value}" is not a GUID (Ref_Key)`, value);
	return `guid'${value.toLowerCase()}'`;
}

/** 1C's date range: `Дата` holds 0001-01-01T00:00:00 … 3999-12-31T23:59:59 and nothing else. */
const FIRST_YEAR = 1;
const LAST_YEAR = 3999;

/**
 * The date-time forms accepted as text: `2024-05-31`, `2024-05-31 10:00`, `2024-05-31T10:00:00.5`,
 * each with an optional offset (`Z`, `+03:00`, `+0300`) and an optional bracketed zone
 * (`[Europe/Kyiv]`, RFC 9557). Parsed here rather than by luxon because luxon lets the bracketed
 * zone override the offset and reads `24:00` as the next day.
 */
const DATETIME_TEXT =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[!?([^\]=]+)\])?$/i;

/** An IANA name (`Europe/Kyiv`) or what luxon reads as a fixed zone (`UTC`, `UTC+3`). */
function knownZone(name: string): Zone | undefined {
	const zone = name.trim() === '' ? undefined : Info.normalizeZone(name);
	return zone?.isValid ? zone : undefined;
}

function refuse(value: unknown, why: string): never {
	throw new ODataLiteralError(`"${String(value)}" ${why}`, value);
}

/** `Z`, `+03:00`, `-0530`, `+03` → minutes east of UTC */
function offsetMinutes(offset: string): number {
	if (offset.toUpperCase() === 'Z') return 0;
	const digits = offset.slice(1).replace(':', '');
	const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
	return offset.startsWith('-') ? -minutes : minutes;
}

/**
 * Text in one of the DATETIME_TEXT forms: with an offset it is an instant; with only a bracketed
 * zone it is wall-clock time there; with neither it is already server time and is kept digit for
 * digit (`naive`: 1C dates carry no zone, so no daylight-saving rule may shift them).
 */
function parseDateTimeText(text: string): { time: DateTime; naive: boolean } {
	const match = DATETIME_TEXT.exec(text.trim());
	if (!match) refuse(text, 'is not a valid date');
	const [, year, month, day, hour = '00', minute = '00', second = '00', offset, bracketed] = match;
	// 1C has no 24:00. ISO 8601 reads it as the next day's 00:00, but a value that ends a day at
	// 24:00 is usually an inclusive "to the end of the day" bound, which 1C writes 23:59:59, or an
	// exclusive one, which is the next day's 00:00:00; refusing makes the author say which
	// instead of moving the date silently.
	if (hour === '24')
		refuse(text, 'has the hour 24, which 1C does not know: write 23:59:59 or the next day at 00:00:00');
	const parts = { year: +year, month: +month, day: +day, hour: +hour, minute: +minute, second: +second };

	const bracketZone = bracketed === undefined ? undefined : knownZone(bracketed);
	if (bracketed !== undefined && !bracketZone) refuse(text, `names the unknown time zone "${bracketed}"`);

	if (offset !== undefined) {
		const minutes = offsetMinutes(offset);
		const time = DateTime.fromObject(parts, { zone: FixedOffsetZone.instance(minutes) });
		if (!time.isValid) refuse(text, 'is not a valid date');
		// The offset fixes the instant. A bracketed zone that disagrees with it (RFC 9557 calls it
		// inconsistent) is refused rather than letting either win silently; `Z` says "the local
		// offset is not known" and never conflicts.
		if (bracketZone && offset.toUpperCase() !== 'Z' && time.setZone(bracketZone).offset !== minutes) {
			refuse(text, `has the offset ${offset}, which ${bracketed} does not have at that time`);
		}
		return { time, naive: false };
	}
	if (bracketZone) {
		const time = DateTime.fromObject(parts, { zone: bracketZone });
		// luxon moves a time inside a daylight-saving gap forward; such a wall-clock time never existed
		if (!time.isValid || time.hour !== parts.hour || time.minute !== parts.minute) {
			refuse(text, `is not a valid date or does not exist in ${bracketed}`);
		}
		return { time, naive: false };
	}
	const time = DateTime.fromObject(parts, { zone: FixedOffsetZone.utcInstance });
	if (!time.isValid) refuse(text, 'is not a valid date');
	return { time, naive: true };
}

/**
 * A date as 1C stores it: wall-clock time of the server, no offset (`2024-05-31T23:59:59`).
 * A value with an offset or a bracketed zone, a JS Date or a luxon DateTime is an instant and is
 * converted to `timeZone`; text without either ("2024-05-31 10:00") is taken as already being
 * server time. The zone is checked first, so a wrong server zone fails on every value.
 */
export function toBasDateTime(value: string | Date | DateTime, timeZone: string): string {
	const serverZone = knownZone(timeZone);
	if (!serverZone) refuse(timeZone, 'is not a known time zone');
	let local: DateTime;
	if (typeof value === 'string') {
		const { time, naive } = parseDateTimeText(value);
		local = naive ? time : time.setZone(serverZone);
	} else if (value instanceof Date || DateTime.isDateTime(value)) {
		const time = value instanceof Date ? DateTime.fromJSDate(value) : value;
		if (!time.isValid) refuse(value, 'is not a valid date');
		local = time.setZone(serverZone);
	} else {
		refuse(value, 'is not a date');
	}
	if (local.year < FIRST_YEAR || local.year > LAST_YEAR) {
		refuse(value, `is outside the dates 1C can store (years ${FIRST_YEAR} to ${LAST_YEAR} in ${timeZone})`);
	}
	return local.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

export function dateTimeLiteral(value: string | Date | DateTime, timeZone: string): string {
	return `datetime'${toBasDateTime(value, timeZone)}'`;
}

export function numberLiteral(value: number): string {
	if (!Number.isFinite(value)) throw new ODataLiteralError(`${value} is not a finite number`, value);
	return String(value);
}

export function booleanLiteral(value: boolean): string {
	return value ? 'true' : 'false';
}
