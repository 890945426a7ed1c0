/**
 * Register records and the virtual tables 1C computes from them: accumulation register
 * Balance and Turnovers, information register SliceLast and SliceFirst.
 */
import { badRequest } from './errors';
import type { Entity } from './store';
import type { ObjectDef } from './schema';

export type RecordType = 'Receipt' | 'Expense';

/** Movements by register set; each record carries Recorder, Recorder_Type, Period, LineNumber, RecordType. */
export class RegisterRecords {
	private readonly byRegister = new Map<string, Entity[]>();

	records(register: string): Entity[] {
		return this.byRegister.get(register) ?? [];
	}

	/** Replaces a document's movements in one register (1C rewrites a recorder's record set whole). */
	write(register: string, recorder: string, records: Entity[]): void {
		const kept = this.records(register).filter((record) => record.Recorder !== recorder);
		this.byRegister.set(register, kept.concat(records));
	}

	/** Removes a document's movements everywhere (unposting, deletion). */
	clear(recorder: string): void {
		for (const [register, records] of this.byRegister) {
			this.byRegister.set(
				register,
				records.filter((record) => record.Recorder !== recorder),
			);
		}
	}

	reset(): void {
		this.byRegister.clear();
	}

	/** A copy to go back to when a posting fails halfway (records themselves are never mutated). */
	snapshot(): Map<string, Entity[]> {
		return new Map(this.byRegister);
	}

	restore(snapshot: Map<string, Entity[]>): void {
		this.byRegister.clear();
		for (const [register, records] of snapshot) this.byRegister.set(register, records);
	}
}

/** OData names of a register's dimension and resource properties (`X_Key` for references). */
export function registerColumns(object: ObjectDef): { dimensions: string[]; resources: string[] } {
	const register = object.register!;
	const names = (attributes: string[]) =>
		object.fields.filter((f) => attributes.includes(f.attribute) && !f.typeCompanion).map((f) => f.name);
	return { dimensions: names(register.dimensions), resources: names(register.resources) };
}

function groupKey(record: Entity, dimensions: string[]): string {
	return dimensions.map((d) => String(record[d] ?? '')).join('\u0000');
}

/**
 * Sums the records a virtual table takes into one row per combination of the requested
 * dimensions (default all): `add` folds one record into its row, `columns` are the row's
 * resource columns, starting at zero.
 */
function aggregate(
	object: ObjectDef,
	records: Entity[],
	options: { dimensions?: string[]; take: (record: Entity) => boolean },
	columns: (resource: string) => string[],
	add: (row: Entity, record: Entity, resource: string, amount: number) => void,
): { rows: Entity[]; resources: string[] } {
	const { resources, dimensions: all } = registerColumns(object);
	const dimensions = options.dimensions?.length ? resolveDimensions(object, options.dimensions) : all;
	const groups = new Map<string, Entity>();
	for (const record of records) {
		if (record.Active === false || !options.take(record)) continue;
		const key = groupKey(record, dimensions);
		let row = groups.get(key);
		if (!row) {
			row = Object.fromEntries(dimensions.map((d) => [d, record[d]]));
			for (const resource of resources) for (const column of columns(resource)) row[column] = 0;
			groups.set(key, row);
		}
		for (const resource of resources) add(row, record, resource, Number(record[resource] ?? 0));
	}
	return { rows: [...groups.values()], resources };
}

const inc = (row: Entity, column: string, amount: number) => {
	row[column] = round((row[column] as number) + amount);
};

/**
 * Balance at `period` (movements strictly before it; all of them when absent), grouped by the
 * requested dimensions (default all), with `<Resource>Balance` columns; zero balances are left out.
 */
export function balance(
	object: ObjectDef,
	records: Entity[],
	options: { period?: string; dimensions?: string[]; condition?: (record: Entity) => boolean },
): Entity[] {
	const { rows, resources } = aggregate(
		object,
		records,
		{
			dimensions: options.dimensions,
			take: (record) =>
				(!options.period || String(record.Period) < options.period) &&
				(!options.condition || options.condition(record)),
		},
		(resource) => [`${resource}Balance`],
		(row, record, resource, amount) =>
			inc(row, `${resource}Balance`, record.RecordType === 'Expense' ? -amount : amount),
	);
	return rows.filter((row) => resources.some((r) => row[`${r}Balance`] !== 0));
}

/** Receipts, expenses and turnover of each resource within [start, end]. */
export function turnovers(
	object: ObjectDef,
	records: Entity[],
	options: { start?: string; end?: string; dimensions?: string[]; condition?: (record: Entity) => boolean },
): Entity[] {
	return aggregate(
		object,
		records,
		{
			dimensions: options.dimensions,
			take: (record) => {
				const period = String(record.Period);
				const inRange = (!options.start || period >= options.start) && (!options.end || period <= options.end);
				return inRange && (!options.condition || options.condition(record));
			},
		},
		(resource) => [`${resource}Receipt`, `${resource}Expense`, `${resource}Turnover`],
		(row, record, resource, amount) => {
			const expense = record.RecordType === 'Expense';
			inc(row, expense ? `${resource}Expense` : `${resource}Receipt`, amount);
			inc(row, `${resource}Turnover`, expense ? -amount : amount);
		},
	).rows;
}

/**
 * Per combination of dimensions, the last record at or before `period` (SliceLast) or the first
 * at or after it (SliceFirst).
 */
export function slice(
	object: ObjectDef,
	records: Entity[],
	options: { period?: string; first?: boolean; condition?: (record: Entity) => boolean },
): Entity[] {
	const { dimensions } = registerColumns(object);
	const chosen = new Map<string, Entity>();
	for (const record of records) {
		const period = String(record.Period ?? '');
		if (options.period && (options.first ? period < options.period : period > options.period)) continue;
		if (options.condition && !options.condition(record)) continue;
		const key = groupKey(record, dimensions);
		const current = chosen.get(key);
		const better = !current || (options.first ? period < String(current.Period) : period >= String(current.Period));
		if (better) chosen.set(key, record);
	}
	return [...chosen.values()];
}

/** `Номенклатура` or `Номенклатура_Key` in a Dimensions parameter → the OData column name. */
function resolveDimensions(object: ObjectDef, names: string[]): string[] {
	const { dimensions } = registerColumns(object);
	return names.map((name) => {
		const column = dimensions.find((d) => d === name || d === `${name}_Key`);
		if (!column) throw badRequest(`Измерение не найдено: ${name}`, '14');
		return column;
	});
}

/** Quantities keep 3 decimals in 1C; avoid float noise in sums. */
function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}
