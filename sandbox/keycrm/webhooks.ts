/**
 * KeyCRM's outgoing webhooks: `{event, context}` where `context` is the flat order row as KeyCRM
 * stores it (buyer as `client_id`, buyer comment as `client_comment`, no lines, no buyer object)
 * with ISO-8601 times carrying microseconds. KeyCRM signs nothing. A lead (pipeline card) moved
 * to another status sends `lead.change_lead_status` with the card's flat row; its exact context
 * is not documented, so the sandbox sends the card as the API lists it.
 */
import type { WebhookDelivery, WebhookSender } from '../common/webhooks';
import { type KeyCrmStore, type OrderEvent, type OrderRecord } from './store';
import type { CardRecord } from './records';
import { cardView, orderRowView } from './views';

export const ORDER_EVENTS: readonly OrderEvent[] = ['order.change_order_status', 'order.change_payment_status'];

export const LEAD_STATUS_EVENT = 'lead.change_lead_status';

export interface KeyCrmWebhookBody {
	event: OrderEvent | typeof LEAD_STATUS_EVENT;
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
		this.queue(orderWebhookBody(this.store, event, order));
	}

	/** Queues `lead.change_lead_status` for a card a write moved to another status. */
	dispatchLead(card: CardRecord): void {
		this.queue({ event: LEAD_STATUS_EVENT, context: cardView(this.store, card) as Record<string, unknown> });
	}

	private queue(body: KeyCrmWebhookBody): void {
		if (this.sender.urls.length === 0) return;
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
