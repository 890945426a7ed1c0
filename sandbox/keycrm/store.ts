/**
 * The KeyCRM sandbox's data and the rules of its writes: validation with Laravel-style errors,
 * totals and payment status derived the way KeyCRM derives them, stock set per warehouse. Times
 * are kept as epoch milliseconds (whole seconds, UTC) and formatted by the views.
 */
import { nowSeconds, parseStrictRestTime, round2, samePhone } from './format';
import {
	type BuyerRecord,
	type BuyerShipping,
	type CategoryRecord,
	type CustomFieldModel,
	type CustomFieldRecord,
	type CustomValue,
	type DeliveryServiceRecord,
	type NamedRecord,
	type OfferRecord,
	type OrderEvent,
	type OrderLine,
	type OrderRecord,
	type OrderShipping,
	type OrderTotals,
	PAYMENT_STATES,
	type PaymentMethodRecord,
	type PaymentRecord,
	type PaymentStatus,
	type ProductRecord,
	type SourceRecord,
	type StatusRecord,
	type TagRecord,
	type UserRecord,
	type WarehouseRecord,
} from './records';
import { type Dict, isDict, KeyCrmError, notFound, Validator } from './validation';

export * from './records';

/** Sold price of one unit after the line's own discounts. */
export function lineUnitPrice(line: OrderLine): number {
	return round2(line.price - (line.price * line.discount_percent) / 100 - line.discount_amount);
}

export function orderTotals(order: OrderRecord): OrderTotals {
	let productsTotal = 0;
	let soldTotal = 0;
	let purchasedTotal = 0;
	for (const line of order.lines) {
		productsTotal += line.price * line.quantity;
		soldTotal += lineUnitPrice(line) * line.quantity;
		purchasedTotal += line.purchased_price * line.quantity;
	}
	const orderDiscount = (soldTotal * order.discount_percent) / 100 + order.discount_amount;
	const goods = soldTotal - orderDiscount;
	const grandTotal = round2(goods + order.shipping_price + order.wrap_price + order.taxes);
	const paid = round2(order.payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amount, 0));
	return {
		products_total: round2(productsTotal),
		total_discount: round2(productsTotal - soldTotal + orderDiscount),
		grand_total: grandTotal,
		payments_total: paid,
		payment_status: paymentStatus(paid, grandTotal),
		purchased_total: round2(purchasedTotal),
		margin_sum: round2(goods - purchasedTotal),
		expenses_sum: 0,
	};
}

function paymentStatus(paid: number, due: number): PaymentStatus {
	if (paid <= 0) return 'not_paid';
	if (Math.abs(paid - due) < 0.005) return 'paid';
	return paid < due ? 'part_paid' : 'overpaid';
}

/** Start values of the id sequences; distinct ranges make an order id passed as a buyer id show up as a 404. */
const FIRST_IDS = { order: 1000, buyer: 500, product: 100, offer: 200, line: 5000, payment: 9000 };

type SequenceName = keyof typeof FIRST_IDS;

/** The largest `PUT /offers` and `PUT /offers/stocks` the sandbox accepts (not documented by KeyCRM). */
export const DEFAULT_MAX_BATCH_ITEMS = 500;

export class KeyCrmStore {
	statuses: StatusRecord[] = [];
	sources: SourceRecord[] = [];
	paymentMethods: PaymentMethodRecord[] = [];
	deliveryServices: DeliveryServiceRecord[] = [];
	warehouses: WarehouseRecord[] = [];
	users: UserRecord[] = [];
	tags: TagRecord[] = [];
	expenseTypes: NamedRecord[] = [];
	productStatuses: NamedRecord[] = [];
	categories: CategoryRecord[] = [];
	customFields: CustomFieldRecord[] = [];

	readonly buyers = new Map<number, BuyerRecord>();
	readonly products = new Map<number, ProductRecord>();
	readonly offers = new Map<number, OfferRecord>();
	readonly orders = new Map<number, OrderRecord>();
	private readonly offersBySku = new Map<string, OfferRecord>();
	private readonly ordersByBuyer = new Map<number, number[]>();
	private readonly sequences = { ...FIRST_IDS };

	/** called after a write changed an order's status or payment status */
	onOrderEvent?: (event: OrderEvent, order: OrderRecord) => void;

	maxBatchItems = DEFAULT_MAX_BATCH_ITEMS;

	/** `seed` fills a cleared store (the demo data); `reset()` calls it again. */
	constructor(private readonly seed: (store: KeyCrmStore) => void = () => {}) {
		this.reset();
	}

	reset(): void {
		this.clear();
		this.seed(this);
	}

	clear(): void {
		this.statuses = [];
		this.sources = [];
		this.paymentMethods = [];
		this.deliveryServices = [];
		this.warehouses = [];
		this.users = [];
		this.tags = [];
		this.expenseTypes = [];
		this.productStatuses = [];
		this.categories = [];
		this.customFields = [];
		this.buyers.clear();
		this.products.clear();
		this.offers.clear();
		this.orders.clear();
		this.offersBySku.clear();
		this.ordersByBuyer.clear();
		Object.assign(this.sequences, FIRST_IDS);
	}

	nextId(name: SequenceName): number {
		return ++this.sequences[name];
	}

	counts() {
		let payments = 0;
		for (const order of this.orders.values()) payments += order.payments.length;
		return {
			orders: this.orders.size,
			buyers: this.buyers.size,
			products: this.products.size,
			offers: this.offers.size,
			payments,
			warehouses: this.warehouses.length,
			statuses: this.statuses.length,
			sources: this.sources.length,
		};
	}

	// ---- lookups ----

	status(id: number) {
		return this.statuses.find((s) => s.id === id);
	}

	source(id: number) {
		return this.sources.find((s) => s.id === id);
	}

	paymentMethod(id: number) {
		return this.paymentMethods.find((m) => m.id === id);
	}

	deliveryService(id: number) {
		return this.deliveryServices.find((d) => d.id === id);
	}

	warehouse(id: number) {
		return this.warehouses.find((w) => w.id === id);
	}

	user(id: number) {
		return this.users.find((u) => u.id === id);
	}

	category(id: number) {
		return this.categories.find((c) => c.id === id);
	}

	productStatus(id: number) {
		return this.productStatuses.find((s) => s.id === id);
	}

	offerBySku(sku: string): OfferRecord | undefined {
		return this.offersBySku.get(sku);
	}

	ordersOf(buyerId: number): OrderRecord[] {
		return (this.ordersByBuyer.get(buyerId) ?? []).map((id) => this.orders.get(id)!).filter(Boolean);
	}

	getOrder(id: number): OrderRecord {
		const order = this.orders.get(id);
		if (!order) throw notFound('Order', id);
		return order;
	}

	getBuyer(id: number): BuyerRecord {
		const buyer = this.buyers.get(id);
		if (!buyer) throw notFound('Client', id);
		return buyer;
	}

	getProduct(id: number): ProductRecord {
		const product = this.products.get(id);
		if (!product) throw notFound('Product', id);
		return product;
	}

	// ---- inserts that keep the indexes (used by writes and by the demo data) ----

	insertBuyer(buyer: BuyerRecord): BuyerRecord {
		this.buyers.set(buyer.id, buyer);
		return buyer;
	}

	insertProduct(product: ProductRecord): ProductRecord {
		this.products.set(product.id, product);
		return product;
	}

	insertOffer(offer: OfferRecord): OfferRecord {
		this.offers.set(offer.id, offer);
		if (offer.sku) this.offersBySku.set(offer.sku, offer);
		const product = this.products.get(offer.product_id);
		if (product && !product.offerIds.includes(offer.id)) product.offerIds.push(offer.id);
		return offer;
	}

	insertOrder(order: OrderRecord): OrderRecord {
		this.orders.set(order.id, order);
		if (order.buyer_id !== null) {
			const list = this.ordersByBuyer.get(order.buyer_id) ?? [];
			list.push(order.id);
			this.ordersByBuyer.set(order.buyer_id, list);
		}
		return order;
	}

	private emit(event: OrderEvent, order: OrderRecord): void {
		this.onOrderEvent?.(event, order);
	}

	// ---- custom fields ----

	/** Validates `custom_fields[{uuid, value}]` for a model; returns what to store. */
	private readCustomFields(
		v: Validator,
		input: unknown,
		model: CustomFieldModel,
		prefix = 'custom_fields',
	): Map<string, CustomValue> | undefined {
		const list = v.array(prefix, input);
		if (!list) return undefined;
		const values = new Map<string, CustomValue>();
		list.forEach((item, i) => {
			const at = `${prefix}.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			if (!v.required(`${at}.uuid`, item.uuid)) return;
			const field = this.customFields.find((f) => f.uuid === item.uuid && f.model === model);
			if (!field) return v.invalid(`${at}.uuid`);
			const value = item.value as CustomValue;
			if (field.type === 'select' && value !== null && value !== undefined) {
				const chosen = Array.isArray(value) ? value : [value];
				const known = field.options.map((o) => o.value);
				if (chosen.some((c) => !known.includes(String(c)))) return v.invalid(`${at}.value`);
				values.set(field.uuid, chosen.map(String));
				return;
			}
			values.set(field.uuid, value ?? null);
		});
		return values;
	}

	// ---- buyers ----

	private readBuyerShipping(v: Validator, input: unknown): BuyerShipping[] | undefined {
		const list = v.array('shipping', input);
		if (!list) return undefined;
		const text = (item: Dict, key: string) =>
			item[key] === undefined || item[key] === null ? null : String(item[key]);
		return list.filter(isDict).map((item) => ({
			address: text(item, 'address'),
			additional_address: text(item, 'additional_address'),
			city: text(item, 'city'),
			region: text(item, 'region'),
			zip_code: text(item, 'zip_code'),
			country: text(item, 'country'),
			recipient_full_name: text(item, 'recipient_full_name'),
			recipient_phone: text(item, 'recipient_phone'),
			warehouse_ref: text(item, 'warehouse_ref'),
			shipping_service: text(item, 'shipping_service'),
		}));
	}

	/** The fields of `POST /buyer` and `PUT /buyer/{id}` (full_name is required on both, as the spec says). */
	private readBuyer(input: Dict) {
		const v = new Validator();
		v.required('full_name', input.full_name);
		const fullName = v.string('full_name', input.full_name);
		const emails = v.array('email', input.email);
		emails?.forEach((email, i) => v.email(`email.${i}`, email));
		const phones = v.array('phone', input.phone);
		phones?.forEach((phone, i) => v.string(`phone.${i}`, phone, 20));
		const birthday = v.string('birthday', input.birthday);
		if (birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthday))
			v.add('birthday', 'The birthday does not match the format Y-m-d.');
		const note = v.string('note', input.note, 2000);
		const discount = v.number('discount', input.discount, { min: 0, max: 100 });
		v.exists('manager_id', input.manager_id, (id) => this.user(id));
		const shipping = this.readBuyerShipping(v, input.shipping);
		const custom = this.readCustomFields(v, input.custom_fields, 'client');
		v.throwIfFailed();
		return {
			full_name: fullName!,
			email: emails?.map(String),
			phone: phones?.map(String),
			birthday,
			note,
			discount,
			company_id: input.company_id === undefined ? undefined : (input.company_id as number | null),
			manager_id: input.manager_id === undefined ? undefined : Number(input.manager_id),
			shipping,
			custom,
		};
	}

	createBuyer(input: Dict): BuyerRecord {
		const data = this.readBuyer(input);
		const now = nowSeconds();
		return this.insertBuyer({
			id: this.nextId('buyer'),
			full_name: data.full_name,
			birthday: data.birthday ?? null,
			email: data.email ?? [],
			phone: data.phone ?? [],
			note: data.note ?? null,
			discount: data.discount ?? 0,
			company_id: data.company_id ?? null,
			manager_id: data.manager_id ?? null,
			shipping: data.shipping ?? [],
			custom: data.custom ?? new Map(),
			created_at: now,
			updated_at: now,
		});
	}

	updateBuyer(id: number, input: Dict): BuyerRecord {
		const buyer = this.getBuyer(id);
		const data = this.readBuyer(input);
		buyer.full_name = data.full_name;
		if (data.email) buyer.email = data.email;
		if (data.phone) buyer.phone = data.phone;
		if ('birthday' in input) buyer.birthday = data.birthday ?? null;
		if ('note' in input) buyer.note = data.note ?? null;
		if (data.discount !== undefined) buyer.discount = data.discount;
		if (data.company_id !== undefined) buyer.company_id = data.company_id;
		if (data.manager_id !== undefined) buyer.manager_id = data.manager_id;
		if (data.shipping) buyer.shipping = data.shipping;
		for (const [uuid, value] of data.custom ?? []) buyer.custom.set(uuid, value);
		buyer.updated_at = nowSeconds();
		return buyer;
	}

	/** The buyer an order's `buyer{full_name, email, phone}` names: an existing one by phone or email, else a new one. */
	private buyerForOrder(input: { full_name: string; email?: string; phone?: string }, now: number): BuyerRecord {
		for (const buyer of this.buyers.values()) {
			if (input.phone && buyer.phone.some((p) => samePhone(p, input.phone!))) return buyer;
			if (input.email && buyer.email.some((e) => e.toLowerCase() === input.email!.toLowerCase())) return buyer;
		}
		return this.insertBuyer({
			id: this.nextId('buyer'),
			full_name: input.full_name,
			birthday: null,
			email: input.email ? [input.email] : [],
			phone: input.phone ? [input.phone] : [],
			note: null,
			discount: 0,
			company_id: null,
			manager_id: null,
			shipping: [],
			custom: new Map(),
			created_at: now,
			updated_at: now,
		});
	}

	// ---- orders ----

	private readShipping(v: Validator, input: unknown, current: OrderShipping | null): OrderShipping | undefined {
		const data = v.object('shipping', input);
		if (!data) return undefined;
		const text = (key: string) => v.string(`shipping.${key}`, data[key]);
		if (data.delivery_service_id !== undefined && data.delivery_service_id !== null)
			v.exists('shipping.delivery_service_id', data.delivery_service_id, (id) => this.deliveryService(id));
		const tracking = text('tracking_code');
		if (tracking !== undefined && current?.tracking_code)
			v.add('shipping.tracking_code', 'The order already has a tracking code.');
		if (text('warehouse_ref') !== undefined && !this.present(data.delivery_service_id ?? current?.delivery_service_id))
			v.add(
				'shipping.delivery_service_id',
				'The shipping.delivery service id field is required when shipping.warehouse ref is present.',
			);
		const shippingDate = v.dateTime('shipping.shipping_date', data.shipping_date, parseStrictRestTime);
		const base: OrderShipping = current ? { ...current } : emptyShipping();
		const keys = [
			'shipping_address_city',
			'shipping_address_country',
			'shipping_address_region',
			'shipping_address_zip',
			'shipping_secondary_line',
			'shipping_receive_point',
			'recipient_full_name',
			'recipient_phone',
			'warehouse_ref',
		] as const;
		for (const key of keys) {
			const value = text(key);
			if (value !== undefined) base[key] = value;
		}
		if (this.present(data.delivery_service_id)) base.delivery_service_id = Number(data.delivery_service_id);
		if (tracking !== undefined) {
			base.tracking_code = tracking;
			base.shipping_status ??= 'invoice';
		}
		if (shippingDate !== undefined) base.shipping_date = shippingDate;
		return base;
	}

	private present(value: unknown): boolean {
		return value !== undefined && value !== null && value !== '';
	}

	/** A warehouse that can serve `quantity` of the offer (the first one when none can). */
	private pickWarehouse(offer: OfferRecord, quantity: number): number | null {
		for (const [warehouseId, stock] of offer.stocks) {
			if (stock.quantity - stock.reserve >= quantity) return warehouseId;
		}
		return this.warehouses[0]?.id ?? null;
	}

	private readNewLines(v: Validator, input: unknown): OrderLine[] {
		const list = v.array('products', input) ?? [];
		const lines: OrderLine[] = [];
		list.forEach((item, i) => {
			const at = `products.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const sku = v.string(`${at}.sku`, item.sku);
			const offer = sku !== undefined ? this.offerBySku(sku) : undefined;
			const name = v.string(`${at}.name`, item.name);
			// a line that matches no catalog offer becomes a one-off item, which needs a name
			if (!offer && name === undefined) v.required(`${at}.name`, item.name);
			const price = v.number(`${at}.price`, item.price, { min: 0 });
			const purchased = v.number(`${at}.purchased_price`, item.purchased_price, { min: 0 });
			const discountPercent = v.number(`${at}.discount_percent`, item.discount_percent, { min: 0, max: 100 });
			const discountAmount = v.number(`${at}.discount_amount`, item.discount_amount, { min: 0 });
			const quantity = v.number(`${at}.quantity`, item.quantity, { min: 0.001 });
			const unitType = v.string(`${at}.unit_type`, item.unit_type);
			const comment = v.string(`${at}.comment`, item.comment, 1000);
			const picture = v.string(`${at}.picture`, item.picture, 2000);
			const properties = v.array(`${at}.properties`, item.properties);
			const product = offer ? this.products.get(offer.product_id) : undefined;
			const count = quantity ?? 1;
			lines.push({
				id: 0,
				offer_id: offer?.id ?? null,
				name: name ?? product?.name ?? sku ?? '',
				sku: sku ?? null,
				price: price ?? offer?.price ?? 0,
				purchased_price: purchased ?? offer?.purchased_price ?? 0,
				discount_percent: discountPercent ?? 0,
				discount_amount: discountAmount ?? 0,
				quantity: count,
				unit_type: unitType ?? product?.unit_type ?? null,
				upsale: false,
				comment: comment ?? null,
				product_status_id: null,
				picture: picture ?? offer?.image_url ?? product?.pictures[0] ?? null,
				properties: (properties ?? offer?.properties ?? [])
					.filter(isDict)
					.map((p) => ({ name: String(p.name ?? ''), value: String(p.value ?? '') })),
				warehouse_id: offer ? this.pickWarehouse(offer, count) : null,
			});
		});
		return lines;
	}

	/** `payment_method_id`, or `payment_method` by name or alias */
	private readPaymentMethod(v: Validator, at: string, item: Dict): PaymentMethodRecord | undefined {
		const idField = at ? `${at}.payment_method_id` : 'payment_method_id';
		const nameField = at ? `${at}.payment_method` : 'payment_method';
		if (!v.requiredWithout(idField, item.payment_method_id, nameField, item.payment_method)) return undefined;
		if (this.present(item.payment_method_id))
			return v.exists(idField, item.payment_method_id, (id) => this.paymentMethod(id));
		const name = String(item.payment_method).trim().toLowerCase();
		const method = this.paymentMethods.find((m) => m.name.toLowerCase() === name || m.alias.toLowerCase() === name);
		if (!method) v.invalid(nameField);
		return method;
	}

	private readPayment(v: Validator, at: string, item: Dict, order: { id: number; source_id: number }, now: number) {
		const field = (name: string) => (at ? `${at}.${name}` : name);
		const method = this.readPaymentMethod(v, at, item);
		v.required(field('amount'), item.amount);
		const amount = v.number(field('amount'), item.amount);
		const status = v.oneOf(field('status'), item.status, PAYMENT_STATES) ?? 'paid';
		const description = v.string(field('description'), item.description, 1000);
		const paymentDate = v.dateTime(field('payment_date'), item.payment_date, parseStrictRestTime);
		if (!method || amount === undefined) return undefined;
		const payment: PaymentRecord = {
			id: 0,
			order_id: order.id,
			payment_method_id: method.id,
			amount: round2(amount),
			actual_currency: this.source(order.source_id)?.currency_code ?? 'UAH',
			transaction_uuid: null,
			description: description ?? null,
			status,
			payment_date: paymentDate ?? now,
			created_at: now,
			updated_at: now,
		};
		return payment;
	}

	createOrder(input: Dict): OrderRecord {
		const v = new Validator();
		const now = nowSeconds();
		v.required('source_id', input.source_id);
		const source = v.exists('source_id', input.source_id, (id) => this.source(id));
		const buyerInput = v.object('buyer', input.buyer);
		if (!input.buyer) v.required('buyer', input.buyer);
		let buyerData: { full_name: string; email?: string; phone?: string } | undefined;
		if (buyerInput) {
			v.required('buyer.full_name', buyerInput.full_name);
			const fullName = v.string('buyer.full_name', buyerInput.full_name);
			const email = v.email('buyer.email', buyerInput.email);
			const phone = v.string('buyer.phone', buyerInput.phone, 20);
			if (fullName) buyerData = { full_name: fullName, email, phone };
		}
		const manager = v.exists('manager_id', input.manager_id, (id) => this.user(id));
		const orderedAt = v.dateTime('ordered_at', input.ordered_at, parseStrictRestTime);
		const money = (key: string, max?: number) => v.number(key, input[key], { min: 0, max });
		const discountPercent = money('discount_percent', 100);
		const discountAmount = money('discount_amount');
		const shippingPrice = money('shipping_price');
		const wrapPrice = money('wrap_price');
		const taxes = money('taxes');
		const text = (key: string, max = 255) => v.string(key, input[key], max);
		const sourceUuid = text('source_uuid');
		const buyerComment = text('buyer_comment', 5000);
		const managerComment = text('manager_comment', 5000);
		const promocode = text('promocode');
		const giftMessage = text('gift_message', 1000);
		const isGift = v.boolean('is_gift', input.is_gift);
		const giftWrap = v.boolean('gift_wrap', input.gift_wrap);
		const lines = this.readNewLines(v, input.products);
		const shipping = this.readShipping(v, input.shipping, null);
		const marketingInput = v.object('marketing', input.marketing);
		const custom = this.readCustomFields(v, input.custom_fields, 'order');
		const orderId = this.sequences.order + 1; // taken only when valid
		const payments = (v.array('payments', input.payments) ?? []).map((item, i) =>
			isDict(item)
				? this.readPayment(v, `payments.${i}`, item, { id: orderId, source_id: source?.id ?? 0 }, now)
				: v.add(`payments.${i}`, `The payments.${i} must be an array.`),
		);
		v.throwIfFailed();

		const buyer = this.buyerForOrder(buyerData!, now);
		const firstStatus = this.statuses.find((s) => s.is_active) ?? this.statuses[0];
		const order: OrderRecord = {
			id: this.nextId('order'),
			parent_id: null,
			source_uuid: sourceUuid ?? null,
			global_source_uuid: null,
			status_on_source: null,
			source_id: source!.id,
			status_id: firstStatus.id,
			buyer_id: buyer.id,
			manager_id: manager?.id ?? null,
			promocode: promocode ?? null,
			discount_percent: discountPercent ?? 0,
			discount_amount: discountAmount ?? 0,
			shipping_price: shippingPrice ?? 0,
			wrap_price: wrapPrice ?? 0,
			gift_wrap: giftWrap ?? false,
			taxes: taxes ?? 0,
			manager_comment: managerComment ?? null,
			buyer_comment: buyerComment ?? null,
			gift_message: giftMessage ?? null,
			is_gift: isGift ?? false,
			lines: lines.map((line) => ({ ...line, id: this.nextId('line') })),
			payments: [],
			shipping: shipping ?? null,
			marketing: marketingInput
				? {
						utm_source: strOrNull(marketingInput.utm_source),
						utm_medium: strOrNull(marketingInput.utm_medium),
						utm_campaign: strOrNull(marketingInput.utm_campaign),
						utm_term: strOrNull(marketingInput.utm_term),
						utm_content: strOrNull(marketingInput.utm_content),
						created_at: now,
						updated_at: now,
					}
				: null,
			custom: custom ?? new Map(),
			tag_ids: [],
			last_synced_at: null,
			created_at: now,
			ordered_at: orderedAt ?? now,
			updated_at: now,
			closed_at: null,
			status_changed_at: now,
		};
		for (const payment of payments) {
			if (payment) order.payments.push({ ...payment, id: this.nextId('payment'), order_id: order.id });
		}
		buyer.updated_at = now;
		return this.insertOrder(order);
	}

	updateOrder(id: number, input: Dict): OrderRecord {
		const order = this.getOrder(id);
		const v = new Validator();
		const now = nowSeconds();
		const status = v.exists('status_id', input.status_id, (sid) => this.status(sid));
		const discountPercent = v.number('discount_percent', input.discount_percent, { min: 0, max: 100 });
		const discountAmount = v.number('discount_amount', input.discount_amount, { min: 0 });
		const buyerComment = v.string('buyer_comment', input.buyer_comment, 5000);
		const managerComment = v.string('manager_comment', input.manager_comment, 5000);
		const shipping = this.readShipping(v, input.shipping, order.shipping);
		const custom = this.readCustomFields(v, input.custom_fields, 'order');

		// lines are found by line id or sku; the update never adds a line
		const changes: Array<{ line: OrderLine; item: Dict; at: string }> = [];
		(v.array('products', input.products) ?? []).forEach((item, i) => {
			const at = `products.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			if (!v.requiredWithout(`${at}.id`, item.id, `${at}.sku`, item.sku)) return;
			const line = this.present(item.id)
				? order.lines.find((l) => l.id === Number(item.id))
				: order.lines.find((l) => l.sku === String(item.sku));
			if (!line) return v.invalid(this.present(item.id) ? `${at}.id` : `${at}.sku`);
			v.number(`${at}.price`, item.price, { min: 0 });
			v.number(`${at}.purchased_price`, item.purchased_price, { min: 0 });
			v.number(`${at}.discount_percent`, item.discount_percent, { min: 0, max: 100 });
			v.number(`${at}.discount_amount`, item.discount_amount, { min: 0 });
			v.number(`${at}.quantity`, item.quantity, { min: 0.001 });
			v.string(`${at}.comment`, item.comment, 1000);
			v.string(`${at}.name`, item.name);
			if (this.present(item.product_status_id))
				v.exists(`${at}.product_status_id`, item.product_status_id, (sid) => this.productStatus(sid));
			changes.push({ line, item, at });
		});
		v.throwIfFailed();

		const paymentStatusBefore = orderTotals(order).payment_status;
		const num = (value: unknown) => (this.present(value) ? Number(value) : undefined);
		for (const { line, item } of changes) {
			line.price = num(item.price) ?? line.price;
			line.purchased_price = num(item.purchased_price) ?? line.purchased_price;
			line.discount_percent = num(item.discount_percent) ?? line.discount_percent;
			line.discount_amount = num(item.discount_amount) ?? line.discount_amount;
			line.quantity = num(item.quantity) ?? line.quantity;
			if ('comment' in item) line.comment = strOrNull(item.comment);
			if (this.present(item.product_status_id)) line.product_status_id = Number(item.product_status_id);
			// the name belongs to the catalog for catalog lines; only one-off lines take a new one
			if (line.offer_id === null && this.present(item.name)) line.name = String(item.name);
		}
		if (discountPercent !== undefined) order.discount_percent = discountPercent;
		if (discountAmount !== undefined) order.discount_amount = discountAmount;
		if ('buyer_comment' in input) order.buyer_comment = buyerComment ?? null;
		if ('manager_comment' in input) order.manager_comment = managerComment ?? null;
		if (shipping) order.shipping = shipping;
		for (const [uuid, value] of custom ?? []) order.custom.set(uuid, value);
		const statusChanged = status !== undefined && status.id !== order.status_id;
		if (statusChanged) {
			order.status_id = status.id;
			order.status_changed_at = now;
			order.closed_at = status.is_closing_order ? now : null;
			if (status.alias === 'shipped' && order.shipping && order.shipping.shipping_date_actual === null)
				order.shipping.shipping_date_actual = now;
		}
		order.updated_at = now;
		if (statusChanged) this.emit('order.change_order_status', order);
		if (orderTotals(order).payment_status !== paymentStatusBefore) this.emit('order.change_payment_status', order);
		return order;
	}

	addPayment(orderId: number, input: Dict): PaymentRecord {
		const order = this.getOrder(orderId);
		const v = new Validator();
		const now = nowSeconds();
		const payment = this.readPayment(v, '', input, order, now);
		v.throwIfFailed();
		const before = orderTotals(order).payment_status;
		const record = { ...payment!, id: this.nextId('payment') };
		order.payments.push(record);
		order.updated_at = now;
		if (orderTotals(order).payment_status !== before) this.emit('order.change_payment_status', order);
		return record;
	}

	updatePayment(orderId: number, paymentId: number, input: Dict): PaymentRecord {
		const order = this.getOrder(orderId);
		const payment = order.payments.find((p) => p.id === paymentId);
		if (!payment) throw notFound('Payment', paymentId);
		const v = new Validator();
		const status = v.oneOf('status', input.status, PAYMENT_STATES);
		const description = v.string('description', input.description, 1000);
		v.throwIfFailed();
		const before = orderTotals(order).payment_status;
		const now = nowSeconds();
		if (status) payment.status = status;
		if ('description' in input) payment.description = description ?? null;
		payment.updated_at = now;
		order.updated_at = now;
		if (orderTotals(order).payment_status !== before) this.emit('order.change_payment_status', order);
		return payment;
	}

	// ---- catalog ----

	private readDimensions(v: Validator, at: string, item: Dict) {
		const field = (name: string) => (at ? `${at}.${name}` : name);
		return {
			price: v.number(field('price'), item.price, { min: 0 }),
			purchased_price: v.number(field('purchased_price'), item.purchased_price, { min: 0 }),
			weight: v.number(field('weight'), item.weight, { min: 0 }),
			length: v.number(field('length'), item.length, { min: 0 }),
			width: v.number(field('width'), item.width, { min: 0 }),
			height: v.number(field('height'), item.height, { min: 0 }),
		};
	}

	createProduct(input: Dict): ProductRecord {
		const v = new Validator();
		const now = nowSeconds();
		v.required('name', input.name);
		const name = v.string('name', input.name);
		const description = v.string('description', input.description, 65535);
		const pictures = v.array('pictures', input.pictures, 6);
		const currency = v.string('currency_code', input.currency_code, 3);
		const sku = v.string('sku', input.sku);
		if (sku !== undefined && this.offerBySku(sku)) v.taken('sku');
		const barcode = v.string('barcode', input.barcode);
		const unitType = v.string('unit_type', input.unit_type);
		const dims = this.readDimensions(v, '', input);
		const category = this.present(input.category_id)
			? v.exists('category_id', input.category_id, (id) => this.category(id))
			: undefined;
		const custom = this.readCustomFields(v, input.custom_fields, 'crm_product');
		v.throwIfFailed();
		const product = this.insertProduct({
			id: this.nextId('product'),
			name: name!,
			description: description ?? null,
			pictures: (pictures ?? []).map(String),
			unit_type: unitType ?? null,
			currency_code: currency ?? 'UAH',
			category_id: category?.id ?? null,
			has_offers: false,
			is_archived: false,
			offerIds: [],
			custom: custom ?? new Map(),
			created_at: now,
			updated_at: now,
		});
		// a product without variants still sells through one offer carrying its sku and price
		this.insertOffer({
			id: this.nextId('offer'),
			product_id: product.id,
			sku: sku ?? null,
			barcode: barcode ?? null,
			price: dims.price ?? 0,
			purchased_price: dims.purchased_price ?? 0,
			weight: dims.weight ?? null,
			length: dims.length ?? null,
			width: dims.width ?? null,
			height: dims.height ?? null,
			image_url: product.pictures[0] ?? null,
			properties: [],
			is_archived: false,
			stocks: new Map(),
			created_at: now,
			updated_at: now,
		});
		return product;
	}

	/** `POST /products/{id}/offers`: adds variants (at most 100); KeyCRM answers 400 on bad input here. */
	addProductOffers(productId: number, input: Dict): void {
		const product = this.getProduct(productId);
		const v = new Validator(400);
		const now = nowSeconds();
		v.required('offers', input.offers);
		const list = v.array('offers', input.offers, 100) ?? [];
		const seen = new Set<string>();
		const fresh: OfferRecord[] = [];
		list.forEach((item, i) => {
			const at = `offers.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const sku = v.string(`${at}.sku`, item.sku);
			if (sku !== undefined && (this.offerBySku(sku) || seen.has(sku))) v.taken(`${at}.sku`);
			if (sku !== undefined) seen.add(sku);
			const dims = this.readDimensions(v, at, item);
			const properties = (v.array(`${at}.properties`, item.properties) ?? []).filter(isDict);
			fresh.push({
				id: 0,
				product_id: product.id,
				sku: sku ?? null,
				barcode: strOrNull(item.barcode),
				price: dims.price ?? 0,
				purchased_price: dims.purchased_price ?? 0,
				weight: dims.weight ?? null,
				length: dims.length ?? null,
				width: dims.width ?? null,
				height: dims.height ?? null,
				image_url: strOrNull(item.image_url),
				properties: properties.map((p) => ({ name: String(p.name ?? ''), value: String(p.value ?? '') })),
				is_archived: false,
				stocks: new Map(),
				created_at: now,
				updated_at: now,
			});
		});
		v.throwIfFailed();
		if (!product.has_offers) {
			// the placeholder offer of a simple product gives way to the variants when it never carried a sku
			const [only] = product.offerIds.map((id) => this.offers.get(id)!);
			if (only && !only.sku && only.stocks.size === 0) {
				this.offers.delete(only.id);
				product.offerIds = [];
			}
			product.has_offers = true;
		}
		for (const offer of fresh) this.insertOffer({ ...offer, id: this.nextId('offer') });
		product.updated_at = now;
	}

	/** Finds the offer an item of `PUT /offers` or `PUT /offers/stocks` names by id or sku. */
	private offerFor(v: Validator, at: string, item: Dict): OfferRecord | undefined {
		if (!v.requiredWithout(`${at}.id`, item.id, `${at}.sku`, item.sku)) return undefined;
		if (this.present(item.id)) return v.exists(`${at}.id`, item.id, (id) => this.offers.get(id));
		const offer = this.offerBySku(String(item.sku));
		if (!offer) v.invalid(`${at}.sku`);
		return offer;
	}

	/** `PUT /offers`: prices and dimensions of variants; all or nothing. */
	updateOffers(input: Dict): void {
		const v = new Validator();
		v.required('offers', input.offers);
		const list = v.array('offers', input.offers, this.maxBatchItems) ?? [];
		const changes: Array<{ offer: OfferRecord; item: Dict; dims: ReturnType<KeyCrmStore['readDimensions']> }> = [];
		list.forEach((item, i) => {
			const at = `offers.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const offer = this.offerFor(v, at, item);
			const dims = this.readDimensions(v, at, item);
			v.string(`${at}.image_url`, item.image_url, 2000);
			if (offer) changes.push({ offer, item, dims });
		});
		v.throwIfFailed();
		const now = nowSeconds();
		for (const { offer, item, dims } of changes) {
			if (dims.price !== undefined) offer.price = dims.price;
			if (dims.purchased_price !== undefined) offer.purchased_price = dims.purchased_price;
			if (dims.weight !== undefined) offer.weight = dims.weight;
			if (dims.length !== undefined) offer.length = dims.length;
			if (dims.width !== undefined) offer.width = dims.width;
			if (dims.height !== undefined) offer.height = dims.height;
			if (this.present(item.image_url)) offer.image_url = String(item.image_url);
			offer.updated_at = now;
		}
	}

	/** `PUT /offers/stocks`: brings each offer's balance on the warehouse to the given quantity. */
	setStocks(input: Dict): void {
		const v = new Validator();
		v.required('warehouse_id', input.warehouse_id);
		const warehouse = v.exists('warehouse_id', input.warehouse_id, (id) => this.warehouse(id));
		v.required('stocks', input.stocks);
		const list = v.array('stocks', input.stocks, this.maxBatchItems) ?? [];
		const changes: Array<{ offer: OfferRecord; quantity: number }> = [];
		list.forEach((item, i) => {
			const at = `stocks.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const offer = this.offerFor(v, at, item);
			v.required(`${at}.quantity`, item.quantity);
			const quantity = v.number(`${at}.quantity`, item.quantity, { min: 0 });
			if (offer && quantity !== undefined) changes.push({ offer, quantity });
		});
		v.throwIfFailed();
		const now = nowSeconds();
		for (const { offer, quantity } of changes) {
			const stock = offer.stocks.get(warehouse!.id);
			if (stock) stock.quantity = quantity;
			else offer.stocks.set(warehouse!.id, { quantity, reserve: 0 });
			offer.updated_at = now;
		}
	}
}

export function strOrNull(value: unknown): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

export function offerQuantity(offer: OfferRecord): { quantity: number; reserve: number } {
	let quantity = 0;
	let reserve = 0;
	for (const stock of offer.stocks.values()) {
		quantity += stock.quantity;
		reserve += stock.reserve;
	}
	return { quantity: round2(quantity), reserve: round2(reserve) };
}

export { KeyCrmError };

/** A shipping block with nothing filled, as KeyCRM shows an order without delivery data. */
export function emptyShipping(): OrderShipping {
	return {
		delivery_service_id: null,
		tracking_code: null,
		shipping_status: null,
		shipping_address_city: null,
		shipping_address_country: null,
		shipping_address_country_code: null,
		shipping_address_region: null,
		shipping_address_zip: null,
		shipping_secondary_line: null,
		shipping_receive_point: null,
		recipient_full_name: null,
		recipient_phone: null,
		warehouse_ref: null,
		shipping_date: null,
		shipping_date_actual: null,
	};
}
