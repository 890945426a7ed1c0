/**
 * How many polls a day a Poll Times setting makes, so the poll trigger can refuse a schedule that
 * would spend more of SalesDrive's daily list budget than the user allows. Every poll costs at
 * least one list request, so polls a day is the least it spends.
 */
import type { IDataObject } from 'n8n-workflow';

const MINUTES_A_DAY = 24 * 60;

/** How many values a cron field allows within [min, max]: `*`, `*\/n`, `a-b`, `a-b/n`, lists. */
export function cronFieldCount(field: string, min: number, max: number): number {
	const values = new Set<number>();
	for (const part of field.split(',')) {
		const [range, stepText] = part.split('/');
		const step = stepText === undefined ? 1 : Math.max(1, Number(stepText) || 1);
		let from = min;
		let to = max;
		if (range !== '*' && range !== '?') {
			const [a, b] = range.split('-');
			from = Number(a);
			// `5/15` means from 5 to the end, every 15
			to = b !== undefined ? Number(b) : stepText !== undefined ? max : from;
		}
		if (!Number.isFinite(from) || !Number.isFinite(to)) return max - min + 1;
		for (let value = from; value <= to; value += step) values.add(value);
	}
	return Math.max(1, values.size);
}

/** Polls a day of a custom cron expression (5 or 6 fields); day-of-month and weekday fields only thin it, so they are not counted. */
export function cronPollsPerDay(expression: string): number {
	const fields = expression.trim().split(/\s+/);
	const [second, minute, hour] = fields.length >= 6 ? fields : ['0', ...fields];
	return cronFieldCount(second, 0, 59) * cronFieldCount(minute ?? '*', 0, 59) * cronFieldCount(hour ?? '*', 0, 23);
}

/** Polls a day of one Poll Times entry, counted at its busiest day (a weekly or monthly poll counts once). */
export function pollsPerDayOf(item: IDataObject): number {
	switch (item.mode) {
		case 'everyMinute':
			return MINUTES_A_DAY;
		case 'everyHour':
			return 24;
		case 'everyX': {
			const value = Math.max(1, Number(item.value) || 1);
			return item.unit === 'hours' ? Math.ceil(24 / value) : Math.ceil(MINUTES_A_DAY / value);
		}
		case 'custom':
			return cronPollsPerDay(String(item.cronExpression ?? ''));
		default:
			// everyDay, everyWeek, everyMonth
			return 1;
	}
}

/** Polls a day of the node's Poll Times (`{item: [...]}`); n8n's default is every minute. */
export function pollsPerDay(pollTimes: IDataObject | undefined): number {
	const items = Array.isArray(pollTimes?.item) ? (pollTimes.item as IDataObject[]) : [{ mode: 'everyMinute' }];
	return items.reduce((total, item) => total + pollsPerDayOf(item), 0);
}
