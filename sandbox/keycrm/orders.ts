/**
 * KeyCRM orders: `POST /order` with its buyer, lines, shipping, payments and custom fields, and
 * `PUT /order/{id}`, which changes lines in place but never adds one. Lines take what they leave
 * out from the catalog offer their sku names; a change of status or payment status is an event.
 */
import { nowSeconds, parseStrictRestTime } from './format';
import { KeyCrmPaymentStore } from './payments';
import type { OfferRecord, OrderLine, OrderRecord, OrderShipping } from './records';
import { orderTotals } from './totals';
import { type Dict, isDict, isPresent, strOrNull, validateElement, Validator } from './validation';

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

export abstract class KeyCrmOrderStore extends KeyCrmPaymentStore {
	private readShipping(v: Validator, input: unknown, current: OrderShipping | null): OrderShipping | undefined {
		const data = v.object('shipping', input);
		if (!data) return undefined;
		const text = (key: string) => v.string(`shipping.${key}`, data[key]);
		if (data.delivery_service_id !== undefined && data.delivery_service_id !== null)
			v.exists('shipping.delivery_service_id', data.delivery_service_id, (id) => this.deliveryService(id));
		const tracking = text('tracking_code');
		if (tracking !== undefined && current?.tracking_code)
			v.add('shipping.tracking_code', 'The order already has a tracking code.');
		if (text('warehouse_ref') !== undefined && !isPresent(data.delivery_service_id ?? current?.delivery_service_id))
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
		if (isPresent(data.delivery_service_id)) base.delivery_service_id = Number(data.delivery_service_id);
		if (tracking !== undefined) {
			base.tracking_code = tracking;
			base.shipping_status ??= 'invoice';
		}
		if (shippingDate !== undefined) base.shipping_date = shippingDate;
		return base;
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

	createOrder(input: Dict): OrderRecord {
		return this.prepareOrder(input)();
	}

	/** `POST /order/import`: up to 50 orders, all or none. */
	importOrders(input: Dict): OrderRecord[] {
		const v = new Validator();
		v.required('orders', input.orders);
		const list = v.array('orders', input.orders, 50) ?? [];
		const inserts = list.map((item, i) =>
			isDict(item)
				? validateElement(v, `orders.${i}`, () => this.prepareOrder(item))
				: v.add(`orders.${i}`, `The orders.${i} must be an array.`),
		);
		v.throwIfFailed();
		return inserts.map((insert) => insert!());
	}

	/** Validates a new order; the returned function inserts it (with its buyer, found or created). */
	private prepareOrder(input: Dict): () => OrderRecord {
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
		const payments = (v.array('payments', input.payments) ?? []).map((item, i) =>
			isDict(item)
				? this.readPayment(v, `payments.${i}`, item, { id: 0, source_id: source?.id ?? 0 }, now)
				: v.add(`payments.${i}`, `The payments.${i} must be an array.`),
		);
		v.throwIfFailed();
		return () => {
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
		};
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
			const line = isPresent(item.id)
				? order.lines.find((l) => l.id === Number(item.id))
				: order.lines.find((l) => l.sku === String(item.sku));
			if (!line) return v.invalid(isPresent(item.id) ? `${at}.id` : `${at}.sku`);
			v.number(`${at}.price`, item.price, { min: 0 });
			v.number(`${at}.purchased_price`, item.purchased_price, { min: 0 });
			v.number(`${at}.discount_percent`, item.discount_percent, { min: 0, max: 100 });
			v.number(`${at}.discount_amount`, item.discount_amount, { min: 0 });
			v.number(`${at}.quantity`, item.quantity, { min: 0.001 });
			v.string(`${at}.comment`, item.comment, 1000);
			v.string(`${at}.name`, item.name);
			if (isPresent(item.product_status_id))
				v.exists(`${at}.product_status_id`, item.product_status_id, (sid) => this.productStatus(sid));
			changes.push({ line, item, at });
		});
		v.throwIfFailed();

		const paymentStatusBefore = orderTotals(order).payment_status;
		const num = (value: unknown) => (isPresent(value) ? Number(value) : undefined);
		for (const { line, item } of changes) {
			line.price = num(item.price) ?? line.price;
			line.purchased_price = num(item.purchased_price) ?? line.purchased_price;
			line.discount_percent = num(item.discount_percent) ?? line.discount_percent;
			line.discount_amount = num(item.discount_amount) ?? line.discount_amount;
			line.quantity = num(item.quantity) ?? line.quantity;
			if ('comment' in item) line.comment = strOrNull(item.comment);
			if (isPresent(item.product_status_id)) line.product_status_id = Number(item.product_status_id);
			// the name belongs to the catalog for catalog lines; only one-off lines take a new one
			if (line.offer_id === null && isPresent(item.name)) line.name = String(item.name);
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
}
