import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['product'], operation: ['getManyCategories'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	{
		displayName: 'Parent Category IDs',
		name: 'parentIds',
		type: 'string',
		default: '',
		description: 'Only the subcategories of these, separated by commas; all when empty',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const parents = listOf(this.getNodeParameter('parentIds', itemIndex, ''));
	const qs: IDataObject = parents.length ? { filter: { parent_id: parents.join(',') } } : {};
	const categories = await listForItem(this, connection, itemIndex, '/products/categories', qs);
	return categories.map((category) => outputItem(category, itemIndex));
}
