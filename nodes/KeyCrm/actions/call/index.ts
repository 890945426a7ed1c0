import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [{ name: 'Get Many', value: 'getMany', description: 'Get the telephony calls', action: 'Get many calls' }],
		default: 'getMany',
	},
	...getMany.description,
];
