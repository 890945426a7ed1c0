import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem, pick, simplifyProperty } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['product'], operation: ['getMany'] };

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
				displayName: 'Category Names or IDs',
				name: 'category_id',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getCategories' },
				default: [],
				description:
					'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Archived', name: 'is_archived', type: 'boolean', default: false },
			{
				displayName: 'Product IDs',
				name: 'product_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
		],
	},
	{
		displayName: 'Include Custom Fields',
		name: 'includeCustomFields',
		type: 'boolean',
		default: false,
		displayOptions: { show },
	},
	simplifyProperty(show),
];

const SIMPLE_KEYS = [
	'id',
	'name',
	'sku',
	'barcode',
	'price',
	'purchased_price',
	'quantity',
	'has_offers',
	'category_id',
	'currency_code',
	'is_archived',
	'updated_at',
	'custom_fields',
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	for (const key of ['product_id', 'category_id']) {
		const values = listOf(filters[key]);
		if (values.length) filter[key] = values.join(',');
	}
	if (filters.is_archived !== undefined) filter.is_archived = filters.is_archived ? 'true' : 'false';
	const qs: IDataObject = {};
	if (Object.keys(filter).length) qs.filter = filter;
	if (this.getNodeParameter('includeCustomFields', itemIndex, false)) qs.include = 'custom_fields';
	const products = await listForItem(this, connection, itemIndex, '/products', qs);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return products.map((product) => outputItem(simplify ? pick(product, SIMPLE_KEYS) : product, itemIndex));
}
