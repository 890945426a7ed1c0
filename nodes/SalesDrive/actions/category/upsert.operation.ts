import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { batchSizeOption, runHandlerBatch } from '../handler';
import { isBlank, requiredText } from '../values';

const show = { resource: ['category'], operation: ['upsert'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Category ID',
		name: 'categoryId',
		type: 'string',
		required: true,
		default: '',
		description: 'Your code of the category (the key it is created or updated by)',
		displayOptions: { show },
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Required for a new category; left empty, an existing category keeps its name',
		displayOptions: { show },
	},
	{
		displayName: 'Parent Category ID',
		name: 'parentId',
		type: 'string',
		default: '',
		description: 'The category it belongs to; 0 for a top-level category, empty to leave it as it is',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [batchSizeOption],
	},
];

export const mode = 'batch';

function categoryRow(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const row: IDataObject = { id: requiredText(this, itemIndex, 'categoryId', 'Category ID') };
	for (const field of ['name', 'parentId']) {
		const value = this.getNodeParameter(field, itemIndex, '') as unknown;
		if (!isBlank(value)) row[field] = String(value).trim();
	}
	return row;
}

/** Adds or updates categories by their ID, all input items in as few requests as the batch size allows. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
): Promise<BatchResult> {
	return await runHandlerBatch(
		this,
		items,
		connection,
		{ path: '/category-handler/', listKey: 'category', body: { action: 'update' } },
		(itemIndex) => categoryRow.call(this, itemIndex),
	);
}
