import type { INodeProperties } from 'n8n-workflow';

import * as addExpense from './addExpense.operation';
import * as addTag from './addTag.operation';
import * as attachFile from './attachFile.operation';
import * as create from './create.operation';
import * as detachFile from './detachFile.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as importOrders from './import.operation';
import * as removeTag from './removeTag.operation';
import * as update from './update.operation';
import * as updateExpense from './updateExpense.operation';
import { addPayment, updatePayment } from './payments';

export const operations = {
	create,
	update,
	get,
	getMany,
	addPayment,
	updatePayment,
	import: importOrders,
	addExpense,
	updateExpense,
	addTag,
	removeTag,
	attachFile,
	detachFile,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Add Expense',
				value: 'addExpense',
				description: 'Add an expense (delivery, a fee…) to an order',
				action: 'Add an expense to an order',
			},
			{
				name: 'Add Payment',
				value: 'addPayment',
				description: 'Add a payment to an order',
				action: 'Add a payment to an order',
			},
			{ name: 'Add Tag', value: 'addTag', description: 'Tag an order', action: 'Add a tag to an order' },
			{
				name: 'Attach File',
				value: 'attachFile',
				description: 'Attach a file from the storage to an order',
				action: 'Attach a file to an order',
			},
			{ name: 'Create', value: 'create', description: 'Create an order', action: 'Create an order' },
			{
				name: 'Detach File',
				value: 'detachFile',
				description: 'Take a file off an order',
				action: 'Detach a file from an order',
			},
			{ name: 'Get', value: 'get', description: 'Get an order with its related records', action: 'Get an order' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many orders, e.g. those changed since a time',
				action: 'Get many orders',
			},
			{
				name: 'Import',
				value: 'import',
				description: 'Create many orders at once, up to 50 per request',
				action: 'Import orders',
			},
			{ name: 'Remove Tag', value: 'removeTag', description: 'Untag an order', action: 'Remove a tag from an order' },
			{
				name: 'Update',
				value: 'update',
				description: "Change an order's status, comments or custom fields",
				action: 'Update an order',
			},
			{
				name: 'Update Expense',
				value: 'updateExpense',
				description: "Cancel an order's expense or change its description",
				action: 'Update an order expense',
			},
			{
				name: 'Update Payment Status',
				value: 'updatePayment',
				description: 'Change the status of a payment of an order',
				action: 'Update the status of an order payment',
			},
		],
		default: 'get',
	},
	...create.description,
	...update.description,
	...get.description,
	...getMany.description,
	...addPayment.description,
	...updatePayment.description,
	...importOrders.description,
	...addExpense.description,
	...updateExpense.description,
	...addTag.description,
	...removeTag.description,
	...attachFile.description,
	...detachFile.description,
];
