/**
 * Payments of KeyCRM orders: read as part of a new order or added on their own, with a status
 * and description that can change later. A change of the order's payment status is an event.
 */
import { KeyCrmCatalogStore } from './catalog';
import { nowSeconds, parseStrictRestTime, round2 } from './format';
import { PAYMENT_STATES, type PaymentMethodRecord, type PaymentRecord } from './records';
import { orderTotals } from './totals';
import { type Dict, isPresent, notFound, Validator } from './validation';

export abstract class KeyCrmPaymentStore extends KeyCrmCatalogStore {
	/** `payment_method_id`, or `payment_method` by name or alias */
	private readPaymentMethod(v: Validator, at: string, item: Dict): PaymentMethodRecord | undefined {
		const idField = at ? `${at}.payment_method_id` : 'payment_method_id';
		const nameField = at ? `${at}.payment_method` : 'payment_method';
		if (!v.requiredWithout(idField, item.payment_method_id, nameField, item.payment_method)) return undefined;
		if (isPresent(item.payment_method_id))
			return v.exists(idField, item.payment_method_id, (id) => this.paymentMethod(id));
		const name = String(item.payment_method).trim().toLowerCase();
		const method = this.paymentMethods.find((m) => m.name.toLowerCase() === name || m.alias.toLowerCase() === name);
		if (!method) v.invalid(nameField);
		return method;
	}

	protected readPayment(v: Validator, at: string, item: Dict, order: { id: number; source_id: number }, now: number) {
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
}
