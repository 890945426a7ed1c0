/**
 * KeyCRM's outgoing webhooks: `{event, context}` where `context` is the flat order row as KeyCRM
 * stores it (buyer as `client_id`, buyer comment as `client_comment`, no lines, no buyer object)
 * with ISO-8601 times carrying microseconds. KeyCRM signs nothing.
 */
import type { WebhookDelivery, WebhookSender } from '../common/webhooks';
import { type KeyCrmStore, type OrderEvent, type OrderRecord } from './store';
import { orderRowView } from './views';

export const ORDER_EVENTS: readonly OrderEvent[] = ['order.change_order_status', 'order.change_payment_status'];

export interface KeyCrmWebhookBody {
	event: OrderEvent;
	context: Record<string, unknown>;
}

export function orderWebhookContext(store: KeyCrmStore, order: OrderRecord): Record<string, unknown> {
	return orderRowView(store, order);
}

export function orderWebhookBody(store: KeyCrmStore, event: OrderEvent, order: OrderRecord): KeyCrmWebhookBody {
	return { event, context: orderWebhookContext(store, order) };
}

/**
 * Sends order events after the reply to the write that caused them, as KeyCRM's automations do
 * (the caller never waits for the receiver), and keeps the pending sends so tests can wait.
 */
export class KeyCrmWebhooks {
	private readonly pending = new Set<Promise<WebhookDelivery[]>>();

	constructor(
		private readonly store: KeyCrmStore,
		readonly sender: WebhookSender,
	) {}

	/** Queues the event for every target; the body is taken now, so it shows the order as this write left it. */
	dispatch(event: OrderEvent, order: OrderRecord): void {
		if (this.sender.urls.length === 0) return;
		const body = orderWebhookBody(this.store, event, order);
		const sending = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.sender.send(body));
		this.pending.add(sending);
		void sending.finally(() => this.pending.delete(sending));
	}

	/** Sends the event for an order right away (the admin "fire" route). */
	async fire(event: OrderEvent, order: OrderRecord): Promise<WebhookDelivery[]> {
		return await this.sender.send(orderWebhookBody(this.store, event, order));
	}

	/** Resolves when every queued delivery was answered or failed. */
	async settle(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}
}
