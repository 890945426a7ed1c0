import type { INodeProperties } from 'n8n-workflow';

export const PAYMENT_STATUSES = [
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Not Paid', value: 'not_paid' },
	{ name: 'Paid', value: 'paid' },
];

export function paymentStatusProperty(operation: string, required: boolean, resource = 'order'): INodeProperties {
	return {
		displayName: 'Status',
		name: 'paymentStatus',
		type: 'options',
		options: PAYMENT_STATUSES,
		default: 'paid',
		required,
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}
