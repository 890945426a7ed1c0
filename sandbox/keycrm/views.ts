/**
 * How KeyCRM shows its records: times as ISO-8601 UTC with microseconds (`…T10:00:00.000000Z`),
 * relations only when asked for with `include=`, relation keys in snake_case
 * (`shipping.deliveryService` → `shipping.delivery_service`), money in buyer aggregates as
 * strings, line pictures as `{thumbnail}` objects.
 */
import { apiTime, moneyString } from './format';
import {
	type BuyerRecord,
	type OrderLine,
	type CustomValue,
	type KeyCrmStore,
	lineUnitPrice,
	offerQuantity,
	type OfferRecord,
	type OrderRecord,
	orderTotals,
	type PaymentRecord,
	type ProductRecord,
	type UserRecord,
	type CompanyRecord,
	type CallRecord,
	type CardRecord,
	type ExpenseRecord,
	type ExternalTransactionRecord,
	type FileRecord,
	type PipelineStatusRecord,
} from './store';

type Json = Record<string, unknown>;

/** Formats the listed epoch fields of a flat record. */
function withTimes<T extends object>(record: T, keys: Array<keyof T>): Json {
	const out: Json = { ...(record as Json) };
	for (const key of keys) out[key as string] = apiTime(record[key] as number | null);
	return out;
}

export function userView(user: UserRecord): Json {
	return {
		...withTimes(user, ['created_at', 'updated_at', 'last_logged_at']),
		full_name: `${user.first_name} ${user.last_name}`,
	};
}

export function paymentView(store: KeyCrmStore, payment: PaymentRecord, withMethod = false): Json {
	const { order_id, ...rest } = payment;
	const view: Json = {
		...withTimes(rest, ['payment_date', 'created_at', 'updated_at']),
		destination_id: order_id,
		fiscal_result: [],
	};
	if (withMethod) view.payment_method = store.paymentMethod(payment.payment_method_id) ?? null;
	return view;
}

function customFieldsView(store: KeyCrmStore, values: Map<string, CustomValue>): Json[] {
	return [...values].map(([uuid, value]) => {
		const field = store.customFields.find((f) => f.uuid === uuid);
		return { id: field?.id ?? null, uuid, name: field?.name ?? uuid, type: field?.type ?? 'text', value };
	});
}

/** The offer as nested in an order line (`products.offer`). */
function lineOfferView(offer: OfferRecord): Json {
	return {
		id: offer.id,
		product_id: offer.product_id,
		sku: offer.sku,
		barcode: offer.barcode,
		price: offer.price,
		purchased_price: offer.purchased_price,
		quantity: offerQuantity(offer).quantity,
		weight: offer.weight,
		length: offer.length,
		width: offer.width,
		height: offer.height,
		properties: offer.properties,
	};
}

export const ORDER_INCLUDES = [
	'buyer',
	'products',
	'products.offer',
	'manager',
	'tags',
	'status',
	'marketing',
	'payments',
	'shipping',
	'shipping.lastHistory',
	'shipping.deliveryService',
	'expenses',
	'custom_fields',
	'assigned',
] as const;

/**
 * An order's own row, as webhooks carry it (their `context`): the buyer as `client_id`, its
 * comment as `client_comment`, totals, no relations.
 */
export function orderRowView(store: KeyCrmStore, order: OrderRecord): Json {
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
		status_changed_at: apiTime(order.status_changed_at),
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
		last_synced_at: apiTime(order.last_synced_at),
		created_at: apiTime(order.created_at),
		updated_at: apiTime(order.updated_at),
		closed_at: apiTime(order.closed_at),
		deleted_at: null,
		ordered_at: apiTime(order.ordered_at),
		source_updated_at: null,
		payments_total: totals.payments_total,
		is_expired: false,
		has_reserves: status?.is_reserved ?? false,
	};
}

/** An order's own fields in REST replies: the row plus `buyer_comment` (a captured reply has both comments). */
export function orderBaseView(store: KeyCrmStore, order: OrderRecord): Json {
	return { ...orderRowView(store, order), buyer_comment: order.buyer_comment };
}

/** What `POST /order` answers: the whole new order, as a captured reply shows it. */
export const CREATED_ORDER_INCLUDES = new Set(['products', 'buyer', 'shipping', 'payments']);

/** A line's picture as KeyCRM shows it: an object with the thumbnail's address, or null. */
function pictureView(line: OrderLine): Json | null {
	return line.picture ? { thumbnail: line.picture } : null;
}

export function orderView(store: KeyCrmStore, order: OrderRecord, includes: Set<string>): Json {
	const view = orderBaseView(store, order);
	if (includes.has('buyer')) {
		const buyer = order.buyer_id !== null ? store.buyers.get(order.buyer_id) : undefined;
		// inside an order the buyer carries its first email and phone as plain strings
		view.buyer = buyer
			? {
					...buyerView(store, buyer, new Set()),
					email: buyer.email[0] ?? null,
					phone: buyer.phone[0] ?? null,
					picture: null,
					image: null,
				}
			: null;
	}
	if (includes.has('products') || includes.has('products.offer')) {
		view.products = order.lines.map((line) => {
			const warehouse = line.warehouse_id !== null ? store.warehouse(line.warehouse_id) : undefined;
			const priceSold = lineUnitPrice(line);
			const item: Json = {
				id: line.id,
				name: line.name,
				sku: line.sku,
				price: line.price,
				price_sold: priceSold,
				purchased_price: line.purchased_price,
				discount_percent: line.discount_percent,
				discount_amount: line.discount_amount,
				total_discount: Math.round((line.price - priceSold) * line.quantity * 100) / 100,
				quantity: line.quantity,
				unit_type: line.unit_type,
				upsale: line.upsale,
				comment: line.comment,
				product_status_id: line.product_status_id,
				picture: pictureView(line),
				properties: line.properties,
				stock_status: null,
				shipment_type: 'warehouse',
				warehouse: warehouse ?? null,
			};
			if (includes.has('products.offer')) {
				const offer = line.offer_id !== null ? store.offers.get(line.offer_id) : undefined;
				item.offer = offer ? lineOfferView(offer) : null;
			}
			return item;
		});
	}
	if (includes.has('manager')) {
		const manager = order.manager_id !== null ? store.user(order.manager_id) : undefined;
		view.manager = manager ? userView(manager) : null;
	}
	if (includes.has('tags')) {
		view.tags = order.tag_ids
			.map((id) => store.tags.find((t) => t.id === id))
			.filter(Boolean)
			.map((tag) => withTimes(tag!, ['created_at', 'updated_at']));
	}
	if (includes.has('status')) {
		const status = store.status(order.status_id);
		view.status = status ? { ...withTimes(status, ['created_at', 'updated_at']), deleted_at: null } : null;
	}
	if (includes.has('marketing')) {
		view.marketing = order.marketing ? withTimes(order.marketing, ['created_at', 'updated_at']) : null;
	}
	if (includes.has('payments')) view.payments = order.payments.map((p) => paymentView(store, p));
	const wantsShipping = [...includes].some((i) => i === 'shipping' || i.startsWith('shipping.'));
	if (wantsShipping) {
		const shipping = order.shipping;
		if (!shipping) view.shipping = null;
		else {
			const out: Json = {
				...withTimes(shipping, ['shipping_date']),
				shipping_date_actual: apiTime(shipping.shipping_date_actual),
			};
			if (includes.has('shipping.deliveryService')) {
				out.delivery_service =
					shipping.delivery_service_id !== null ? (store.deliveryService(shipping.delivery_service_id) ?? null) : null;
			}
			if (includes.has('shipping.lastHistory')) {
				out.last_history = shipping.shipping_status
					? { status: shipping.shipping_status, created_at: apiTime(order.updated_at) }
					: null;
			}
			view.shipping = out;
		}
	}
	if (includes.has('expenses')) view.expenses = store.expensesOf(order.id).map((e) => expenseView(store, e));
	if (includes.has('custom_fields')) view.custom_fields = customFieldsView(store, order.custom);
	if (includes.has('assigned')) {
		const manager = order.manager_id !== null ? store.user(order.manager_id) : undefined;
		view.assigned = manager
			? [{ ...userView(manager), role: { id: manager.role_id, name: 'Менеджер', alias: 'manager' } }]
			: [];
	}
	return view;
}

export const BUYER_INCLUDES = ['manager', 'shipping', 'company', 'loyalty', 'custom_fields'] as const;

export function buyerView(store: KeyCrmStore, buyer: BuyerRecord, includes: Set<string>): Json {
	const orders = store.ordersOf(buyer.id);
	const view: Json = {
		id: buyer.id,
		full_name: buyer.full_name,
		birthday: buyer.birthday,
		email: buyer.email,
		phone: buyer.phone,
		note: buyer.note,
		discount: buyer.discount,
		company_id: buyer.company_id,
		manager_id: buyer.manager_id,
		orders_count: orders.length,
		orders_sum: moneyString(orders.reduce((sum, o) => sum + orderTotals(o).grand_total, 0)),
		has_duplicates: 0,
		created_at: apiTime(buyer.created_at),
		updated_at: apiTime(buyer.updated_at),
		deleted_at: null,
	};
	if (includes.has('manager')) {
		const manager = buyer.manager_id !== null ? store.user(buyer.manager_id) : undefined;
		view.manager = manager ? userView(manager) : null;
	}
	if (includes.has('shipping')) view.shipping = buyer.shipping;
	if (includes.has('company')) {
		const company = buyer.company_id !== null ? store.companies.get(buyer.company_id) : undefined;
		view.company = company ? companyView(store, company, new Set()) : null;
	}
	if (includes.has('loyalty')) view.loyalty = [];
	if (includes.has('custom_fields')) view.custom_fields = [...buyer.custom].map(([uuid, value]) => ({ uuid, value }));
	return view;
}

export const COMPANY_INCLUDES = ['manager', 'buyer', 'custom_fields'] as const;

export function companyView(store: KeyCrmStore, company: CompanyRecord, includes: Set<string>): Json {
	const { custom, ...rest } = company;
	const view: Json = { ...withTimes(rest, ['created_at', 'updated_at']), deleted_at: null };
	if (includes.has('manager')) {
		const manager = company.manager_id !== null ? store.user(company.manager_id) : undefined;
		view.manager = manager ? userView(manager) : null;
	}
	if (includes.has('buyer')) {
		view.buyer = [...store.buyers.values()]
			.filter((b) => b.company_id === company.id)
			.map((b) => buyerView(store, b, new Set()));
	}
	if (includes.has('custom_fields')) view.custom_fields = customFieldsView(store, custom);
	return view;
}

export function productView(store: KeyCrmStore, product: ProductRecord, includes: Set<string> = new Set()): Json {
	const offers = product.offerIds.map((id) => store.offers.get(id)!).filter(Boolean);
	const prices = offers.map((o) => o.price);
	const quantity = offers.reduce((sum, o) => sum + offerQuantity(o).quantity, 0);
	const first = offers[0];
	const view: Json = {
		id: product.id,
		name: product.name,
		description: product.description,
		thumbnail_url: product.pictures[0] ?? null,
		attachments_data: product.pictures,
		quantity,
		unit_type: product.unit_type,
		currency_code: product.currency_code,
		// sku, barcode and price belong to the product only while it has no variants
		sku: product.has_offers ? null : (first?.sku ?? null),
		barcode: product.has_offers ? null : (first?.barcode ?? null),
		price: product.has_offers ? null : (first?.price ?? null),
		purchased_price: product.has_offers ? null : (first?.purchased_price ?? null),
		min_price: prices.length ? Math.min(...prices) : 0,
		max_price: prices.length ? Math.max(...prices) : 0,
		weight: first?.weight ?? null,
		length: first?.length ?? null,
		width: first?.width ?? null,
		height: first?.height ?? null,
		has_offers: product.has_offers,
		is_archived: product.is_archived,
		category_id: product.category_id,
		created_at: apiTime(product.created_at),
		updated_at: apiTime(product.updated_at),
	};
	if (includes.has('custom_fields')) view.custom_fields = customFieldsView(store, product.custom);
	return view;
}

/** `properties_agg`: every variant property with the values the product's offers use. */
function propertiesAggregate(store: KeyCrmStore, product: ProductRecord): Record<string, string[]> {
	const agg: Record<string, string[]> = {};
	for (const id of product.offerIds) {
		for (const { name, value } of store.offers.get(id)?.properties ?? []) {
			const values = (agg[name] ??= []);
			if (!values.includes(value)) values.push(value);
		}
	}
	return agg;
}

export function offerView(store: KeyCrmStore, offer: OfferRecord, includes: Set<string>): Json {
	const { quantity, reserve } = offerQuantity(offer);
	const view: Json = {
		id: offer.id,
		product_id: offer.product_id,
		sku: offer.sku,
		barcode: offer.barcode,
		thumbnail_url: offer.image_url,
		price: offer.price,
		purchased_price: offer.purchased_price,
		quantity,
		in_reserve: reserve,
		weight: offer.weight,
		length: offer.length,
		width: offer.width,
		height: offer.height,
		properties: offer.properties,
		is_archived: offer.is_archived,
		created_at: apiTime(offer.created_at),
		updated_at: apiTime(offer.updated_at),
	};
	if (includes.has('product')) {
		const product = store.products.get(offer.product_id);
		view.product = product
			? { ...productView(store, product), properties_agg: propertiesAggregate(store, product) }
			: null;
	}
	return view;
}

export function stockView(store: KeyCrmStore, offer: OfferRecord, details: boolean): Json {
	const { quantity, reserve } = offerQuantity(offer);
	const view: Json = {
		id: offer.id,
		sku: offer.sku,
		price: offer.price,
		purchased_price: offer.purchased_price,
		quantity,
		reserve,
	};
	if (details) {
		view.warehouse = [...offer.stocks]
			.sort(([a], [b]) => a - b)
			.map(([id, stock]) => ({
				id,
				name: store.warehouse(id)?.name ?? null,
				quantity: stock.quantity,
				reserve: stock.reserve,
			}));
	}
	return view;
}

export function expenseView(store: KeyCrmStore, expense: ExpenseRecord): Json {
	const { order_id, ...rest } = expense;
	return {
		...withTimes(rest, ['payment_date', 'created_at', 'updated_at']),
		destination_id: order_id,
		expense_type: store.expenseTypes.find((t) => t.id === expense.expense_type_id) ?? null,
	};
}

export function fileView(file: FileRecord): Json {
	const { digest: _digest, ...rest } = file;
	return withTimes(rest, ['created_at', 'updated_at']);
}

export function transactionView(store: KeyCrmStore, transaction: ExternalTransactionRecord): Json {
	const { payment_ids, ...rest } = transaction;
	const payments = payment_ids.map((id) => {
		for (const order of store.orders.values()) {
			const payment = order.payments.find((p) => p.id === id);
			if (payment) return { payment_id: id, destination_id: order.id, amount: payment.amount };
		}
		return { payment_id: id, destination_id: null, amount: null };
	});
	return { ...withTimes(rest, ['transaction_date', 'created_at', 'updated_at']), payments_data: payments };
}

export function pipelineStatusView(store: KeyCrmStore, status: PipelineStatusRecord): Json {
	let leads = 0;
	for (const card of store.cards.values()) if (card.status_id === status.id) leads++;
	return { ...status, leads_count: leads };
}

export const CARD_INCLUDES = [
	'contact',
	'contact.client',
	'products',
	'products.offer',
	'manager',
	'status',
	'payments',
	'custom_fields',
] as const;

export function cardView(store: KeyCrmStore, card: CardRecord, includes: Set<string> = new Set()): Json {
	const view: Json = {
		id: card.id,
		title: card.title,
		pipeline_id: card.pipeline_id,
		status_id: card.status_id,
		contact_id: card.contact.id,
		source_id: card.source_id,
		manager_id: card.manager_id,
		manager_comment: card.manager_comment,
		is_finished: card.is_finished,
		...card.marketing,
		status_changed_at: apiTime(card.status_changed_at),
		communicate_at: apiTime(card.communicate_at),
		created_at: apiTime(card.created_at),
		updated_at: apiTime(card.updated_at),
	};
	if (includes.has('contact') || includes.has('contact.client')) {
		const contact: Json = { ...card.contact };
		if (includes.has('contact.client')) {
			const client = card.contact.client_id !== null ? store.buyers.get(card.contact.client_id) : undefined;
			contact.client = client ? buyerView(store, client, new Set()) : null;
		}
		view.contact = contact;
	}
	if (includes.has('products') || includes.has('products.offer')) {
		view.products = card.lines.map((line) => {
			const { offer_id, ...item } = line;
			const out: Json = { ...item, picture: line.picture ? { thumbnail: line.picture } : null };
			if (includes.has('products.offer')) {
				const offer = offer_id !== null ? store.offers.get(offer_id) : undefined;
				out.offer = offer ? lineOfferView(offer) : null;
			}
			return out;
		});
	}
	if (includes.has('manager')) {
		const manager = card.manager_id !== null ? store.user(card.manager_id) : undefined;
		view.manager = manager ? userView(manager) : null;
	}
	if (includes.has('status')) {
		const status = store.pipelineStatuses.find((st) => st.id === card.status_id);
		view.status = status ? pipelineStatusView(store, status) : null;
	}
	if (includes.has('payments')) view.payments = card.payments.map((p) => paymentView(store, p));
	if (includes.has('custom_fields')) view.custom_fields = customFieldsView(store, card.custom);
	return view;
}

export const CALL_INCLUDES = ['manager', 'service', 'lead', 'client'] as const;

export function callView(store: KeyCrmStore, call: CallRecord, includes: Set<string>): Json {
	const view = withTimes(call, ['created_at', 'updated_at']);
	if (includes.has('manager')) {
		const manager = call.user_id !== null ? store.user(call.user_id) : undefined;
		view.manager = manager ? userView(manager) : null;
	}
	if (includes.has('service')) {
		view.service = { id: call.call_route_service_id, name: 'Binotel', alias: 'binotel' };
	}
	if (includes.has('lead')) {
		const card = call.lead_id !== null ? store.cards.get(call.lead_id) : undefined;
		view.lead = card ? cardView(store, card) : null;
	}
	if (includes.has('client')) {
		const client = call.client_id !== null ? store.buyers.get(call.client_id) : undefined;
		view.client = client ? buyerView(store, client, new Set()) : null;
	}
	return view;
}
