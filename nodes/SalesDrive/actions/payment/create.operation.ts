import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';
import { accountDateTime, explainRefusal, isBlank, numberOf, withValues } from '../values';
import { orderReference, orderReferenceProperties } from '../order/reference';

const show = { resource: ['payment'], operation: ['create'] };

export const description: INodeProperties[] = [
	...orderReferenceProperties(show),
	{
		displayName: 'Sum',
		name: 'sum',
		type: 'number',
		required: true,
		default: 0,
		description: 'The amount paid (negative for money paid out)',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Account Number',
				name: 'accountNumber',
				type: 'string',
				default: '',
				description: 'The IBAN of your account the money came to',
			},
			{ displayName: 'Counterparty Code', name: 'counterpartyCode', type: 'string', default: '' },
			{ displayName: 'Counterparty Name', name: 'counterpartyName', type: 'string', default: '' },
			{
				displayName: 'Date and Time',
				name: 'datetime',
				type: 'dateTime',
				default: '',
				description: 'When the payment was made; now when empty',
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Organization ID', name: 'organizationId', type: 'number', default: 0 },
			{ displayName: 'Payer Last Name', name: 'payerLastName', type: 'string', default: '' },
			{
				displayName: 'Time Zone',
				name: 'timezone',
				type: 'string',
				default: 'Europe/Kyiv',
				description: 'The zone of Date and Time',
			},
			{
				displayName: 'Unique ID',
				name: 'uniqueId',
				type: 'string',
				default: '',
				description:
					'Your ID of the payment (e.g. the bank transaction or the BAS document); sending it again does not make a second payment',
			},
		],
	},
];

/** A bank payment attached to an order (`/api/payment/`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const reference = orderReference(this, itemIndex);
	const { datetime, organizationId, ...fields } = this.getNodeParameter(
		'additionalFields',
		itemIndex,
		{},
	) as IDataObject;
	const timeZone = isBlank(fields.timezone) ? 'Europe/Kyiv' : String(fields.timezone);
	const body: IDataObject = {
		...withValues(fields),
		...(reference.id !== undefined ? { orderId: reference.id } : { orderExternalId: reference.externalId }),
		sum: numberOf(this, itemIndex, 'Sum', this.getNodeParameter('sum', itemIndex)),
	};
	if (!isBlank(organizationId) && organizationId !== 0) body.organizationId = organizationId;
	if (!isBlank(datetime)) {
		body.datetime = accountDateTime(this, itemIndex, 'Date and Time', datetime, timeZone);
		body.timezone = timeZone;
	}
	try {
		// repeated only with a Unique ID, which SalesDrive uses to answer with the payment made before
		const reply = await salesDriveRequest(this, connection, {
			method: 'POST',
			path: '/api/payment/',
			body,
			idempotent: !isBlank(body.uniqueId),
			itemIndex,
		});
		const data = (reply.data ?? {}) as IDataObject;
		return [{ json: { paymentId: data.paymentId ?? null, ...body }, pairedItem: { item: itemIndex } }];
	} catch (error) {
		throw explainRefusal(error, body);
	}
}
