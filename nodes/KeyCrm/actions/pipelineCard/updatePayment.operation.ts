import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { paymentStatusProperty } from '../order/payment';
import { idParameter, outputItem, writeForItem } from '../shared';

const show = { resource: ['pipelineCard'], operation: ['updatePayment'] };

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
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	paymentStatusProperty('updatePayment', true, 'pipelineCard'),
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: 'Left as it is when empty',
		displayOptions: { show },
	},
];

/** As for orders: a card payment's status and description change, never its amount. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const cardId = idParameter(this, 'cardId', 'Card ID', itemIndex);
	const paymentId = idParameter(this, 'paymentId', 'Payment ID', itemIndex);
	const body: IDataObject = { status: this.getNodeParameter('paymentStatus', itemIndex) as string };
	const text = this.getNodeParameter('description', itemIndex, '') as string;
	if (text) body.description = text;
	const payment = await writeForItem(this, connection, itemIndex, {
		method: 'PUT',
		path: `/pipelines/cards/${cardId}/payment/${paymentId}`,
		body,
	});
	return [outputItem({ card_id: cardId, ...payment }, itemIndex)];
}
