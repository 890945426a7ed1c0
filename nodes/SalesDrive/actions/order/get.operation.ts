import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';
import { itemError } from '../values';
import { orderIdOf, orderIdProperty } from './reference';
import { simplifyOrder } from './simplify';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	orderIdProperty(show),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show },
	},
];

/**
 * One order by its ID. SalesDrive has no "get order" endpoint: the order list filtered by the ID
 * (deleted orders included) stands in, and counts against the list limits like any list read.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const id = orderIdOf(this, itemIndex);
	const reply = await salesDriveRequest(this, connection, {
		method: 'GET',
		path: '/api/order/list/',
		qs: { filter: { id, statusId: '__ALL__' }, page: 1, limit: 1 },
		paced: true,
		itemIndex,
	});
	const order = (Array.isArray(reply.data) ? (reply.data as IDataObject[]) : []).find(
		(row) => String(row.id) === String(id),
	);
	if (!order) throw itemError(this, itemIndex, `SalesDrive has no order with Order ID ${id}`);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [{ json: simplify ? simplifyOrder(order) : order, pairedItem: { item: itemIndex } }];
}
