import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { literal } from '../../odata/filter';
import type { BasConnection } from '../../transport';
import {
	dimensionCondition,
	groupingDimensions,
	groupingParameter,
	periodLiteral,
	readVirtualTable,
	registerParameters,
	resolveRegister,
} from './registerSet';

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
	const register = await resolveRegister(this, itemIndex, connection, 'balance');
	const grouping = groupingDimensions(this, itemIndex, register);
	return await readVirtualTable(
		this,
		itemIndex,
		connection,
		register,
		{
			Period: periodLiteral(this, itemIndex, 'period', connection.timeZone),
			Condition: dimensionCondition(this, itemIndex, register, connection.conditionQuoting),
			Dimensions: grouping.length > 0 ? literal.names(grouping.map((p) => p.attribute)) : undefined,
		},
		grouping.length > 0 ? grouping : register.dimensions,
	);
}
