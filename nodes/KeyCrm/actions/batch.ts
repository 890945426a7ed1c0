import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemFailure } from '../../common/router';
import { failureForItem } from '../../common/transport';
import type { KeyCrmConnection } from '../transport';
import { keyCrmRequest } from '../transport';
import { describeFieldErrors, explainRefusal, fieldErrorsOf } from './errors';

/**
 * KeyCRM documents no cap for `PUT /offers` and `PUT /offers/stocks`; the node starts from this
 * and, when KeyCRM answers that a list "must not have more than N items", goes on with N.
 */
export const DEFAULT_ROWS_PER_REQUEST = 500;

/** One input item's row of a bulk write. */
export interface BatchRow {
	itemIndex: number;
	row: IDataObject;
}

export function rowsPerRequestProperty(
	show: NonNullable<INodeProperties['displayOptions']>['show'],
	defaultRows = DEFAULT_ROWS_PER_REQUEST,
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'batchOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Max Rows per Request',
				name: 'rowsPerRequest',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: defaultRows,
				description: 'The most input items sent in one request. When KeyCRM names a smaller cap, the node uses that.',
			},
		],
	};
}

export function rowsPerRequestOf(ctx: IExecuteFunctions, defaultRows = DEFAULT_ROWS_PER_REQUEST): number {
	const options = ctx.getNodeParameter('batchOptions', 0, {}) as IDataObject;
	return Math.max(1, Math.floor(Number(options.rowsPerRequest) || defaultRows));
}

export interface BulkWrite {
	/** PUT unless given: the imports (`POST /order/import` …) are POSTs */
	method?: 'PUT' | 'POST';
	/** `PUT /offers` → `offers`, `PUT /offers/stocks` → `stocks` */
	path: string;
	listKey: string;
	/** fields beside the list, e.g. `warehouse_id` */
	extra?: IDataObject;
}

export interface BulkResult {
	written: BatchRow[];
	failures: ItemFailure[];
	requests: number;
}

const TOO_MANY = /must not have more than (\d+) items/i;

/**
 * Writes rows in as few requests as KeyCRM accepts. KeyCRM validates a list all or nothing and
 * names refused rows by position (`offers.3.sku`): those rows' items fail with KeyCRM's words
 * and the value sent, and the rest of the request is sent again without them. A failure that
 * names no row (a refused warehouse, a lost connection) fails every item of that request.
 */
export async function writeInBatches(
	ctx: IExecuteFunctions,
	connection: KeyCrmConnection,
	write: BulkWrite,
	rows: BatchRow[],
	rowsPerRequest: number,
): Promise<BulkResult> {
	const result: BulkResult = { written: [], failures: [], requests: 0 };
	let size = rowsPerRequest;
	const queue = [...rows];
	while (queue.length > 0) {
		let pending = queue.splice(0, size);
		while (pending.length > 0) {
			const body: IDataObject = { ...write.extra, [write.listKey]: pending.map((entry) => entry.row) };
			try {
				result.requests++;
				await keyCrmRequest(ctx, connection, { method: write.method ?? 'PUT', path: write.path, body });
				result.written.push(...pending);
				break;
			} catch (error) {
				const errors = fieldErrorsOf(error);
				const cap = Number(TOO_MANY.exec((errors?.[write.listKey] ?? []).join(' '))?.[1]);
				if (cap >= 1 && cap < pending.length) {
					size = cap;
					queue.unshift(...pending.slice(cap));
					pending = pending.slice(0, cap);
					continue;
				}
				const byRow = rowErrors(errors, write.listKey, pending.length);
				if (byRow && byRow.size > 0) {
					for (const [position, problems] of byRow) {
						const { itemIndex } = pending[position];
						const what = describeFieldErrors(problems, body, `${write.listKey}.${position}.`);
						result.failures.push({
							itemIndex,
							error: new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: KeyCRM refused ${what}`, {
								itemIndex,
								description: `The other rows of the request were sent again without this one.\n${(error as Error).message}`,
							}),
						});
					}
					pending = pending.filter((_, position) => !byRow.has(position));
					continue;
				}
				for (const { itemIndex } of pending) {
					result.failures.push({
						itemIndex,
						error: errors
							? explainRefusal(ctx.getNode(), error, itemIndex, body)
							: failureForItem(ctx.getNode(), error, itemIndex),
					});
				}
				break;
			}
		}
	}
	return result;
}

/** The 422 errors by row position, or undefined when any error names something other than a row. */
function rowErrors(
	errors: Record<string, string[]> | undefined,
	listKey: string,
	rowCount: number,
): Map<number, Record<string, string[]>> | undefined {
	if (!errors) return undefined;
	const byRow = new Map<number, Record<string, string[]>>();
	const rowField = new RegExp(`^${listKey}\\.(\\d+)(?:\\.|$)`);
	for (const [field, problems] of Object.entries(errors)) {
		const match = rowField.exec(field);
		const position = Number(match?.[1]);
		if (!match || position >= rowCount) return undefined;
		byRow.set(position, { ...byRow.get(position), [field]: problems });
	}
	return byRow;
}
