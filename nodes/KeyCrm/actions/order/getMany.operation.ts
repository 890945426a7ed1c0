import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem, simplifyProperty } from '../shared';
import { limitProperties } from '../../../common/limit';
import { includesProperty, simplifyOrder } from './fields';

const show = { resource: ['order'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	includesProperty('getMany'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Buyer Email',
				name: 'buyer_email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{ displayName: 'Buyer Phone', name: 'buyer_phone', type: 'string', default: '' },
			{
				displayName: 'Created (Ordered) After',
				name: 'createdFrom',
				type: 'dateTime',
				default: '',
				description: 'KeyCRM filters "created" on the time the order was placed at its source (UTC)',
			},
			{ displayName: 'Created (Ordered) Before', name: 'createdTo', type: 'dateTime', default: '' },
			{
				displayName: 'Payment Status',
				name: 'payment_status',
				type: 'multiOptions',
				options: [
					{ name: 'Not Paid', value: 'not_paid' },
					{ name: 'Overpaid', value: 'overpaid' },
					{ name: 'Paid', value: 'paid' },
					{ name: 'Part Paid', value: 'part_paid' },
				],
				default: [],
			},
			{
				displayName: 'Source Names or IDs',
				name: 'source_id',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getSources' },
				default: [],
				description:
					'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Source UUID',
				name: 'source_uuid',
				type: 'string',
				default: '',
				description: 'The order number at its source; several separated by commas',
			},
			{
				displayName: 'Status Names or IDs',
				name: 'status_id',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: [],
				description:
					'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Updated After',
				name: 'updatedFrom',
				type: 'dateTime',
				default: '',
				description: 'Orders changed at or after this time (UTC), for incremental syncs',
			},
			{
				displayName: 'Updated Before',
				name: 'updatedTo',
				type: 'dateTime',
				default: '',
				description: 'Orders changed at or before this time (UTC); now when empty',
			},
		],
	},
	simplifyProperty(show),
];

/** KeyCRM's `Y-m-d H:i:s` in UTC, from whatever n8n's date picker or an expression gave. */
function apiTime(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const text = String(value).trim();
	// a time with no zone is taken as UTC, KeyCRM's own zone
	const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/\d:\d/.test(text) ? text : `${text}Z`);
	if (Number.isNaN(parsed.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} "${text}" is not a date and time`, {
			itemIndex,
		});
	}
	return parsed.toISOString().slice(0, 19).replace('T', ' ');
}

function range(
	ctx: IExecuteFunctions,
	from: unknown,
	to: unknown,
	label: string,
	itemIndex: number,
): string | undefined {
	if (!from && !to) return undefined;
	const start = from ? apiTime(ctx, from, `${label} After`, itemIndex) : '1970-01-01 00:00:00';
	const end = to
		? apiTime(ctx, to, `${label} Before`, itemIndex)
		: apiTime(ctx, new Date().toISOString(), label, itemIndex);
	return `${start},${end}`;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	for (const key of ['status_id', 'source_id', 'payment_status', 'source_uuid', 'buyer_phone', 'buyer_email']) {
		const values = listOf(filters[key]);
		if (values.length) filter[key] = values.join(',');
	}
	const updated = range(this, filters.updatedFrom, filters.updatedTo, 'Updated', itemIndex);
	if (updated) filter.updated_between = updated;
	const created = range(this, filters.createdFrom, filters.createdTo, 'Created', itemIndex);
	if (created) filter.created_between = created;
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const qs: IDataObject = { sort: 'id' };
	if (include.length) qs.include = include.join(',');
	if (Object.keys(filter).length) qs.filter = filter;
	const orders = await listForItem(this, connection, itemIndex, '/order', qs);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return orders.map((order) => outputItem(simplify ? simplifyOrder(order) : order, itemIndex));
}
