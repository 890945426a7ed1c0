import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as find from './find.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations = { create, update, get, getMany, find };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['company'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a company', action: 'Create a company' },
			{
				name: 'Find',
				value: 'find',
				description: 'Find companies by the phone or email of their buyers',
				action: 'Find companies',
			},
			{ name: 'Get', value: 'get', description: 'Get a company by ID', action: 'Get a company' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many companies', action: 'Get many companies' },
			{ name: 'Update', value: 'update', description: 'Update a company', action: 'Update a company' },
		],
		default: 'get',
	},
	...create.description,
	...update.description,
	...get.description,
	...getMany.description,
	...find.description,
];
