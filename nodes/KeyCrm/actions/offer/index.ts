import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as updatePrices from './updatePrices.operation';

export const operations = { getMany, updatePrices };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['offer'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get many offers (product variants)',
				action: 'Get many offers',
			},
			{
				name: 'Update Prices',
				value: 'updatePrices',
				description: "Update offers' price, purchased price or dimensions, all input items in bulk",
				action: 'Update offer prices in bulk',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...updatePrices.description,
];
