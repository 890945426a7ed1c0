import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmListAll } from '../../transport';
import { compact, customFieldsOf, customFieldsProperty, jsonParameter, outputItem, writeForItem } from '../shared';

/** `POST /products/{id}/offers` takes at most this many variants (KeyCRM's documented cap). */
export const OFFERS_PER_REQUEST = 100;

const show = { resource: ['product'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'productName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Variants (Offers)',
		name: 'offers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Variant',
		default: {},
		description: "The product's variants, each with its own SKU; a product without variants takes SKU and Price below",
		displayOptions: { show },
		options: [
			{
				displayName: 'Variant',
				name: 'offer',
				values: [
					{
						displayName: 'Barcode',
						name: 'barcode',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Price',
						name: 'price',
						type: 'number',
						default: '',
					},
					{
						displayName: 'Properties',
						name: 'properties',
						type: 'string',
						default: '',
						placeholder: 'Size=M;	Color=Red',
						description: 'Variant properties as name=value pairs separated by semicolons',
					},
					{
						displayName: 'Purchased Price',
						name: 'purchased_price',
						type: 'number',
						default: '',
					},
					{
						displayName: 'SKU',
						name: 'sku',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Barcode', name: 'barcode', type: 'string', default: '' },
			{
				displayName: 'Category Name or ID',
				name: 'category_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCategories' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Currency Code', name: 'currency_code', type: 'string', default: '', placeholder: 'UAH' },
			customFieldsProperty('getProductCustomFields'),
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Other Fields (JSON)',
				name: 'json',
				type: 'json',
				default: '{}',
				description:
					'Further fields of KeyCRM\'s product, merged last: e.g. {"pictures": ["https://…"], "weight": 0.4}',
			},
			{ displayName: 'Price', name: 'price', type: 'number', default: '', description: 'Without variants only' },
			{ displayName: 'Purchased Price', name: 'purchased_price', type: 'number', default: '' },
			{ displayName: 'SKU', name: 'sku', type: 'string', default: '', description: 'Without variants only' },
			{ displayName: 'Unit Type', name: 'unit_type', type: 'string', default: '', placeholder: 'шт' },
		],
	},
];

function properties(text: unknown): IDataObject[] | undefined {
	const pairs = String(text ?? '')
		.split(';')
		.map((pair) => pair.trim())
		.filter(Boolean)
		.map((pair) => {
			const equals = pair.indexOf('=');
			return equals < 0
				? { name: pair, value: '' }
				: { name: pair.slice(0, equals).trim(), value: pair.slice(equals + 1).trim() };
		});
	return pairs.length ? pairs : undefined;
}

/**
 * KeyCRM creates a product without variants (`POST /products`) and adds variants separately
 * (`POST /products/{id}/offers`, at most 100 a request); the output is the product with the
 * offers it ended up with.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const { customFields, json, ...fields } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const variants = (((this.getNodeParameter('offers', itemIndex, {}) as IDataObject).offer ?? []) as IDataObject[]).map(
		(variant, position) => {
			const row = compact({ ...variant, properties: properties(variant.properties) });
			if (!row.sku) {
				throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: variant ${position + 1} has no SKU`, {
					itemIndex,
				});
			}
			return row;
		},
	);
	const body: IDataObject = { name: this.getNodeParameter('productName', itemIndex) as string, ...compact(fields) };
	if (body.category_id !== undefined) body.category_id = Number(body.category_id) || body.category_id;
	const custom = customFieldsOf(this, customFields);
	if (custom) body.custom_fields = custom;
	Object.assign(body, jsonParameter<IDataObject>(this, 'json', 'Other Fields (JSON)', itemIndex, json));

	const product = await writeForItem(this, connection, itemIndex, { method: 'POST', path: '/products', body });
	for (let start = 0; start < variants.length; start += OFFERS_PER_REQUEST) {
		await writeForItem(this, connection, itemIndex, {
			method: 'POST',
			path: `/products/${String(product.id)}/offers`,
			body: { offers: variants.slice(start, start + OFFERS_PER_REQUEST) },
		});
	}
	const offers = await keyCrmListAll(
		this,
		connection,
		'/offers',
		{ filter: { product_id: product.id } },
		{ itemIndex },
	);
	return [outputItem({ ...product, offers }, itemIndex)];
}
