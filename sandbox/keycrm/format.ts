/**
 * Time and money formats of the KeyCRM API. Everything is UTC. Replies (REST and webhooks alike)
 * carry times as ISO-8601 with microseconds and `Z`, as captured real replies show (the OpenAPI
 * examples' `YYYY-MM-DD HH:MM:SS` is not what arrives); filters and body fields take
 * `Y-m-d H:i:s`.
 */

/** KeyCRM keeps seconds; the store truncates so that what a filter compares is what a reply shows. */
export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000) * 1000;
}

/** `2024-05-16T17:00:07.000000Z` */
export function apiTime(ms: number | null | undefined): string | null {
	if (ms === null || ms === undefined) return null;
	return `${new Date(ms).toISOString().slice(0, 19)}.000000Z`;
}

/** `2024-05-16` */
export function restDate(ms: number | null | undefined): string | null {
	if (ms === null || ms === undefined) return null;
	return new Date(ms).toISOString().slice(0, 10);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads `YYYY-MM-DD HH:MM:SS` (seconds optional) or a bare date as UTC. A bare date stands for
 * the start of the day, or its last second when `endOfDay` (the upper end of a range).
 */
export function parseRestTime(text: string, endOfDay = false): number | undefined {
	const match = DATE_TIME.exec(text.trim());
	if (!match) return undefined;
	const [, y, mo, d, h, mi, s] = match;
	const dateOnly = h === undefined;
	const ms = Date.UTC(
		Number(y),
		Number(mo) - 1,
		Number(d),
		dateOnly ? (endOfDay ? 23 : 0) : Number(h),
		dateOnly ? (endOfDay ? 59 : 0) : Number(mi),
		dateOnly ? (endOfDay ? 59 : 0) : Number(s ?? 0),
	);
	const back = new Date(ms);
	// reject 2024-02-31 and friends instead of rolling over
	if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return undefined;
	return ms;
}

/** Strict `Y-m-d H:i:s`, the format KeyCRM validates date fields of bodies against. */
export function parseStrictRestTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return undefined;
	return parseRestTime(value);
}

/** `from,to` or `from, to` → inclusive bounds in ms; undefined when unreadable. */
export function parseBetween(value: string): [number, number] | undefined {
	const parts = value.split(',');
	if (parts.length !== 2) return undefined;
	const from = parseRestTime(parts[0]);
	const to = parseRestTime(parts[1], true);
	if (from === undefined || to === undefined) return undefined;
	return [from, to];
}

export function round2(value: number): number {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Money in buyer aggregates comes back as a string with two decimals. */
export function moneyString(value: number): string {
	return round2(value).toFixed(2);
}

/** Digits of a phone number, for matching `+38 (050) 123-45-67` against `380501234567`. */
export function phoneDigits(phone: string): string {
	return phone.replace(/\D+/g, '');
}

/** Two phone numbers are the same when one's digits end with the other's (with or without 38). */
export function samePhone(a: string, b: string): boolean {
	const x = phoneDigits(a);
	const y = phoneDigits(b);
	if (x.length < 9 || y.length < 9) return x === y && x !== '';
	return x.endsWith(y) || y.endsWith(x);
}
