import type { INodeProperties } from 'n8n-workflow';

import * as addNote from './addNote.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const operations = { create, update, addNote, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{ name: 'Add Note', value: 'addNote', description: 'Add a note to an order', action: 'Add a note to an order' },
			{ name: 'Create', value: 'create', description: 'Create an order', action: 'Create an order' },
			{ name: 'Get', value: 'get', description: 'Get an order by its ID', action: 'Get an order' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many orders, e.g. those changed since a time',
				action: 'Get many orders',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change an order’s status, fields, comment or TTN',
				action: 'Update an order',
			},
		],
		default: 'create',
	},
	...create.description,
	...update.description,
	...addNote.description,
	...get.description,
	...getMany.description,
];
