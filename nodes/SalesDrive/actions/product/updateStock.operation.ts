import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { runHandlerBatch } from '../handler';
import { isBlank, itemError, numberOf, shown } from '../values';
import { batchOptions, dontUpdateFieldsExcept, productIdOf, productIdProperty } from './fields';

const show = { resource: ['product'], operation: ['updateStock'] };

export const description: INodeProperties[] = [
	productIdProperty(show),
	{
		displayName: 'Stock',
		name: 'stock',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add warehouse',
		default: {},
		description: 'Quantities per warehouse; warehouses not listed keep theirs',
		displayOptions: { show },
		options: [
			{
				displayName: 'Warehouse',
				name: 'warehouse',
				values: [
					{
						displayName: 'Warehouse ID',
						name: 'warehouseId',
						type: 'string',
						default: '',
						description: 'The stock ID as SalesDrive shows it (it has no API listing stocks)',
					},
					{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 0 },
				],
			},
		],
	},
	batchOptions(show),
];

export const mode = 'batch';

/** `stockBalanceByStock` only, with every other field named in `dontUpdateFields`. */
const DONT_UPDATE = dontUpdateFieldsExcept('stockBalanceByStock', 'stockBalance');

function stockRow(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const id = productIdOf(this, itemIndex);
	const entries = (this.getNodeParameter('stock.warehouse', itemIndex, []) as IDataObject[]) ?? [];
	if (entries.length === 0) throw itemError(this, itemIndex, 'Stock has no warehouse quantities');
	const byStock: IDataObject = {};
	for (const entry of entries) {
		if (isBlank(entry.warehouseId)) {
			throw itemError(this, itemIndex, `Warehouse ID is empty (value: ${shown(entry.warehouseId)})`);
		}
		const warehouse = String(entry.warehouseId).trim();
		byStock[warehouse] = numberOf(this, itemIndex, `Quantity for warehouse ${warehouse}`, entry.quantity);
	}
	return { id, stockBalanceByStock: byStock };
}

/** Sets stock per warehouse, leaving every other field of the products as it is. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
): Promise<BatchResult> {
	return await runHandlerBatch(
		this,
		items,
		connection,
		{ path: '/product-handler/', listKey: 'product', body: { action: 'update', dontUpdateFields: DONT_UPDATE } },
		(itemIndex) => stockRow.call(this, itemIndex),
	);
}
