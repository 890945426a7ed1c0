import { DateTime } from 'luxon';

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

/** `'O''Brien'`: single quotes doubled, so the value stays one string literal. */
export function stringLiteral(value: string | number): string {
	return `'${String(value).replace(/'/g, "''")}'`;
}

export function guidLiteral(value: string): string {
	if (!isGuid(value)) throw new ODataLiteralError(`"${value}" is not a GUID (Ref_Key)`, value);
	return `guid'${value.toLowerCase()}'`;
}

const NAIVE_DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A date as 1C stores it: wall-clock time of the server, no offset (`2024-05-31T23:59:59`).
 * A value with an offset or a JS Date is an instant and is converted to `timeZone`; a value
 * without one ("2024-05-31 10:00") is taken as already being server time.
 */
export function toBasDateTime(value: string | Date | DateTime, timeZone: string): string {
	if (typeof value === 'string') {
		const naive = NAIVE_DATETIME.exec(value.trim());
		if (naive) {
			const [, y, mo, d, h = '00', mi = '00', s = '00'] = naive;
			const parsed = DateTime.fromObject({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s });
			if (!parsed.isValid) throw new ODataLiteralError(`"${value}" is not a valid date`, value);
			return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
		}
	}
	const instant =
		value instanceof Date
			? DateTime.fromJSDate(value)
			: DateTime.isDateTime(value)
				? value
				: DateTime.fromISO(value.trim(), { setZone: true });
	if (!instant.isValid) throw new ODataLiteralError(`"${String(value)}" is not a valid date`, value);
	const local = instant.setZone(timeZone);
	if (!local.isValid) throw new ODataLiteralError(`"${timeZone}" is not a known time zone`, timeZone);
	return local.toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

export function dateTimeLiteral(value: string | Date | DateTime, timeZone: string): string {
	return `datetime'${toBasDateTime(value, timeZone)}'`;
}

/** A 1C date read back (naive server time) as an ISO instant with offset. */
export function fromBasDateTime(value: string, timeZone: string): string | null {
	if (!value || value.startsWith('0001-01-01')) return null;
	const parsed = DateTime.fromISO(value, { zone: timeZone });
	return parsed.isValid ? parsed.toISO() : null;
}

export function numberLiteral(value: number): string {
	if (!Number.isFinite(value)) throw new ODataLiteralError(`${value} is not a finite number`, value);
	return String(value);
}

export function booleanLiteral(value: boolean): string {
	return value ? 'true' : 'false';
}

/** Any plain JS value as the literal its type implies (strings that are GUIDs stay strings). */
export function plainLiteral(value: string | number | boolean | null): string {
	if (value === null) return 'null';
	if (typeof value === 'number') return numberLiteral(value);
	if (typeof value === 'boolean') return booleanLiteral(value);
	return stringLiteral(value);
}
