import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { filterAndIncludeQuery, listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';
import { buyerIncludesProperty } from './get.operation';

const show = { resource: ['buyer'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Buyer IDs', name: 'buyer_id', type: 'string', default: '', description: 'Separated by commas' },
			{
				displayName: 'Created Between',
				name: 'created_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
			{
				displayName: 'Updated Between',
				name: 'updated_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
		],
	},
	buyerIncludesProperty('getMany'),
];

/** `GET /buyer` by id or time (Find looks buyers up by phone or email). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const qs = filterAndIncludeQuery(this, itemIndex);
	const buyers = await listForItem(this, connection, itemIndex, '/buyer', qs);
	return buyers.map((buyer) => outputItem(buyer, itemIndex));
}
