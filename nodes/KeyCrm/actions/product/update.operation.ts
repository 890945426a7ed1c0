import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import {
	compact,
	customFieldsOf,
	customFieldsProperty,
	idParameter,
	jsonParameter,
	outputItem,
	writeForItem,
} from '../shared';

const show = { resource: ['product'], operation: ['update'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Barcode', name: 'barcode', type: 'string', default: '', description: 'Without variants only' },
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
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
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

/** `PUT /products/{id}`; variants' prices and stock change through the Offer and Stock resources. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const productId = idParameter(this, 'productId', 'Product ID', itemIndex);
	const { customFields, json, ...fields } = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = compact(fields);
	if (body.category_id !== undefined) body.category_id = Number(body.category_id) || body.category_id;
	const custom = customFieldsOf(this, customFields);
	if (custom) body.custom_fields = custom;
	Object.assign(body, jsonParameter<IDataObject>(this, 'json', 'Other Fields (JSON)', itemIndex, json));
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no field to update for product ${productId}`, {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	const product = await writeForItem(this, connection, itemIndex, {
		method: 'PUT',
		path: `/products/${productId}`,
		body,
	});
	return [outputItem(product, itemIndex)];
}
