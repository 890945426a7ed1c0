import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { readRegister, registerParameters } from './registerSet';

export const description: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'dateTime',
		default: '',
		description:
			'The latest records at or before this moment, in the base time zone; leave empty for the latest records of all',
		displayOptions: { show: { resource: ['register'], operation: ['sliceLast'] } },
	},
	...registerParameters('sliceLast'),
];

/** The latest record per dimension values of a periodic information register (e.g. current prices). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	return await readRegister(this, itemIndex, connection, 'sliceLast');
}
