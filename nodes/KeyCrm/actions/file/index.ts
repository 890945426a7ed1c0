import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as getManyForRecord from './getManyForRecord.operation';
import * as upload from './upload.operation';

export const operations = { getMany, getManyForRecord, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: "Get the files in the account's storage",
				action: 'Get many files',
			},
			{
				name: 'Get Many for Record',
				value: 'getManyForRecord',
				description: 'Get the files attached to an order or a pipeline card',
				action: 'Get the files of a record',
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a binary file (at most 10 MB) to the storage',
				action: 'Upload a file',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...getMany.description,
	...getManyForRecord.description,
];
