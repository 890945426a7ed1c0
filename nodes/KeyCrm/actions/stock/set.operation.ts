import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchResult, ItemFailure } from '../../../common/router';
import type { KeyCrmConnection } from '../../transport';
import { type BatchRow, rowsPerRequestOf, rowsPerRequestProperty, writeInBatches } from '../batch';
import { offerKeyOf, offerKeyProperties } from '../offerRows';

const show = { resource: ['stock'], operation: ['set'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Warehouse Name or ID',
		name: 'warehouseId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getWarehouses' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show },
	},
	...offerKeyProperties('stock', 'set'),
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		required: true,
		default: 0,
		description: 'The balance to set on the warehouse (not a change to it)',
		displayOptions: { show },
	},
	rowsPerRequestProperty(show),
];

export const mode = 'batch';

/**
 * Sets all input items' balances with `PUT /offers/stocks`, one request per warehouse and as
 * many rows each as KeyCRM accepts; a refused row goes to the error output, the others are set.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: KeyCrmConnection,
): Promise<BatchResult> {
	const byWarehouse = new Map<number, BatchRow[]>();
	const failures: ItemFailure[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = this.getNodeParameter('warehouseId', itemIndex) as unknown;
			const warehouseId = Number(raw);
			if (!Number.isInteger(warehouseId) || warehouseId <= 0) {
				throw new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex}: Warehouse "${String(raw)}" is not a KeyCRM warehouse id`,
					{ itemIndex },
				);
			}
			const quantity = Number(this.getNodeParameter('quantity', itemIndex));
			const row: IDataObject = { ...offerKeyOf(this, itemIndex), quantity };
			const rows = byWarehouse.get(warehouseId) ?? [];
			rows.push({ itemIndex, row });
			byWarehouse.set(warehouseId, rows);
		} catch (error) {
			failures.push({ itemIndex, error });
		}
	}
	const output: INodeExecutionData[] = [];
	const rowsPerRequest = rowsPerRequestOf(this);
	for (const [warehouseId, rows] of byWarehouse) {
		const result = await writeInBatches(
			this,
			connection,
			{ path: '/offers/stocks', listKey: 'stocks', extra: { warehouse_id: warehouseId } },
			rows,
			rowsPerRequest,
		);
		failures.push(...result.failures);
		for (const { itemIndex, row } of result.written) {
			output.push({ json: { warehouse_id: warehouseId, ...row, updated: true }, pairedItem: { item: itemIndex } });
		}
	}
	output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return { output, failures };
}
