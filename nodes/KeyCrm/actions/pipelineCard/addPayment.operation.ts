import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { paymentStatusProperty } from '../order/payment';
import { compact, idParameter, outputItem, writeForItem } from '../shared';

const show = { resource: ['pipelineCard'], operation: ['addPayment'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Payment Method Name or ID',
		name: 'paymentMethodId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPaymentMethods' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show },
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		required: true,
		default: 0,
		displayOptions: { show },
	},
	paymentStatusProperty('addPayment', false, 'pipelineCard'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Payment Date',
				name: 'payment_date',
				type: 'string',
				default: '',
				placeholder: '2026-01-31 14:44:00',
				description: 'UTC, as Y-m-d H:i:s; now when empty',
			},
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const cardId = idParameter(this, 'cardId', 'Card ID', itemIndex);
	const method = this.getNodeParameter('paymentMethodId', itemIndex) as string | number;
	const body: IDataObject = {
		...compact(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		payment_method_id: Number(method) || method,
		amount: this.getNodeParameter('amount', itemIndex) as number,
		status: this.getNodeParameter('paymentStatus', itemIndex, 'paid') as string,
	};
	const payment = await writeForItem(this, connection, itemIndex, {
		method: 'POST',
		path: `/pipelines/cards/${cardId}/payment`,
		body,
	});
	return [outputItem({ card_id: cardId, ...payment }, itemIndex)];
}
