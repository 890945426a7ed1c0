/** Which way values are translated; the same table serves both. */
export type Direction = 'crmToBas' | 'basToCrm';

/** Flags a row carries: `closeOrder` is true, `reason=defect` is text. */
export type RowFlags = Record<string, boolean | string>;

/** One row of a directory table as the node's parameters hold it. */
export interface TableRow {
	crm: unknown;
	bas: unknown;
	/** `createShipment, closeOrder, reason=defect` */
	flags?: string;
}

export interface DirectoryTable {
	/** the table's name in messages, e.g. "Order Statuses" */
	name: string;
	rows: TableRow[];
}

export interface TableEntry {
	/** the value on the other side, as the row holds it (a number stays a number) */
	value: unknown;
	/** every flag named anywhere in the table: this row's, the others false */
	flags: RowFlags;
	/** 1-based, as a person counts the rows on the canvas */
	row: number;
}

/** A table ready for look-ups in one direction: a Map from the normalised value on the "from" side. */
export interface CompiledTable {
	name: string;
	entries: Map<string, TableEntry>;
	flagNames: string[];
}

/** The text a value is looked up by: CRM ids arrive as 5 or "5", guids and names with stray spaces. */
export function lookupKey(value: unknown): string {
	if (value === undefined || value === null) return '';
	return (typeof value === 'string' ? value : String(value)).trim();
}

export function isEmptyValue(value: unknown): boolean {
	return lookupKey(value) === '';
}

/** `createShipment, closeOrder; reason=defect` → `{createShipment: true, closeOrder: true, reason: 'defect'}` */
export function parseFlags(text: string | undefined): RowFlags {
	const flags: RowFlags = {};
	for (const part of (text ?? '').split(/[,;\n]/)) {
		const item = part.trim();
		if (item === '') continue;
		const equals = item.indexOf('=');
		if (equals < 0) flags[item] = true;
		else flags[item.slice(0, equals).trim()] = item.slice(equals + 1).trim();
	}
	return flags;
}

const SIDE_NAMES = { crm: 'CRM', bas: 'BAS' } as const;

/** A value mapped twice on the side a direction reads: the table is ambiguous, and guessing would hide it. */
export class DuplicateValueError extends Error {
	constructor(
		readonly table: string,
		readonly side: 'crm' | 'bas',
		readonly value: string,
		readonly rows: [number, number],
	) {
		super(
			`Directory table "${table}": the ${SIDE_NAMES[side]} value "${value}" is mapped twice (rows ${rows[0]} and ${rows[1]})`,
		);
		this.name = 'DuplicateValueError';
	}
}

/**
 * Builds the look-up for one direction. A row with either side empty maps nothing (a value met
 * there goes the unmapped way, visibly); a value twice on the "from" side is refused.
 */
export function compileTable(table: DirectoryTable, direction: Direction): CompiledTable {
	const from = direction === 'crmToBas' ? 'crm' : 'bas';
	const to = direction === 'crmToBas' ? 'bas' : 'crm';
	const rowFlags = table.rows.map((row) => parseFlags(row.flags));
	const flagNames = [...new Set(rowFlags.flatMap((flags) => Object.keys(flags)))];
	const entries = new Map<string, TableEntry>();
	table.rows.forEach((row, index) => {
		const key = lookupKey(row[from]);
		if (key === '' || isEmptyValue(row[to])) return;
		const earlier = entries.get(key);
		if (earlier) throw new DuplicateValueError(table.name, from, key, [earlier.row, index + 1]);
		const flags: RowFlags = {};
		for (const name of flagNames) flags[name] = rowFlags[index][name] ?? false;
		entries.set(key, { value: row[to], flags, row: index + 1 });
	});
	return { name: table.name, entries, flagNames };
}
