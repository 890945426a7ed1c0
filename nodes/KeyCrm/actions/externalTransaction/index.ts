import type { INodeProperties } from 'n8n-workflow';

import * as attach from './attach.operation';
import * as getMany from './getMany.operation';

export const operations = { getMany, attach };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['externalTransaction'] } },
		options: [
			{
				name: 'Attach to Payment',
				value: 'attach',
				description: 'Match a bank transaction with a payment',
				action: 'Attach a bank transaction to a payment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the bank transactions KeyCRM loaded',
				action: 'Get many bank transactions',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...attach.description,
];
