import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';

const show = { resource: ['order'], operation: ['updateExpense'] };

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
		displayName: 'Expense ID',
		name: 'expenseId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Cancel',
		name: 'cancel',
		type: 'boolean',
		default: false,
		description: 'Whether to cancel the expense (KeyCRM allows no other status change)',
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Left as it is when empty',
		displayOptions: { show },
	},
];

/** KeyCRM lets an expense be canceled and its description change, nothing else. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const orderId = idParameter(this, 'orderId', 'Order ID', itemIndex);
	const expenseId = idParameter(this, 'expenseId', 'Expense ID', itemIndex);
	const body: IDataObject = {};
	if (this.getNodeParameter('cancel', itemIndex, false)) body.status = 'canceled';
	const text = this.getNodeParameter('description', itemIndex, '') as string;
	if (text) body.description = text;
	const expense = await writeForItem(this, connection, itemIndex, {
		method: 'PUT',
		path: `/order/${orderId}/expense/${expenseId}`,
		body,
	});
	return [outputItem({ order_id: orderId, ...expense }, itemIndex)];
}
