import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';
import { buyerIncludesProperty } from './get.operation';

const show = { resource: ['buyer'], operation: ['find'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'buyer_email' },
			{ name: 'Phone', value: 'buyer_phone' },
		],
		default: 'buyer_phone',
		displayOptions: { show },
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		description: 'The phone or email; several separated by commas',
		displayOptions: { show },
	},
	buyerIncludesProperty('find'),
	...limitProperties(show),
];

/** The buyers with a phone or email; none is not an error (the item simply yields nothing). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const findBy = this.getNodeParameter('findBy', itemIndex) as string;
	const values = listOf(this.getNodeParameter('value', itemIndex));
	if (values.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: no ${findBy === 'buyer_email' ? 'email' : 'phone'} to find a buyer by`,
			{
				itemIndex,
			},
		);
	}
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const qs: IDataObject = { filter: { [findBy]: values.join(',') } };
	if (include.length) qs.include = include.join(',');
	const buyers = await listForItem(this, connection, itemIndex, '/buyer', qs);
	return buyers.map((buyer) => outputItem(buyer, itemIndex));
}
