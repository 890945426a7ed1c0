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

const show = { resource: ['order'], operation: ['update'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Order ID',
		name: 'orderId',
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
			{ displayName: 'Buyer Comment', name: 'buyer_comment', type: 'string', default: '' },
			customFieldsProperty('getOrderCustomFields'),
			{ displayName: 'Manager Comment', name: 'manager_comment', type: 'string', default: '' },
			{
				displayName: 'Other Fields (JSON)',
				name: 'json',
				type: 'json',
				default: '{}',
				description:
					'Further fields of KeyCRM\'s order update, merged last: e.g. {"shipping": {"tracking_code": "20450000000000"}, "products": [{"sku": "TSW-M", "price": 400}]}',
			},
			{
				displayName: 'Status Name or ID',
				name: 'status_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const orderId = idParameter(this, 'orderId', 'Order ID', itemIndex);
	const { customFields, json, ...fields } = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = compact(fields);
	if (body.status_id !== undefined) body.status_id = Number(body.status_id) || body.status_id;
	const custom = customFieldsOf(this, customFields);
	if (custom) body.custom_fields = custom;
	Object.assign(body, jsonParameter<IDataObject>(this, 'json', 'Other Fields (JSON)', itemIndex, json));
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: nothing to update in order ${orderId}`, {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	const order = await writeForItem(this, connection, itemIndex, { method: 'PUT', path: `/order/${orderId}`, body });
	return [outputItem(order, itemIndex)];
}
