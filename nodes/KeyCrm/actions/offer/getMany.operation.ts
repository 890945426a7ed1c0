import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem, pick, simplifyProperty } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['offer'], operation: ['getMany'] };

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
			{ displayName: 'Archived', name: 'is_archived', type: 'boolean', default: false },
			{ displayName: 'Offer IDs', name: 'id', type: 'string', default: '', description: 'Separated by commas' },
			{
				displayName: 'Product IDs',
				name: 'product_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
			{ displayName: 'SKUs', name: 'sku', type: 'string', default: '', description: 'Separated by commas' },
		],
	},
	{
		displayName: 'Include Product',
		name: 'includeProduct',
		type: 'boolean',
		default: false,
		displayOptions: { show },
	},
	simplifyProperty(show),
];

const SIMPLE_KEYS = [
	'id',
	'product_id',
	'sku',
	'barcode',
	'price',
	'purchased_price',
	'quantity',
	'in_reserve',
	'properties',
	'is_archived',
	'updated_at',
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	for (const key of ['id', 'product_id', 'sku']) {
		const values = listOf(filters[key]);
		if (values.length) filter[key] = values.join(',');
	}
	if (filters.is_archived !== undefined) filter.is_archived = filters.is_archived ? 'true' : 'false';
	const qs: IDataObject = { sort: 'id' };
	if (Object.keys(filter).length) qs.filter = filter;
	const includeProduct = this.getNodeParameter('includeProduct', itemIndex, false) as boolean;
	if (includeProduct) qs.include = 'product';
	const offers = await listForItem(this, connection, itemIndex, '/offers', qs);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return offers.map((offer) => {
		if (!simplify) return outputItem(offer, itemIndex);
		const out = pick(offer, SIMPLE_KEYS);
		if (offer.product) out.product = pick(offer.product as IDataObject, ['id', 'name', 'category_id']);
		return outputItem(out, itemIndex);
	});
}
