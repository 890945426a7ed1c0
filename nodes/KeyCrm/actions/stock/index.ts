import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as set from './set.operation';

export const operations = { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: "Get offers' stock per warehouse",
				action: 'Get stock per warehouse',
			},
			{
				name: 'Set',
				value: 'set',
				description: "Set offers' stock on a warehouse, all input items in bulk",
				action: 'Set stock on a warehouse',
			},
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
