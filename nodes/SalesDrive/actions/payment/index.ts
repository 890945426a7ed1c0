import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getMany from './getMany.operation';

export const operations = { create, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Record a payment attached to an order',
				action: 'Create a payment',
			},
			{ name: 'Get Many', value: 'getMany', description: 'Get many payments', action: 'Get many payments' },
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
];
