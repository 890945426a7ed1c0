import type { IDataObject } from 'n8n-workflow';

import type { OutgoingCell } from './crmSenders';

/**
 * What was last sent to the CRM, kept in the workflow's static data (saved by n8n after a
 * production execution; manual test runs do not save it). One table per export: a row per CRM
 * key (SKU or product id), a column per CRM warehouse or price field, the value last accepted.
 * Columns are listed once and rows are plain arrays, so 20,000 items × 3 warehouses take a few
 * hundred kilobytes of JSON.
 */
export interface SentTable {
	/** what the table was sent to (CRM, export, price type); a table for another target starts empty */
	target: string;
	columns: string[];
	rows: Record<string, Array<number | null>>;
	/** incremental mode: movements are read from here on (ISO time) */
	cursor?: string;
	/** BAS items whose rows the CRM did not accept; incremental mode reads them again */
	retry?: string[];
}

export function loadTable(staticData: IDataObject, name: string, target: string): SentTable {
	const stored = staticData[name] as SentTable | undefined;
	if (stored && stored.target === target && Array.isArray(stored.columns) && stored.rows) return stored;
	const table: SentTable = { target, columns: [], rows: {} };
	staticData[name] = table as unknown as IDataObject;
	return table;
}

export function lastSent(table: SentTable, key: string, column: string): number | undefined {
	const at = table.columns.indexOf(column);
	const value = at < 0 ? undefined : table.rows[key]?.[at];
	return value === null ? undefined : value;
}

/** Records a value the CRM accepted. */
export function markSent(table: SentTable, key: string, column: string, value: number): void {
	let at = table.columns.indexOf(column);
	if (at < 0) at = table.columns.push(column) - 1;
	const row = (table.rows[key] ??= []);
	while (row.length < at) row.push(null);
	row[at] = value;
}

/** Every (key, column, value) the table holds. */
export function* sentCells(table: SentTable, keys?: Iterable<string>): Generator<[string, string, number]> {
	for (const key of keys ?? Object.keys(table.rows)) {
		const row = table.rows[key];
		if (!row) continue;
		for (let at = 0; at < row.length; at++) {
			const value = row[at];
			if (value !== null && value !== undefined) yield [key, table.columns[at], value];
		}
	}
}

/**
 * The cells to send: each value that differs from what the CRM last accepted (every value with
 * `sendAll`). With `wholeRow` (SalesDrive, whose product row carries all its warehouses), a row
 * with any difference is sent whole. `changed` counts the values that differ.
 */
export function differences(
	table: SentTable,
	desired: Map<string, Map<string, number>>,
	options: { sendAll: boolean; wholeRow: boolean },
): { outgoing: OutgoingCell[]; changed: number } {
	const outgoing: OutgoingCell[] = [];
	let changed = 0;
	for (const [key, row] of desired) {
		const differs = [...row].filter(([column, value]) => options.sendAll || lastSent(table, key, column) !== value);
		changed += differs.length;
		if (differs.length === 0) continue;
		for (const [column, value] of options.wholeRow ? row : differs) outgoing.push({ key, column, value });
	}
	return { outgoing, changed };
}
