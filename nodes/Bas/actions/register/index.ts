import type { INodeProperties } from 'n8n-workflow';

import * as balance from './balance.operation';
import * as sliceLast from './sliceLast.operation';
import * as turnovers from './turnovers.operation';

/** operation name → implementation */
export const operations = { balance, sliceLast, turnovers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['register'] } },
		options: [
			{
				name: 'Get Balance',
				value: 'balance',
				description: 'Balances of an accumulation register, e.g. stock per item and warehouse',
				action: 'Get register balances',
			},
			{
				name: 'Get Last Values',
				value: 'sliceLast',
				description: 'The latest records of a periodic information register, e.g. current prices',
				action: 'Get the latest register values',
			},
			{
				name: 'Get Turnovers',
				value: 'turnovers',
				description: 'Receipts, expenses and turnover of an accumulation register within a period',
				action: 'Get register turnovers',
			},
		],
		default: 'balance',
	},
	{
		displayName: 'Register Name or ID',
		name: 'register',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRegisters', loadOptionsDependsOn: ['operation'] },
		default: '',
		required: true,
		description:
			'Register to read, as its OData name (e.g. AccumulationRegister_ЗапасыНаСкладах); only registers with the table this operation reads are listed. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['register'] } },
	},
	...balance.description,
	...turnovers.description,
	...sliceLast.description,
];
