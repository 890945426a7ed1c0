import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fiscalCheck'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many fiscal receipts',
				action: 'Get many fiscal checks',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
