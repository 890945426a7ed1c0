import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SalesDriveConnection } from '../../transport';
import { listProperties, readList, simplifyOf, timeRange } from '../lists';
import { timeZoneOption } from '../values';
import { simplifyOrder } from './simplify';

const show = { resource: ['order'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...listProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Include Deleted',
				name: 'includeDeleted',
				type: 'boolean',
				default: false,
				description: 'Whether to include deleted orders (SalesDrive leaves them out by default)',
			},
			{
				displayName: 'Order Time From',
				name: 'orderTimeFrom',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Order Time To',
				name: 'orderTimeTo',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Status Names or IDs',
				name: 'statusIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: [],
				description:
					'Only orders in these statuses. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Updated After',
				name: 'updatedFrom',
				type: 'dateTime',
				default: '',
				description:
					'Only orders changed at or after this time (`updateAt`): the cursor of an incremental read, e.g. the latest `updateAt` of the previous run',
			},
			{
				displayName: 'Updated Before',
				name: 'updatedTo',
				type: 'dateTime',
				default: '',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [timeZoneOption],
	},
];

/**
 * Orders, newest first, filtered by change time (incremental reads), order time and status. The
 * bounds are inclusive, so an order changed in the same second as the cursor is read again rather
 * than missed.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { timeZone = 'Europe/Kyiv' } = this.getNodeParameter('options', itemIndex, {}) as { timeZone?: string };
	const filter: IDataObject = {};
	const updateAt = timeRange(this, itemIndex, 'Updated', filters.updatedFrom, filters.updatedTo, timeZone);
	if (updateAt) filter.updateAt = updateAt;
	const orderTime = timeRange(this, itemIndex, 'Order Time', filters.orderTimeFrom, filters.orderTimeTo, timeZone);
	if (orderTime) filter.orderTime = orderTime;
	const statuses = (filters.statusIds as Array<string | number> | undefined) ?? [];
	if (statuses.length > 0) filter.statusId = statuses;
	else if (filters.includeDeleted === true) filter.statusId = '__ALL__';

	const orders = await readList(this, connection, itemIndex, '/api/order/list/', { filter });
	const simplify = simplifyOf(this, itemIndex);
	return orders.map((order) => ({ json: simplify ? simplifyOrder(order) : order, pairedItem: { item: itemIndex } }));
}
