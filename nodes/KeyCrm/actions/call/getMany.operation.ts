import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { filterAndIncludeQuery, listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['call'], operation: ['getMany'] };

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
			{ displayName: 'Buyer IDs', name: 'client_id', type: 'string', default: '', description: 'Separated by commas' },
			{ displayName: 'Buyer Phone', name: 'client_phone', type: 'string', default: '' },
			{
				displayName: 'Created Between',
				name: 'created_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
			{
				displayName: 'Direction',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Incoming', value: 'incoming' },
					{ name: 'Outgoing', value: 'outgoing' },
				],
				default: 'incoming',
			},
			{
				displayName: 'Manager IDs',
				name: 'manager_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
			{
				displayName: 'Pipeline Card IDs',
				name: 'lead_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
			{ displayName: 'Reference ID', name: 'reference_id', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: [
			{ name: 'Buyer', value: 'client' },
			{ name: 'Manager', value: 'manager' },
			{ name: 'Pipeline Card', value: 'lead' },
			{ name: 'Telephony Service', value: 'service' },
		],
		default: [],
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const qs = filterAndIncludeQuery(this, itemIndex);
	const calls = await listForItem(this, connection, itemIndex, '/calls', qs);
	return calls.map((call) => outputItem(call, itemIndex));
}
