import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as getStatuses from './getStatuses.operation';

export const operations = { getMany, getStatuses };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipeline'] } },
		options: [
			{ name: 'Get Many', value: 'getMany', description: 'Get the pipelines (funnels)', action: 'Get many pipelines' },
			{
				name: 'Get Statuses',
				value: 'getStatuses',
				description: 'Get the statuses of a pipeline',
				action: 'Get the statuses of a pipeline',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...getStatuses.description,
];
