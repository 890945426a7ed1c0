import type { IDataObject } from 'n8n-workflow';

export type KeyCrmEvent = 'order.change_order_status' | 'order.change_payment_status' | 'lead.change_lead_status';

export const KEYCRM_EVENTS: KeyCrmEvent[] = [
	'order.change_order_status',
	'order.change_payment_status',
	'lead.change_lead_status',
];

/** What the trigger asks for when it re-fetches the order: what the templates read and the webhook lacks. */
export const ORDER_INCLUDES = [
	'products.offer',
	'buyer',
	'payments',
	'shipping',
	'custom_fields',
	'status',
	'marketing',
];

/**
 * The same delivery twice gives the same key: the record, when its status last changed, and the
 * status — the payment status for a payment event, since that event leaves the order's status
 * (and its `status_changed_at`) as they were.
 */
export function keyCrmEventKey(event: string, context: IDataObject): string {
	const status =
		event === 'order.change_payment_status' ? `payment:${String(context.payment_status ?? '')}` : context.status_id;
	return `${String(context.id ?? '')}|${String(context.status_changed_at ?? '')}|${String(status ?? '')}`;
}
