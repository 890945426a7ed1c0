import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem, simplifyProperty } from '../shared';
import { includesProperty, simplifyOrder } from './fields';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	includesProperty('get'),
	simplifyProperty(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const orderId = idParameter(this, 'orderId', 'Order ID', itemIndex);
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const order = await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/order/${orderId}`,
		qs: include.length ? { include: include.join(',') } : {},
		itemIndex,
	});
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [outputItem(simplify ? simplifyOrder(order) : order, itemIndex)];
}
