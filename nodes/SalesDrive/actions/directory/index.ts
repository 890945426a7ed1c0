import type { INodeProperties } from 'n8n-workflow';

import * as getDeliveryMethods from './getDeliveryMethods.operation';
import * as getPaymentMethods from './getPaymentMethods.operation';
import * as getStatuses from './getStatuses.operation';

export const operations = { getStatuses, getPaymentMethods, getDeliveryMethods };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['directory'] } },
		options: [
			{
				name: 'Get Delivery Methods',
				value: 'getDeliveryMethods',
				description: 'Get the account’s delivery methods (ID, name, parameter)',
				action: 'Get delivery methods',
			},
			{
				name: 'Get Payment Methods',
				value: 'getPaymentMethods',
				description: 'Get the account’s payment methods (ID, name, parameter)',
				action: 'Get payment methods',
			},
			{
				name: 'Get Statuses',
				value: 'getStatuses',
				description: 'Get the account’s order statuses (ID, name, type)',
				action: 'Get order statuses',
			},
		],
		default: 'getStatuses',
	},
];
