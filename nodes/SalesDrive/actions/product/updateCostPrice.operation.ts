import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { runHandlerBatch } from '../handler';
import { isBlank, numberOf } from '../values';
import { batchOptions, dontUpdateFieldsExcept, productIdOf, productIdProperty } from './fields';

const show = { resource: ['product'], operation: ['updateCostPrice'] };

export const description: INodeProperties[] = [
	productIdProperty(show),
	{
		displayName: 'Cost Price',
		name: 'costPrice',
		type: 'number',
		required: true,
		default: 0,
		description: 'The purchase price (`expenses`)',
		displayOptions: { show },
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'UAH',
		description: 'Currency of the cost price (`currencyExpenses`); left empty, it stays as it is',
		displayOptions: { show },
	},
	batchOptions(show),
];

export const mode = 'batch';

const DONT_UPDATE = dontUpdateFieldsExcept('expenses', 'currencyExpenses');

function costRow(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const row: IDataObject = {
		id: productIdOf(this, itemIndex),
		expenses: numberOf(this, itemIndex, 'Cost Price', this.getNodeParameter('costPrice', itemIndex)),
	};
	const currency = this.getNodeParameter('currency', itemIndex, '') as string;
	if (!isBlank(currency)) row.currencyExpenses = String(currency).trim();
	return row;
}

/** Sets the cost price (`expenses`), leaving every other field of the products as it is. */
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
		(itemIndex) => costRow.call(this, itemIndex),
	);
}
