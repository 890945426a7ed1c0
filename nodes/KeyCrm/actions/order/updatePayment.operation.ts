import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';
import { paymentStatusProperty } from './payment';

const show = { resource: ['order'], operation: ['updatePayment'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	paymentStatusProperty('updatePayment', true),
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Left as it is when empty',
		displayOptions: { show },
	},
];

/** KeyCRM lets a payment's status and description change, never its amount. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const orderId = idParameter(this, 'orderId', 'Order ID', itemIndex);
	const paymentId = idParameter(this, 'paymentId', 'Payment ID', itemIndex);
	const body: IDataObject = { status: this.getNodeParameter('paymentStatus', itemIndex) as string };
	const text = this.getNodeParameter('description', itemIndex, '') as string;
	if (text) body.description = text;
	const payment = await writeForItem(this, connection, itemIndex, {
		method: 'PUT',
		path: `/order/${orderId}/payment/${paymentId}`,
		body,
	});
	return [outputItem({ order_id: orderId, ...payment }, itemIndex)];
}
