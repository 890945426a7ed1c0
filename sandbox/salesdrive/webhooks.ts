/**
 * SalesDrive's outgoing order webhooks: a JSON POST on a new order and on a status change, with
 * the envelope `{info, data, meta}`. No signature exists (the reference found none); a receiver
 * authenticates by a secret in its URL. Deliveries are not retried.
 */
import type { WebhookDelivery, WebhookSender } from '../common/webhooks';
import type { SdOrder } from './model';
import type { SalesDriveStore } from './store';

export type OrderWebhookEvent = 'new_order' | 'status_change';

export const ORDER_WEBHOOK_EVENTS: OrderWebhookEvent[] = ['new_order', 'status_change'];

export interface OrderWebhookBody {
	info: { webhookType: 'order'; webhookEvent: OrderWebhookEvent; account: string };
	data: Record<string, unknown>;
	meta: { fields: Record<string, unknown> & { contacts: { fields: Record<string, unknown> } } };
}

/**
 * The body SalesDrive posts: `data` is the order as the list shows it, without `primaryContact`
 * and with richer product lines (name, category, rest, kit parts); `meta.fields` labels this
 * order's select values (status, manager, methods, site, custom selects) and, under
 * `meta.fields.contacts.fields`, the contact's — where a captured status_change body has them
 * (the reference's `meta.contacts` is not what arrives; new_order is assumed to match).
 */
export function orderWebhookBody(
	store: SalesDriveStore,
	order: SdOrder,
	event: OrderWebhookEvent,
	account: string,
): OrderWebhookBody {
	return {
		info: { webhookType: 'order', webhookEvent: event, account },
		data: store.orderView(order, 'webhook'),
		meta: { fields: { ...store.fieldsMeta(order), contacts: { fields: store.contactFieldsMeta(order) } } },
	};
}

/**
 * Sends an order webhook to every target. The body is taken now (the order as it is at the
 * event); the POSTs go out after the API reply, as SalesDrive sends them asynchronously.
 */
export function sendOrderWebhook(
	sender: WebhookSender,
	store: SalesDriveStore,
	order: SdOrder,
	event: OrderWebhookEvent,
	account: string,
): Promise<WebhookDelivery[]> {
	const body = orderWebhookBody(store, order, event, account);
	return new Promise((resolve) => setImmediate(() => resolve(sender.send(body))));
}
