import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { outputItem, writeForItem } from '../shared';

const show = { resource: ['product'], operation: ['createCategory'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Category Name',
		name: 'categoryName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Parent Category Name or ID',
		name: 'parentId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCategories' },
		default: '',
		description:
			'A top-level category when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const body: IDataObject = { name: this.getNodeParameter('categoryName', itemIndex) as string };
	const parent = this.getNodeParameter('parentId', itemIndex, '') as string | number;
	if (parent !== '' && parent !== null) body.parent_id = Number(parent) || parent;
	const category = await writeForItem(this, connection, itemIndex, {
		method: 'POST',
		path: '/products/categories',
		body,
	});
	return [outputItem(category, itemIndex)];
}
