import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['externalTransaction'], operation: ['getMany'] };

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
			{
				displayName: 'Attached',
				name: 'is_attached',
				type: 'boolean',
				default: false,
				description: 'Whether to get only transactions matched with a payment (on) or only unmatched ones (off)',
			},
			{
				displayName: 'Created Between',
				name: 'created_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
			{
				displayName: 'Gateway IDs',
				name: 'gateway_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
			{ displayName: 'IDs', name: 'id', type: 'string', default: '', description: 'Separated by commas' },
			{
				displayName: 'Transaction UUIDs',
				name: 'transaction_uuid',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
		],
	},
];

/** The bank's transactions KeyCRM loaded, to match with payments. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	for (const key of ['id', 'gateway_id', 'transaction_uuid']) {
		const values = listOf(filters[key]);
		if (values.length) filter[key] = values.join(',');
	}
	if (filters.created_between) filter.created_between = String(filters.created_between);
	if (filters.is_attached !== undefined) filter.is_attached = filters.is_attached ? 'true' : 'false';
	const qs: IDataObject = Object.keys(filter).length ? { filter } : {};
	const rows = await listForItem(this, connection, itemIndex, '/payments/external-transactions', qs);
	return rows.map((row) => outputItem(row, itemIndex));
}
