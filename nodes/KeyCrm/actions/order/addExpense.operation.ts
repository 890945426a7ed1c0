import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { amountProperty, moneyBody, moneyDetailsProperty } from '../money';
import { idParameter, outputItem, writeForItem } from '../shared';

const show = { resource: ['order'], operation: ['addExpense'] };

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
		displayName: 'Expense Type Name or ID',
		name: 'expenseTypeId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExpenseTypes' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show },
	},
	amountProperty(show),
	moneyDetailsProperty(show),
];

/** An expense of an order (delivery, a marketplace fee…), by type id, or by type name from an expression. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const orderId = idParameter(this, 'orderId', 'Order ID', itemIndex);
	const type = this.getNodeParameter('expenseTypeId', itemIndex) as string | number;
	const body = moneyBody(this, itemIndex);
	if (Number.isInteger(Number(type)) && String(type).trim() !== '') body.expense_type_id = Number(type);
	else body.expense_type = type;
	const expense = await writeForItem(this, connection, itemIndex, {
		method: 'POST',
		path: `/order/${orderId}/expense`,
		body,
	});
	return [outputItem({ order_id: orderId, ...expense }, itemIndex)];
}
