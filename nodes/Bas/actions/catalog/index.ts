import type { INodeProperties } from 'n8n-workflow';

import { catalogParameter } from './catalogSet';
import * as find from './find.operation';
import * as findOrCreate from './findOrCreate.operation';
import * as findOrCreateFolders from './findOrCreateFolders.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as upsert from './upsert.operation';

/** operation name → implementation */
export const operations = { find, findOrCreate, findOrCreateFolders, get, getMany, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a catalog item',
			},
			{
				name: 'Find',
				value: 'find',
				description: 'Find the one item with given field values',
				action: 'Find a catalog item',
			},
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				description: 'Find the one item with given field values, or create it when there is none',
				action: 'Find or create a catalog item',
			},
			{
				name: 'Find or Create Folders',
				value: 'findOrCreateFolders',
				description: 'Find each folder of a path in a hierarchical catalog, creating the missing ones',
				action: 'Find or create catalog folders',
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
	...findOrCreate.description,
	...upsert.description,
	...findOrCreateFolders.description,
];
