import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';

const show = { resource: ['externalTransaction'], operation: ['attach'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		description: 'The order or pipeline card payment the transaction settles',
		displayOptions: { show },
	},
	{
		displayName: 'Transaction By',
		name: 'transactionBy',
		type: 'options',
		options: [
			{ name: 'ID', value: 'transaction_id' },
			{ name: 'UUID', value: 'transaction_uuid' },
		],
		default: 'transaction_id',
		displayOptions: { show },
	},
	{
		displayName: 'Transaction',
		name: 'transaction',
		type: 'string',
		required: true,
		default: '',
		description: "The transaction's KeyCRM ID or its UUID",
		displayOptions: { show },
	},
];

/** `POST /payments/{id}/external-transactions`; the output is the payment. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const paymentId = idParameter(this, 'paymentId', 'Payment ID', itemIndex);
	const by = this.getNodeParameter('transactionBy', itemIndex) as string;
	const body: IDataObject =
		by === 'transaction_id'
			? { transaction_id: idParameter(this, 'transaction', 'Transaction', itemIndex) }
			: { transaction_uuid: String(this.getNodeParameter('transaction', itemIndex)).trim() };
	const payment = await writeForItem(this, connection, itemIndex, {
		method: 'POST',
		path: `/payments/${paymentId}/external-transactions`,
		body,
	});
	return [outputItem(payment, itemIndex)];
}
