import type { INodeProperties } from 'n8n-workflow';

import * as describeObject from './describeObject.operation';
import * as listObjects from './listObjects.operation';

/** operation name → implementation */
export const operations = { describeObject, listObjects };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['publication'] } },
		options: [
			{
				name: 'Describe Object',
				value: 'describeObject',
				description: 'Get the fields, tabular sections and functions of a published object',
				action: 'Describe a published object',
			},
			{
				name: 'List Objects',
				value: 'listObjects',
				description: 'List the catalogs, documents and registers the publication exposes',
				action: 'List published objects',
			},
		],
		default: 'listObjects',
	},
	...listObjects.description,
	...describeObject.description,
];
