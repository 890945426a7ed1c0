/**
 * KeyCRM's outgoing webhooks: `{event, context}` where `context` is the flat order row as KeyCRM
 * stores it (buyer as `client_id`, buyer comment as `client_comment`, no lines, no buyer object)
 * with ISO-8601 times carrying microseconds, unlike the REST API. KeyCRM signs nothing.
 */
import type { WebhookDelivery, WebhookSender } from '../common/webhooks';
import { isoTime } from './format';
import { type KeyCrmStore, type OrderEvent, type OrderRecord, orderTotals } from './store';

export const ORDER_EVENTS: readonly OrderEvent[] = ['order.change_order_status', 'order.change_payment_status'];

export interface KeyCrmWebhookBody {
	event: OrderEvent;
	context: Record<string, unknown>;
}

export function orderWebhookContext(store: KeyCrmStore, order: OrderRecord): Record<string, unknown> {
	const totals = orderTotals(order);
	const status = store.status(order.status_id);
	return {
		id: order.id,
		source_uuid: order.source_uuid,
		global_source_uuid: order.global_source_uuid,
		status_on_source: order.status_on_source,
		source_id: order.source_id,
		client_id: order.buyer_id,
		grand_total: totals.grand_total,
		products_total: totals.products_total,
		total_discount: totals.total_discount,
		margin_sum: totals.margin_sum,
		expenses_sum: totals.expenses_sum,
		discount_amount: order.discount_amount,
		discount_percent: order.discount_percent,
		shipping_price: order.shipping_price,
		taxes: order.taxes,
		register_id: null,
		fiscal_result: [],
		fiscal_status: null,
		shipping_type_id: order.shipping?.delivery_service_id ?? null,
		manager_id: order.manager_id,
		status_group_id: status?.group_id ?? null,
		status_id: order.status_id,
		closed_from: null,
		status_changed_at: isoTime(order.status_changed_at),
		status_expired_at: null,
		parent_id: order.parent_id,
		manager_comment: order.manager_comment,
		client_comment: order.buyer_comment,
		discount_data: { loyalty: null, individual: null },
		is_gift: order.is_gift,
		promocode: order.promocode,
		wrap_price: order.wrap_price,
		gift_wrap: order.gift_wrap,
		payment_status: totals.payment_status,
		gift_message: order.gift_message,
		last_synced_at: isoTime(order.last_synced_at),
		created_at: isoTime(order.created_at),
		updated_at: isoTime(order.updated_at),
		closed_at: isoTime(order.closed_at),
		deleted_at: null,
		ordered_at: isoTime(order.ordered_at),
		source_updated_at: null,
		payments_total: totals.payments_total,
		is_expired: false,
		has_reserves: status?.is_reserved ?? false,
	};
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
