import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { groupingParameter, readRegister, registerParameters } from './registerSet';

const show = { resource: ['register'], operation: ['turnovers'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Start Period',
		name: 'startPeriod',
		type: 'dateTime',
		default: '',
		description: 'First moment counted, in the base time zone; leave empty to count from the beginning',
		displayOptions: { show },
	},
	{
		displayName: 'End Period',
		name: 'endPeriod',
		type: 'dateTime',
		default: '',
		description:
			'Last moment counted, in the base time zone (e.g. 2024-05-31 23:59:59); leave empty to count to the end',
		displayOptions: { show },
	},
	groupingParameter('turnovers'),
	...registerParameters('turnovers'),
];

/** Receipts, expenses and turnover of an accumulation register within a period: one item per row. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	return await readRegister(this, itemIndex, connection, 'turnovers');
}
