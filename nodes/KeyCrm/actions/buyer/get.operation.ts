import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem } from '../shared';

export const BUYER_INCLUDES = ['company', 'custom_fields', 'loyalty', 'manager', 'shipping'];

export function buyerIncludesProperty(operation: string): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: BUYER_INCLUDES.map((name) => ({ name, value: name })),
		default: [],
		description: 'Related records to return with each buyer',
		displayOptions: { show: { resource: ['buyer'], operation: [operation] } },
	};
}

export const description: INodeProperties[] = [
	{
		displayName: 'Buyer ID',
		name: 'buyerId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['buyer'], operation: ['get'] } },
	},
	buyerIncludesProperty('get'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const buyerId = idParameter(this, 'buyerId', 'Buyer ID', itemIndex);
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const buyer = await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/buyer/${buyerId}`,
		qs: include.length ? { include: include.join(',') } : {},
		itemIndex,
	});
	return [outputItem(buyer, itemIndex)];
}
