import type { INodeProperties } from 'n8n-workflow';

import { catalogParameter } from './catalogSet';
import * as find from './find.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

/** operation name → implementation */
export const operations = { find, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Find',
				value: 'find',
				description: 'Find the one item with given field values',
				action: 'Find a catalog item',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a catalog item by its Ref_Key',
				action: 'Get a catalog item',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many catalog items, optionally filtered',
				action: 'Get many catalog items',
			},
		],
		default: 'find',
	},
	catalogParameter,
	...get.description,
	...getMany.description,
	...find.description,
];
