import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eq, ge, type Filter, literal, type Literal } from '../Bas/odata/filter';
import type { EntitySetModel } from '../Bas/odata/model';
import { conditionLiteral, functionCall, resourcePath } from '../Bas/odata/url';
import type { BasReader } from './basRequests';
import type { StockSource } from './formula';

/** A register read by its Balance: the columns naming the item, its characteristic and the warehouse. */
export interface BalanceSource {
	set: EntitySetModel;
	ledger: boolean;
	item: string;
	characteristic?: string;
	warehouse?: string;
}

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

/** One balance cell: an item (and characteristic) on a BAS warehouse. */
export interface StockCell {
	item: string;
	/** empty when the item has no characteristic */
	characteristic: string;
	warehouse: string;
	quantity: number;
}

export const cellKey = (item: string, characteristic: string) =>
	characteristic && characteristic !== EMPTY_REF ? `${item}|${characteristic}` : item;

export const refOf = (value: unknown) => {
	const text = typeof value === 'string' ? value : '';
	return text === EMPTY_REF ? '' : text;
};

function balancePath(source: BalanceSource, parameters: Record<string, Literal | undefined>): string {
	return resourcePath(source.set.name, undefined, functionCall('Balance', parameters));
}

/** The attribute names of the source's dimensions, for the Balance's `Dimensions` parameter. */
function dimensionNames(source: BalanceSource): string[] {
	const returned = source.set.functions.Balance.returnProperties ?? [];
	return [source.item, source.characteristic, source.warehouse]
		.filter((name): name is string => name !== undefined)
		.map((name) => returned.find((p) => p.name === name)?.attribute ?? name.replace(/_Key$/, ''));
}

/**
 * One register's Balance grouped by item, characteristic and warehouse only (so other dimensions,
 * such as batches or cells, are summed up by BAS), with the given columns. With `items`, only
 * those items are read (their references go into the Balance's Condition, split to keep URLs short).
 */
export async function readBalance(
	reader: BasReader,
	source: BalanceSource,
	columns: string[],
	options: { items?: string[]; accountCondition?: Literal },
): Promise<IDataObject[]> {
	const fn = source.set.functions.Balance;
	const takesDimensions = fn.parameters.some((p) => p.name === 'Dimensions');
	const base: Record<string, Literal | undefined> = {
		Dimensions: takesDimensions ? literal.names(dimensionNames(source)) : undefined,
		AccountCondition: source.ledger ? options.accountCondition : undefined,
	};
	const keyFields = [source.item, source.characteristic, source.warehouse].filter(
		(name): name is string => name !== undefined,
	);
	const select = [...keyFields, ...columns];
	if (options.items === undefined) return await reader.all(balancePath(source, base), { select }, keyFields);
	if (options.items.length === 0) return [];
	const quoting = reader.connection.conditionQuoting;
	return await reader.byRefs(
		options.items,
		source.item,
		(filter: Filter) => ({
			path: balancePath(source, { ...base, Condition: conditionLiteral(filter, quoting) }),
			query: { select },
		}),
		keyFields,
	);
}

/** Free balances per item, characteristic and warehouse: each source's Balance, its columns added with their signs. */
export async function readStock(
	reader: BasReader,
	sources: StockSource[],
	options: { items?: string[]; accountCondition?: Literal },
): Promise<StockCell[]> {
	const cells = new Map<string, StockCell>();
	for (const source of sources) {
		const columns = source.columns.map((c) => c.column);
		for (const row of await readBalance(reader, source, columns, options)) {
			const item = refOf(row[source.item]);
			const warehouse = refOf(row[source.warehouse]);
			if (!item || !warehouse) continue;
			const characteristic = source.characteristic ? refOf(row[source.characteristic]) : '';
			const key = `${cellKey(item, characteristic)}@${warehouse}`;
			let cell = cells.get(key);
			if (!cell) cells.set(key, (cell = { item, characteristic, warehouse, quantity: 0 }));
			for (const { column, sign } of source.columns) cell.quantity += sign * (Number(row[column]) || 0);
		}
	}
	for (const cell of cells.values()) cell.quantity = Math.round(cell.quantity * 1000) / 1000;
	return [...cells.values()];
}

/**
 * Items (with characteristics) that moved in any of the sources since `since`: the registers'
 * flat records (`<Register>_RecordType`) filtered on Period. What BAS is asked grows with the
 * number of movements, not with the catalog.
 */
export async function readMovedItems(
	reader: BasReader,
	sources: BalanceSource[],
	since: Date,
	itemIndex: number,
): Promise<Array<{ item: string; characteristic: string }>> {
	const moved = new Map<string, { item: string; characteristic: string }>();
	for (const source of sources) {
		const recordSet = `${source.set.name}_RecordType`;
		if (source.ledger) {
			throw new NodeOperationError(
				reader.ctx.getNode(),
				`Incremental mode cannot find moved items in ${source.set.name}: use Changes Only or Full Reconciliation`,
				{
					itemIndex,
					description: 'An accounting register keeps items in sub-accounts, which its records do not filter by.',
				},
			);
		}
		const filter: Filter = ge('Period', literal.dateTime(since, reader.connection.timeZone));
		const select = [source.item, ...(source.characteristic ? [source.characteristic] : [])];
		const rows = await reader.all(recordSet, { filter, select }, ['Recorder', 'LineNumber']);
		for (const row of rows) {
			const item = refOf(row[source.item]);
			if (!item) continue;
			const characteristic = source.characteristic ? refOf(row[source.characteristic]) : '';
			moved.set(cellKey(item, characteristic), { item, characteristic });
		}
	}
	return [...moved.values()];
}

/** The Ref_Key of a ledger account given by its code (281) or GUID. */
export async function accountRef(reader: BasReader, chart: string, code: string): Promise<string | undefined> {
	if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(code)) return code;
	const rows = await reader.all(chart, { filter: eq('Code', literal.string(code)), select: ['Ref_Key'] }, ['Ref_Key']);
	return rows.length === 1 ? String(rows[0].Ref_Key) : undefined;
}
