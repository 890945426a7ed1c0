import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['directory'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the entries of a directory: statuses, sources, payment methods, custom fields…',
				action: 'Get directory entries',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
