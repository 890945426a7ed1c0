import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { groupingParameter, readRegister, registerParameters } from './registerSet';

export const description: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'dateTime',
		default: '',
		description:
			'Balance at this moment, in the base time zone (movements at that very second are not counted yet, as in 1C); leave empty for the current balance',
		displayOptions: { show: { resource: ['register'], operation: ['balance'] } },
	},
	groupingParameter('balance'),
	...registerParameters('balance'),
];

/** Balances of an accumulation register (e.g. stock per item and warehouse): one item per row. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	return await readRegister(this, itemIndex, connection, 'balance');
}
