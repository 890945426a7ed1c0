import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { runHandlerBatch } from '../handler';
import { isBlank, jsonObjectOf, numberOf, withValues } from '../values';
import { batchOptions, productIdOf, productIdProperty } from './fields';

const show = { resource: ['product'], operation: ['upsert'] };

const NUMBER_FIELDS: Record<string, string> = {
	costPerItem: 'Price',
	expenses: 'Cost Price',
	stockBalance: 'Stock Balance',
	weight: 'Weight',
};

export const description: INodeProperties[] = [
	productIdProperty(show),
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Required for a new product; left empty, an existing product keeps its name',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Barcode', name: 'barcode', type: 'string', default: '' },
			{ displayName: 'Category ID', name: 'categoryId', type: 'string', default: '' },
			{ displayName: 'Category Name', name: 'categoryName', type: 'string', default: '' },
			{
				displayName: 'Cost Price',
				name: 'expenses',
				type: 'number',
				default: 0,
				description: 'Purchase price (`expenses`)',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'UAH',
				description: 'Currency of the price',
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Extra Fields (JSON)',
				name: 'extraFields',
				type: 'json',
				default: '{}',
				description:
					'Any other product-handler fields, e.g. {"params":[{"name":"Вага","type":"select","value":"250 г"}],"images":[{"fullsize":"https://…"}]}',
			},
			{ displayName: 'Manufacturer', name: 'manufacturer', type: 'string', default: '' },
			{ displayName: 'Name for Documents', name: 'nameForDocuments', type: 'string', default: '' },
			{
				displayName: 'Parent Product ID',
				name: 'parentProductId',
				type: 'string',
				default: '',
				description: 'For a variant: the ID of the product it is a variant of',
			},
			{ displayName: 'Price', name: 'costPerItem', type: 'number', default: 0 },
			{ displayName: 'SKU', name: 'sku', type: 'string', default: '' },
			{ displayName: 'Stock Balance', name: 'stockBalance', type: 'number', default: 0 },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Weight', name: 'weight', type: 'number', default: 0 },
		],
	},
	batchOptions(show),
];

export const mode = 'batch';

function productRow(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { categoryId, categoryName, extraFields, ...plain } = fields;
	const row: IDataObject = {
		...jsonObjectOf(this, itemIndex, 'Extra Fields (JSON)', extraFields),
		...withValues(plain),
		id: productIdOf(this, itemIndex),
	};
	const name = this.getNodeParameter('name', itemIndex, '') as string;
	if (!isBlank(name)) row.name = String(name).trim();
	for (const [field, label] of Object.entries(NUMBER_FIELDS)) {
		if (row[field] !== undefined) row[field] = numberOf(this, itemIndex, label, row[field]);
	}
	if (!isBlank(categoryId) || !isBlank(categoryName)) row.category = withValues({ id: categoryId, name: categoryName });
	return row;
}

/** Adds or updates products by their ID, all input items in as few requests as the batch size allows. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
): Promise<BatchResult> {
	return await runHandlerBatch(
		this,
		items,
		connection,
		{ path: '/product-handler/', listKey: 'product', body: { action: 'update' } },
		(itemIndex) => productRow.call(this, itemIndex),
	);
}
