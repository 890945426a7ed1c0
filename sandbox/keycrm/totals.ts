/**
 * Money and quantities KeyCRM derives from the records rather than stores: an order's totals and
 * payment status, a line's unit price, an offer's stock over all warehouses.
 */
import { round2 } from './format';
import type { OfferRecord, OrderLine, OrderRecord, OrderTotals, PaymentStatus } from './records';

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

export function offerQuantity(offer: OfferRecord): { quantity: number; reserve: number } {
	let quantity = 0;
	let reserve = 0;
	for (const stock of offer.stocks.values()) {
		quantity += stock.quantity;
		reserve += stock.reserve;
	}
	return { quantity: round2(quantity), reserve: round2(reserve) };
}
