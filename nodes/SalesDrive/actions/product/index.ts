import type { INodeProperties } from 'n8n-workflow';

import * as deleteProduct from './delete.operation';
import * as updateCostPrice from './updateCostPrice.operation';
import * as updatePrices from './updatePrices.operation';
import * as updateStock from './updateStock.operation';
import * as upsert from './upsert.operation';

/** operation name → implementation; every one sends all input items in batches */
export const operations = { upsert, delete: deleteProduct, updateStock, updatePrices, updateCostPrice };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update products',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete products by ID, in batches',
				action: 'Delete products',
			},
			{
				name: 'Update Cost Price',
				value: 'updateCostPrice',
				description: 'Set the purchase price of products, leaving their other fields alone',
				action: 'Update cost prices of products',
			},
			{
				name: 'Update Prices',
				value: 'updatePrices',
				description: 'Set the main price and prices by type, leaving other fields alone',
				action: 'Update prices of products',
			},
			{
				name: 'Update Stock',
				value: 'updateStock',
				description: 'Set stock per warehouse, leaving other fields alone',
				action: 'Update stock of products',
			},
		],
		default: 'upsert',
	},
	...upsert.description,
	...deleteProduct.description,
	...updateStock.description,
	...updatePrices.description,
	...updateCostPrice.description,
];
