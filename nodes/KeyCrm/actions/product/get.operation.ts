import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem } from '../shared';

const show = { resource: ['product'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Include Custom Fields',
		name: 'includeCustomFields',
		type: 'boolean',
		default: false,
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const productId = idParameter(this, 'productId', 'Product ID', itemIndex);
	const withCustom = this.getNodeParameter('includeCustomFields', itemIndex, false) as boolean;
	const product = await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/products/${productId}`,
		qs: withCustom ? { include: 'custom_fields' } : {},
		itemIndex,
	});
	return [outputItem(product, itemIndex)];
}
