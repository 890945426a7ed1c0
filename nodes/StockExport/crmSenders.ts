import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { type BatchRow, writeInBatches } from '../KeyCrm/actions/batch';
import type { KeyCrmConnection } from '../KeyCrm/transport';
import { type HandlerRow, sendHandlerRows } from '../SalesDrive/actions/handler';
import { dontUpdateFieldsExcept } from '../SalesDrive/actions/product/fields';
import type { SalesDriveConnection } from '../SalesDrive/transport';

/** One value for the CRM: a product / offer key, a column (CRM warehouse id or price field), the value. */
export interface OutgoingCell {
	key: string;
	column: string;
	value: number;
}

export interface SendOutcome {
	accepted: OutgoingCell[];
	refused: Array<{ cells: OutgoingCell[]; reason: string }>;
	requests: number;
}

/** The sender's words without its "Item N:" prefix: the N is a row of this run, not an input item. */
const reasonOf = (error: unknown) => ((error as Error)?.message ?? String(error)).replace(/^Item \d+:\s*/, '');

/** A price column for SalesDrive's additional price of a named type. */
export const ADDITIONAL_PRICE = 'additionalPrices:';

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const value of values) {
		const group = groups.get(keyOf(value));
		if (group) group.push(value);
		else groups.set(keyOf(value), [value]);
	}
	return groups;
}

/** A SalesDrive product row: the product id and its cells as warehouse stocks or price fields. */
export function salesDriveRow(key: string, cells: OutgoingCell[]): IDataObject {
	const row: IDataObject = { id: key };
	for (const { column, value } of cells) {
		if (column.startsWith(ADDITIONAL_PRICE)) {
			row.additionalPrices = [
				...((row.additionalPrices as IDataObject[]) ?? []),
				{ priceType: column.slice(ADDITIONAL_PRICE.length), priceValue: value },
			];
		} else if (column === 'costPerItem' || column === 'expenses') {
			row[column] = value;
		} else {
			row.stockBalanceByStock = { ...(row.stockBalanceByStock as IDataObject), [column]: value };
		}
	}
	return row;
}

/**
 * Sends to SalesDrive's `/product-handler/` through the SalesDrive node's batch sender: one row
 * per product carrying all its warehouses (or price fields), up to the batch size per request,
 * with every other field of the products left as it is (`dontUpdateFields`). Products are
 * updated, never created: a row for an id SalesDrive does not know has no name and is refused.
 */
export async function sendToSalesDrive(
	ctx: IExecuteFunctions,
	connection: SalesDriveConnection,
	cells: OutgoingCell[],
	batchSize: number,
): Promise<SendOutcome> {
	const byKey = [...groupBy(cells, (cell) => cell.key)];
	const rows: HandlerRow[] = byKey.map(([key, group], itemIndex) => ({ itemIndex, row: salesDriveRow(key, group) }));
	const written = new Set<string>(
		cells.map((cell) =>
			cell.column.startsWith(ADDITIONAL_PRICE)
				? 'additionalPrices'
				: cell.column === 'costPerItem' || cell.column === 'expenses'
					? cell.column
					: 'stockBalanceByStock',
		),
	);
	if (written.has('stockBalanceByStock')) written.add('stockBalance');
	if (written.has('costPerItem')) written.add('price');
	const result = await sendHandlerRows(
		ctx,
		connection,
		{
			path: '/product-handler/',
			listKey: 'product',
			body: { action: 'update', dontUpdateFields: dontUpdateFieldsExcept(...written) },
			batchSize,
			output: () => ({}),
		},
		rows,
	);
	const failed = new Map((result.failures ?? []).map((failure) => [failure.itemIndex, failure.error]));
	const outcome: SendOutcome = { accepted: [], refused: [], requests: result.requests };
	byKey.forEach(([, group], itemIndex) => {
		const error = failed.get(itemIndex);
		if (error === undefined) outcome.accepted.push(...group);
		else outcome.refused.push({ cells: group, reason: reasonOf(error) });
	});
	return outcome;
}

/** A KeyCRM row: an offer's stock (never below 0) on the request's warehouse, or its price field. */
export function keyCrmRow(cell: OutgoingCell, kind: 'stock' | 'price'): IDataObject {
	return kind === 'stock'
		? { sku: cell.key, quantity: Math.max(0, cell.value) }
		: { sku: cell.key, [cell.column]: cell.value };
}

/**
 * Sends to KeyCRM with the KeyCRM node's bulk writer, offers named by SKU: stock as
 * `PUT /offers/stocks`, one warehouse at a time, prices as `PUT /offers`; each in the largest
 * batches KeyCRM accepts, paced to the key's limit by the transport.
 */
export async function sendToKeyCrm(
	ctx: IExecuteFunctions,
	connection: KeyCrmConnection,
	cells: OutgoingCell[],
	kind: 'stock' | 'price',
	rowsPerRequest: number,
): Promise<SendOutcome> {
	const outcome: SendOutcome = { accepted: [], refused: [], requests: 0 };
	const groups =
		kind === 'stock'
			? groupBy(cells, (cell) => cell.column)
			: new Map([['', cells]] as Array<[string, OutgoingCell[]]>);
	for (const [warehouse, group] of groups) {
		const rows: BatchRow[] = group.map((cell, itemIndex) => ({ itemIndex, row: keyCrmRow(cell, kind) }));
		const result = await writeInBatches(
			ctx,
			connection,
			kind === 'stock'
				? { path: '/offers/stocks', listKey: 'stocks', extra: { warehouse_id: Number(warehouse) } }
				: { path: '/offers', listKey: 'offers' },
			rows,
			rowsPerRequest,
		);
		outcome.requests += result.requests;
		for (const { itemIndex } of result.written) outcome.accepted.push(group[itemIndex]);
		for (const { itemIndex, error } of result.failures) {
			outcome.refused.push({ cells: [group[itemIndex]], reason: reasonOf(error) });
		}
	}
	return outcome;
}
