import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as find from './find.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as importBuyers from './import.operation';
import * as update from './update.operation';

export const operations = { create, update, get, getMany, find, import: importBuyers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['buyer'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a buyer', action: 'Create a buyer' },
			{
				name: 'Find',
				value: 'find',
				description: 'Find buyers by phone or email',
				action: 'Find buyers by phone or email',
			},
			{ name: 'Get', value: 'get', description: 'Get a buyer by ID', action: 'Get a buyer' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many buyers, e.g. those changed since a time',
				action: 'Get many buyers',
			},
			{
				name: 'Import',
				value: 'import',
				description: 'Create many buyers at once',
				action: 'Import buyers',
			},
			{ name: 'Update', value: 'update', description: 'Update a buyer', action: 'Update a buyer' },
		],
		default: 'find',
	},
	...create.description,
	...update.description,
	...get.description,
	...find.description,
	...getMany.description,
	...importBuyers.description,
];
