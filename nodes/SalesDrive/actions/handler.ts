import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { BatchResult, ItemFailure } from '../../common/router';
import { failureForItem } from '../../common/transport';
import { type SalesDriveConnection, salesDriveRequest } from '../transport';

/**
 * The most rows one `/product-handler/` or `/category-handler/` call is sent. SalesDrive is said
 * to take up to 100 products per request (UNCERTAIN: a third-party summary), so it is the
 * default of the Batch Size option rather than a fixed number.
 */
export const DEFAULT_BATCH_SIZE = 100;

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_BATCH_SIZE,
	description:
		'How many rows go in one request; SalesDrive takes up to 100. All input items are sent in as few requests as this allows.',
};

/** One input item's row of a handler call. */
export interface HandlerRow {
	itemIndex: number;
	/** what goes into the `product` / `category` array; `id` is the row's key */
	row: IDataObject;
}

export interface HandlerCall {
	/** `/product-handler/` or `/category-handler/` */
	path: string;
	/** the body's array key, also how refusals name a row: `product[<id>]` */
	listKey: 'product' | 'category';
	/** the rest of the body: `action`, `dontUpdateFields` */
	body: IDataObject;
	batchSize: number;
	/** the output item of a row SalesDrive accepted; `result` is what it said ("added", "updated", …) */
	output?: (row: HandlerRow, result: string) => IDataObject;
}

/** HTTP codes of a refusal of the content (as opposed to the key, the limit or the service failing). */
const CONTENT_REFUSAL = new Set(['200', '400', '422']);

const idOf = (row: HandlerRow) => String(row.row.id);

/**
 * The rows a refusal names. SalesDrive refuses a whole call for one bad row, and its messages
 * name the row as `product[<id>]` (or `product[<position>]` for a row without an id).
 */
function culprits(message: string, listKey: string, rows: HandlerRow[]): HandlerRow[] {
	const named = new Set([...message.matchAll(new RegExp(`${listKey}\\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]));
	const byId = rows.filter((row) => named.has(idOf(row)));
	if (byId.length > 0) return byId;
	return [...named]
		.filter((key) => /^\d+$/.test(key))
		.map((key) => rows[Number(key)])
		.filter((row): row is HandlerRow => row !== undefined);
}

/** What SalesDrive said about each row: `product[101] successfully updated.` → 101 → "updated". */
function resultsById(message: unknown, listKey: string): Map<string, string> {
	const results = new Map<string, string>();
	const text = typeof message === 'string' ? message : '';
	for (const match of text.matchAll(
		new RegExp(`${listKey}\\[([^\\]]*)\\]\\s+(?:successfully\\s+)?([a-z ]+?)\\.`, 'g'),
	)) {
		results.set(match[1], match[2].trim());
	}
	return results;
}

/** The refusal restated for the one item whose row it is about, in SalesDrive's own words. */
function rowRefused(ctx: IExecuteFunctions, error: NodeApiError, call: HandlerCall, row: HandlerRow): NodeApiError {
	const reason = String((error.errorResponse as JsonObject | undefined)?.message ?? error.message);
	return new NodeApiError(ctx.getNode(), (error.errorResponse ?? {}) as JsonObject, {
		message: `Item ${row.itemIndex}: SalesDrive refused ${call.listKey} ID "${idOf(row)}": ${reason}`,
		description: error.description ?? undefined,
		httpCode: error.httpCode ?? undefined,
		itemIndex: row.itemIndex,
	});
}

/**
 * Sends the rows in as few handler calls as the batch size allows. SalesDrive takes or refuses a
 * call as a whole, so when it refuses one, the rows its message names fail (each to its item's
 * error output) and the others are sent again without them; when the message names none, the
 * call is split in halves until the refused rows stand alone (a few more requests per bad row,
 * never one per row). A failure not about the content (key, limit, outage) fails every row of
 * the call with the same reason.
 */
export async function sendHandlerRows(
	ctx: IExecuteFunctions,
	connection: SalesDriveConnection,
	call: HandlerCall,
	rows: HandlerRow[],
): Promise<BatchResult & { requests: number }> {
	const output: INodeExecutionData[] = [];
	const failures: ItemFailure[] = [];
	let requests = 0;

	const send = async (batch: HandlerRow[]): Promise<void> => {
		let reply: IDataObject;
		try {
			requests++;
			reply = await salesDriveRequest(ctx, connection, {
				method: 'POST',
				path: call.path,
				body: { ...call.body, [call.listKey]: batch.map((row) => row.row) },
				// an upsert by id or a delete is safe to repeat
				idempotent: true,
			});
		} catch (error) {
			if (!(error instanceof NodeApiError) || !CONTENT_REFUSAL.has(String(error.httpCode))) {
				for (const row of batch) {
					failures.push({ itemIndex: row.itemIndex, error: failureForItem(ctx.getNode(), error, row.itemIndex) });
				}
				return;
			}
			const named = culprits(error.message, call.listKey, batch);
			if (named.length > 0 || batch.length === 1) {
				const refused = named.length > 0 ? named : batch;
				for (const row of refused)
					failures.push({ itemIndex: row.itemIndex, error: rowRefused(ctx, error, call, row) });
				const rest = batch.filter((row) => !refused.includes(row));
				if (rest.length > 0) await send(rest);
				return;
			}
			const half = Math.ceil(batch.length / 2);
			await send(batch.slice(0, half));
			await send(batch.slice(half));
			return;
		}
		const results = resultsById(reply.message, call.listKey);
		for (const row of batch) {
			const result = results.get(idOf(row)) ?? 'sent';
			output.push({
				json: call.output ? call.output(row, result) : { ...row.row, result },
				pairedItem: { item: row.itemIndex },
			});
		}
	};

	const size = Math.max(1, Math.floor(call.batchSize) || DEFAULT_BATCH_SIZE);
	for (let start = 0; start < rows.length; start += size) await send(rows.slice(start, start + size));
	output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return { output, failures, requests };
}

/**
 * Reads each input item's row; an item whose row cannot be built (a missing ID, a price that is
 * not a number) fails on its own, before anything is sent.
 */
export function readRows(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (itemIndex: number) => IDataObject,
): { rows: HandlerRow[]; failures: ItemFailure[] } {
	const rows: HandlerRow[] = [];
	const failures: ItemFailure[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			rows.push({ itemIndex, row: read(itemIndex) });
		} catch (error) {
			failures.push({ itemIndex, error });
		}
	}
	return { rows, failures };
}

/** Reads the rows, sends them, and reports both kinds of failures together. */
export async function runHandlerBatch(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
	call: Omit<HandlerCall, 'batchSize'>,
	read: (itemIndex: number) => IDataObject,
): Promise<BatchResult> {
	const { rows, failures } = readRows(ctx, items, read);
	const batchSize = (ctx.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number) || DEFAULT_BATCH_SIZE;
	const sent: BatchResult =
		rows.length > 0 ? await sendHandlerRows(ctx, connection, { ...call, batchSize }, rows) : { output: [] };
	return { output: sent.output, failures: [...failures, ...(sent.failures ?? [])] };
}
