import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { pick } from '../shared';

/** The relations `GET /order` and `GET /order/{id}` can include. */
export const ORDER_INCLUDES = [
	'assigned',
	'buyer',
	'custom_fields',
	'expenses',
	'manager',
	'marketing',
	'payments',
	'products',
	'products.offer',
	'shipping',
	'shipping.deliveryService',
	'shipping.lastHistory',
	'status',
	'tags',
];

export function includesProperty(operation: string): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: ORDER_INCLUDES.map((name) => ({ name, value: name })),
		default: ['buyer', 'products.offer', 'payments', 'shipping', 'status', 'custom_fields'],
		// what an integration usually needs, and what Simplify keeps
		description: 'Related records to return with each order',
		displayOptions: { show: { resource: ['order'], operation: [operation] } },
	};
}

const ORDER_KEYS = [
	'id',
	'source_uuid',
	'source_id',
	'status_id',
	'grand_total',
	'total_discount',
	'shipping_price',
	'payment_status',
	'buyer_comment',
	'manager_comment',
	'ordered_at',
	'created_at',
	'updated_at',
	'closed_at',
];

/** An order without the long tail of fields an exchange rarely reads. */
export function simplifyOrder(order: IDataObject): IDataObject {
	const out = pick(order, ORDER_KEYS);
	const status = order.status as IDataObject | undefined;
	if (status) out.status = pick(status, ['id', 'name', 'alias']);
	const buyer = order.buyer as IDataObject | undefined;
	if (buyer) out.buyer = pick(buyer, ['id', 'full_name', 'phone', 'email']);
	if (Array.isArray(order.products)) {
		out.products = (order.products as IDataObject[]).map((line) => ({
			...pick(line, ['sku', 'name', 'quantity', 'price', 'price_sold', 'purchased_price', 'discount_amount']),
			...(line.offer ? { offer_id: (line.offer as IDataObject).id } : {}),
		}));
	}
	if (Array.isArray(order.payments)) {
		out.payments = (order.payments as IDataObject[]).map((payment) =>
			pick(payment, ['id', 'payment_method_id', 'amount', 'status', 'payment_date']),
		);
	}
	const shipping = order.shipping as IDataObject | undefined;
	if (shipping) {
		out.shipping = pick(shipping, [
			'delivery_service_id',
			'tracking_code',
			'shipping_status',
			'shipping_address_city',
			'shipping_receive_point',
			'recipient_full_name',
			'recipient_phone',
		]);
	}
	if (Array.isArray(order.custom_fields)) {
		out.custom_fields = Object.fromEntries(
			(order.custom_fields as IDataObject[]).map((field) => [String(field.name ?? field.uuid), field.value]),
		);
	}
	return out;
}
