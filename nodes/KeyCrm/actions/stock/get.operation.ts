import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['stock'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'SKUs',
		name: 'skus',
		type: 'string',
		default: '',
		description: 'Only these offers, separated by commas; all when empty',
		displayOptions: { show },
	},
	{
		displayName: 'Warehouse Names or IDs',
		name: 'warehouseIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getWarehouses' },
		default: [],
		description:
			'Only these warehouses; all when empty. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'One Item per Offer and Warehouse',
				value: 'perWarehouse',
				description: 'Quantity, reserve and available stock of an offer on one warehouse',
			},
			{ name: 'One Item per Offer', value: 'perOffer', description: 'As KeyCRM sends it, warehouses nested' },
		],
		default: 'perWarehouse',
		displayOptions: { show },
	},
	...limitProperties(show),
];

/** Stock per offer from `GET /offers/stocks` with the per-warehouse breakdown; available = quantity − reserve. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const skus = listOf(this.getNodeParameter('skus', itemIndex, ''));
	const warehouses = new Set(listOf(this.getNodeParameter('warehouseIds', itemIndex, [])).map(Number));
	const filter: IDataObject = { details: 'true' };
	if (skus.length) filter.offers_sku = skus.join(',');
	const offers = await listForItem(this, connection, itemIndex, '/offers/stocks', { filter });
	const perWarehouse = this.getNodeParameter('output', itemIndex, 'perWarehouse') === 'perWarehouse';
	const output: INodeExecutionData[] = [];
	for (const offer of offers) {
		const rows = ((offer.warehouse ?? []) as IDataObject[]).filter(
			(row) => warehouses.size === 0 || warehouses.has(Number(row.id)),
		);
		if (!perWarehouse) {
			output.push(outputItem(warehouses.size ? { ...offer, warehouse: rows } : offer, itemIndex));
			continue;
		}
		for (const row of rows) {
			const quantity = Number(row.quantity ?? 0);
			const reserve = Number(row.reserve ?? 0);
			output.push(
				outputItem(
					{
						offer_id: offer.id,
						sku: offer.sku,
						warehouse_id: row.id,
						warehouse_name: row.name,
						quantity,
						reserve,
						available: quantity - reserve,
					},
					itemIndex,
				),
			);
		}
	}
	return output;
}
