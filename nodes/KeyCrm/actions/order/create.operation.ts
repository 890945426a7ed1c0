import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import {
	compact,
	customFieldsOf,
	customFieldsProperty,
	jsonParameter,
	outputItem,
	simplifyProperty,
	writeForItem,
} from '../shared';
import { simplifyOrder } from './fields';

const show = { resource: ['order'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Source Name or ID',
		name: 'sourceId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSources' },
		required: true,
		default: '',
		description:
			'The sales channel the order belongs to. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	},
	{
		displayName: 'Buyer Full Name',
		name: 'buyerName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Buyer Phone',
		name: 'buyerPhone',
		type: 'string',
		default: '',
		description: 'KeyCRM finds an existing buyer by phone or email, or creates one',
		displayOptions: { show },
	},
	{
		displayName: 'Buyer Email',
		name: 'buyerEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Product',
		default: {},
		description: 'Order lines, matched to the catalog by SKU; a line without a catalog match needs a name',
		displayOptions: { show },
		options: [
			{
				displayName: 'Product',
				name: 'product',
				values: [
					{
						displayName: 'Comment',
						name: 'comment',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Discount Amount',
						name: 'discount_amount',
						type: 'number',
						default: '',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Needed for lines that are not in the catalog',
					},
					{
						displayName: 'Price',
						name: 'price',
						type: 'number',
						default: '',
						description: 'The catalog price when empty',
					},
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						default: 1,
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
			{ displayName: 'Buyer Comment', name: 'buyer_comment', type: 'string', default: '' },
			customFieldsProperty('getOrderCustomFields'),
			{ displayName: 'Discount Amount', name: 'discount_amount', type: 'number', default: 0 },
			{ displayName: 'Manager Comment', name: 'manager_comment', type: 'string', default: '' },
			{
				displayName: 'Manager Name or ID',
				name: 'manager_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Ordered At',
				name: 'ordered_at',
				type: 'string',
				default: '',
				placeholder: '2026-01-31 14:44:00',
				description: 'When the order was placed, UTC, as Y-m-d H:i:s; now when empty',
			},
			{
				displayName: 'Other Fields (JSON)',
				name: 'json',
				type: 'json',
				default: '{}',
				description:
					'Further fields of KeyCRM\'s order, merged last: e.g. {"shipping": {"delivery_service_id": 1, "shipping_address_city": "Київ"}, "payments": [{"payment_method_id": 1, "amount": 100}], "products": [...]}',
			},
			{ displayName: 'Shipping Price', name: 'shipping_price', type: 'number', default: 0 },
			{
				displayName: 'Source UUID',
				name: 'source_uuid',
				type: 'string',
				default: '',
				description: 'The order number at its source, e.g. the shop order number',
			},
		],
	},
	simplifyProperty(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const { customFields, json, ...fields } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const lines = ((this.getNodeParameter('products', itemIndex, {}) as IDataObject).product ?? []) as IDataObject[];
	const products = lines.map((line, position) => {
		const row = compact(line);
		if (!row.sku && !row.name) {
			throw new NodeOperationError(
				this.getNode(),
				`Item ${itemIndex}: product line ${position + 1} has neither a SKU nor a name`,
				{ itemIndex, description: 'KeyCRM matches lines to the catalog by SKU; a line without one needs a name' },
			);
		}
		return row;
	});
	const body: IDataObject = {
		...compact(fields),
		source_id: Number(this.getNodeParameter('sourceId', itemIndex)),
		buyer: compact({
			full_name: this.getNodeParameter('buyerName', itemIndex) as string,
			phone: this.getNodeParameter('buyerPhone', itemIndex, '') as string,
			email: this.getNodeParameter('buyerEmail', itemIndex, '') as string,
		}),
	};
	if (products.length) body.products = products;
	const custom = customFieldsOf(this, customFields);
	if (custom) body.custom_fields = custom;
	Object.assign(body, jsonParameter<IDataObject>(this, 'json', 'Other Fields (JSON)', itemIndex, json));
	const order = await writeForItem(this, connection, itemIndex, { method: 'POST', path: '/order', body });
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	return [outputItem(simplify ? simplifyOrder(order) : order, itemIndex)];
}
