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
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a product with its variants',
				action: 'Create a product',
			},
			{ name: 'Get Many', value: 'getMany', description: 'Get many products', action: 'Get many products' },
		],
		default: 'getMany',
	},
	...create.description,
	...getMany.description,
];
