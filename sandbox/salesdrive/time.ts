/**
 * SalesDrive's clock: datetimes are plain "YYYY-MM-DD HH:MM:SS" strings without a zone. The
 * reference leaves the zone open; the sandbox takes the account's wall clock in Kyiv, which is
 * what a Ukrainian account shows in its UI. Because every stored and filtered value is in the
 * same fixed-width format, comparing them as strings compares them in time.
 */
export const ACCOUNT_TIME_ZONE = 'Europe/Kyiv';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function wallClock(date: Date, timeZone: string): WallClock {
	const parts: Record<string, number> = {};
	for (const part of formatterFor(timeZone).formatToParts(date)) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second,
	};
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function formatWall(wall: WallClock): string {
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/** Offsets (ms) of the account's zone by UTC hour: zones change offset on whole hours, so one lookup per hour is exact. */
const offsetByHour = new Map<number, number>();

function accountOffset(ms: number): number {
	const hour = Math.floor(ms / 3_600_000);
	let offset = offsetByHour.get(hour);
	if (offset === undefined) {
		const wall = wallClock(new Date(hour * 3_600_000), ACCOUNT_TIME_ZONE);
		offset = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - hour * 3_600_000;
		if (offsetByHour.size > 100_000) offsetByHour.clear();
		offsetByHour.set(hour, offset);
	}
	return offset;
}

/** "YYYY-MM-DD HH:MM:SS" on the account's (Kyiv) wall clock, or on another zone's. */
export function accountDateTime(date: Date = new Date(), timeZone = ACCOUNT_TIME_ZONE): string {
	if (timeZone !== ACCOUNT_TIME_ZONE) return formatWall(wallClock(date, timeZone));
	// formatting through Intl costs ~10 µs; generated benchmark data needs many of these
	const shifted = new Date(date.getTime() + accountOffset(date.getTime()));
	return formatWall({
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth() + 1,
		day: shifted.getUTCDate(),
		hour: shifted.getUTCHours(),
		minute: shifted.getUTCMinutes(),
		second: shifted.getUTCSeconds(),
	});
}

/** "YYYY-MM-DD" on the account's wall clock. */
export function accountDate(date: Date = new Date()): string {
	return accountDateTime(date).slice(0, 10);
}

/** The instant a wall-clock time in `timeZone` stands for (the earlier one in an autumn DST overlap). */
export function wallClockToDate(wall: string, timeZone = ACCOUNT_TIME_ZONE): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(wall);
	if (!match) throw new Error(`not a SalesDrive datetime: ${wall}`);
	const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	// the zone's offset at a guess, then once more at the corrected instant (DST edges)
	let instant = asUtc;
	for (let pass = 0; pass < 2; pass++) {
		const seen = wallClock(new Date(instant), timeZone);
		const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute, seen.second);
		instant += asUtc - seenAsUtc;
	}
	return new Date(instant);
}

/**
 * Reads a datetime as a client may send it in a filter or a payload — "YYYY-MM-DD HH:MM:SS",
 * without seconds or time, with a "T", or as "DD.MM.YYYY[ HH:MM[:SS]]" — into the canonical form.
 * A bare date becomes the day's first second, or its last when `endOfDay` (an inclusive "to").
 * Returns undefined for anything else.
 */
export function normalizeDateTime(value: unknown, endOfDay = false): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	let date: [string, string, string] | undefined;
	let rest = '';
	let match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](.*))?$/.exec(text);
	if (match) {
		date = [match[1], match[2], match[3]];
		rest = match[4] ?? '';
	} else {
		match = /^(\d{2})\.(\d{2})\.(\d{4})(?: (.*))?$/.exec(text);
		if (match) {
			date = [match[3], match[2], match[1]];
			rest = match[4] ?? '';
		}
	}
	if (!date) return undefined;
	if (rest === '') return `${date.join('-')} ${endOfDay ? '23:59:59' : '00:00:00'}`;
	const time = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(rest);
	if (!time) return undefined;
	return `${date.join('-')} ${time[1]}:${time[2]}:${time[3] ?? (endOfDay ? '59' : '00')}`;
}

/** "DD.MM.YYYY" (how create/update payloads carry dates) to "YYYY-MM-DD" (how lists show them). */
export function dottedToIsoDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(value.trim());
	if (dotted) return `${dotted[3]}-${dotted[2]}-${dotted[1]}`;
	const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
	return iso ? iso[1] : undefined;
}
