import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';
import { explainRefusal, isBlank, itemError, jsonObjectOf, numberOf, withValues } from '../values';
import { orderReference, orderReferenceProperties } from './reference';

const show = { resource: ['order'], operation: ['update'] };

/** The carriers whose block carries a TTN; SalesDrive takes one per request (UNCERTAIN). */
const CARRIERS = [
	{ name: 'Nova Poshta', value: 'novaposhta' },
	{ name: 'Ukrposhta', value: 'ukrposhta' },
	{ name: 'Meest', value: 'meest' },
	{ name: 'Rozetka Delivery', value: 'rozetka_delivery' },
];

export const description: INodeProperties[] = [
	...orderReferenceProperties(show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Only the fields given change; product lines and the contact’s data cannot be changed this way',
		displayOptions: { show },
		options: [
			{ displayName: 'Comment', name: 'comment', type: 'string', default: '' },
			{
				displayName: 'Custom Fields (JSON)',
				name: 'customFields',
				type: 'json',
				default: '{}',
				description: 'The account’s own order fields by their parameter, e.g. {"dokument_bas":"…","dzherelo":"id_2"}',
			},
			{
				displayName: 'Delivery Method Name or ID',
				name: 'shipping_method',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getDeliveryMethodParameters' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Manager ID', name: 'salesdrive_manager', type: 'number', default: 0 },
			{
				displayName: 'New External ID',
				name: 'newExternalId',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Payment Date',
				name: 'paymentDate',
				type: 'string',
				default: '',
				placeholder: '25.08.2025',
				description: 'DD.MM.YYYY',
			},
			{
				displayName: 'Payment Method Name or ID',
				name: 'payment_method',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPaymentMethodParameters' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Shipping Address', name: 'shipping_address', type: 'string', default: '' },
			{
				displayName: 'Status Name or ID',
				name: 'statusId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'TTN',
				name: 'ttn',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add TTN',
				description: 'The tracking number of the shipment',
				options: [
					{
						displayName: 'TTN',
						name: 'value',
						values: [
							{ displayName: 'Carrier', name: 'carrier', type: 'options', options: CARRIERS, default: 'novaposhta' },
							{ displayName: 'Tracking Number', name: 'number', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
];

function updateData(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const { customFields, ttn, newExternalId, statusId, salesdrive_manager, ...fields } = ctx.getNodeParameter(
		'updateFields',
		itemIndex,
		{},
	) as IDataObject;
	const data: IDataObject = {
		...jsonObjectOf(ctx, itemIndex, 'Custom Fields (JSON)', customFields),
		...withValues(fields),
	};
	if (!isBlank(statusId)) data.statusId = numberOf(ctx, itemIndex, 'Status', statusId);
	if (!isBlank(newExternalId)) data.externalId = newExternalId;
	if (!isBlank(salesdrive_manager) && salesdrive_manager !== 0) data.salesdrive_manager = salesdrive_manager;
	const tracking = (ttn as IDataObject | undefined)?.value as IDataObject | undefined;
	if (tracking && !isBlank(tracking.number)) {
		data[String(tracking.carrier)] = { ttn: String(tracking.number).trim() };
	}
	if (Object.keys(data).length === 0)
		throw itemError(ctx, itemIndex, 'Nothing to update: add a field to Update Fields');
	return data;
}

/** Changes an order's status, fields, comment or TTN (`/api/order/update/`), by ID or External ID. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const reference = orderReference(this, itemIndex);
	const data = updateData(this, itemIndex);
	try {
		// sets fields to given values: repeating it changes nothing more
		await salesDriveRequest(this, connection, {
			method: 'POST',
			path: '/api/order/update/',
			body: { ...reference, data },
			idempotent: true,
			itemIndex,
		});
	} catch (error) {
		throw explainRefusal(error, { ...reference, ...data });
	}
	return [{ json: { success: true, ...reference, updated: data }, pairedItem: { item: itemIndex } }];
}
