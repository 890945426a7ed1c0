import type { INodeProperties } from 'n8n-workflow';

import * as addPayment from './addPayment.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as updatePayment from './updatePayment.operation';

export const operations = { create, update, get, getMany, addPayment, updatePayment };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Add Payment',
				value: 'addPayment',
				description: 'Add a payment to an order',
				action: 'Add a payment to an order',
			},
			{ name: 'Create', value: 'create', description: 'Create an order', action: 'Create an order' },
			{ name: 'Get', value: 'get', description: 'Get an order with its related records', action: 'Get an order' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many orders, e.g. those changed since a time',
				action: 'Get many orders',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change an order's status, comments or custom fields",
				action: 'Update an order',
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
];
