import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SalesDriveConnection } from '../../transport';
import { documentFilterProperties, documentQuery } from '../documentFilters';
import { listProperties, readList, simplifyOf } from '../lists';

const show = { resource: ['payment'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...listProperties(show),
	...documentFilterProperties(show, [
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'All', value: 'all' },
				{ name: 'Incoming', value: 'incoming' },
				{ name: 'Outgoing', value: 'outcoming' },
			],
			default: 'all',
		},
	]),
];

/** A payment's date, money, order and payer. */
function simplifyPayment(payment: IDataObject): IDataObject {
	const breakdown = Array.isArray(payment.paymentBreakdown) ? (payment.paymentBreakdown as IDataObject[]) : [];
	return {
		id: payment.id,
		date: payment.date,
		type: payment.type,
		sum: payment.sum,
		purpose: payment.purpose,
		updatedAt: payment.updatedAt,
		organizationId: (payment.organization as IDataObject | null)?.id ?? null,
		orderIds: breakdown.map((part) => (part.order as IDataObject | null)?.id).filter((id) => id !== undefined),
		counterparty: payment.counterparty ?? null,
	};
}

/** Payments (`/api/payment/list/`), newest first. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const { qs, filters } = documentQuery(this, itemIndex);
	if (filters.type && filters.type !== 'all') qs.type = filters.type;
	const payments = await readList(this, connection, itemIndex, '/api/payment/list/', qs);
	const simplify = simplifyOf(this, itemIndex);
	return payments.map((payment) => ({
		json: simplify ? simplifyPayment(payment) : payment,
		pairedItem: { item: itemIndex },
	}));
}
