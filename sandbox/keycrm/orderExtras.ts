/**
 * What hangs off an order besides lines and payments: expenses (`POST|PUT /order/{id}/expense`),
 * tags (`POST|DELETE /order/{id}/tag/{tagId}`), and the bank's external transactions that
 * payments are matched with (`POST /payments/{id}/external-transactions`).
 */
import { nowSeconds, parseStrictRestTime, round2 } from './format';
import type { ExpenseRecord, ExternalTransactionRecord, PaymentRecord, TagRecord } from './records';
import { KeyCrmStorageStore } from './storage';
import { type Dict, isPresent, KeyCrmError, notFound, Validator } from './validation';

export abstract class KeyCrmOrderExtrasStore extends KeyCrmStorageStore {
	private readonly expenses = new Map<number, ExpenseRecord[]>();
	readonly transactions = new Map<number, ExternalTransactionRecord>();

	clear(): void {
		super.clear();
		this.expenses.clear();
		this.transactions.clear();
	}

	expensesOf(orderId: number): ExpenseRecord[] {
		return this.expenses.get(orderId) ?? [];
	}

	/** `expense_type_id`, or `expense_type` by name or alias; `amount` required. */
	addExpense(orderId: number, input: Dict): ExpenseRecord {
		const order = this.getOrder(orderId);
		const v = new Validator();
		let typeId: number | undefined;
		if (v.requiredWithout('expense_type_id', input.expense_type_id, 'expense_type', input.expense_type)) {
			if (isPresent(input.expense_type_id)) {
				typeId = v.exists('expense_type_id', input.expense_type_id, (id) =>
					this.expenseTypes.find((t) => t.id === id),
				)?.id;
			} else {
				const name = String(input.expense_type).trim().toLowerCase();
				typeId = this.expenseTypes.find((t) => t.name.toLowerCase() === name || t.alias === name)?.id;
				if (typeId === undefined) v.invalid('expense_type');
			}
		}
		v.required('amount', input.amount);
		const amount = v.number('amount', input.amount, { min: 0 });
		const description = v.string('description', input.description, 1000);
		const paymentDate = v.dateTime('payment_date', input.payment_date, parseStrictRestTime);
		v.throwIfFailed();
		const now = nowSeconds();
		const expense: ExpenseRecord = {
			id: this.nextId('expense'),
			order_id: order.id,
			expense_type_id: typeId!,
			amount: round2(amount!),
			actual_currency: this.source(order.source_id)?.currency_code ?? 'UAH',
			description: description ?? null,
			status: 'paid',
			payment_date: paymentDate ?? now,
			created_at: now,
			updated_at: now,
		};
		this.expenses.set(order.id, [...this.expensesOf(order.id), expense]);
		order.updated_at = now;
		return expense;
	}

	/** Only the status (to `canceled`) and the description of an expense change. */
	updateExpense(orderId: number, expenseId: number, input: Dict): ExpenseRecord {
		const order = this.getOrder(orderId);
		const expense = this.expensesOf(orderId).find((e) => e.id === expenseId);
		if (!expense) throw notFound('Expense', expenseId);
		const v = new Validator();
		const status = v.oneOf('status', input.status, ['canceled'] as const);
		const description = v.string('description', input.description, 1000);
		v.throwIfFailed();
		const now = nowSeconds();
		if (status) expense.status = status;
		if ('description' in input) expense.description = description ?? null;
		expense.updated_at = now;
		order.updated_at = now;
		return expense;
	}

	private getTag(id: number): TagRecord {
		const tag = this.tags.find((t) => t.id === id);
		if (!tag) throw notFound('Tag', id);
		return tag;
	}

	attachTag(orderId: number, tagId: number): void {
		const order = this.getOrder(orderId);
		this.getTag(tagId);
		if (!order.tag_ids.includes(tagId)) order.tag_ids.push(tagId);
		order.updated_at = nowSeconds();
	}

	detachTag(orderId: number, tagId: number): void {
		const order = this.getOrder(orderId);
		this.getTag(tagId);
		if (!order.tag_ids.includes(tagId)) throw new KeyCrmError(400, `The tag ${tagId} is not attached to the order.`);
		order.tag_ids = order.tag_ids.filter((id) => id !== tagId);
		order.updated_at = nowSeconds();
	}

	/** A payment by id, wherever it belongs (orders here; cards add theirs). */
	protected findPayment(id: number): PaymentRecord | undefined {
		for (const order of this.orders.values()) {
			const payment = order.payments.find((p) => p.id === id);
			if (payment) return payment;
		}
		return undefined;
	}

	/** Matches a bank transaction (by `transaction_id` or `transaction_uuid`) with a payment. */
	attachTransaction(paymentId: number, input: Dict): PaymentRecord {
		const payment = this.findPayment(paymentId);
		if (!payment) throw notFound('Payment', paymentId);
		const v = new Validator();
		let transaction: ExternalTransactionRecord | undefined;
		if (v.requiredWithout('transaction_id', input.transaction_id, 'transaction_uuid', input.transaction_uuid)) {
			if (isPresent(input.transaction_id)) {
				transaction = v.exists('transaction_id', input.transaction_id, (id) => this.transactions.get(id));
			} else {
				const uuid = String(input.transaction_uuid);
				transaction = [...this.transactions.values()].find((t) => t.uuid === uuid);
				if (!transaction) v.invalid('transaction_uuid');
			}
		}
		if (transaction && transaction.payment_ids.length > 0 && !transaction.payment_ids.includes(payment.id))
			v.add(
				isPresent(input.transaction_id) ? 'transaction_id' : 'transaction_uuid',
				'The transaction is already attached to another payment.',
			);
		v.throwIfFailed();
		const now = nowSeconds();
		if (!transaction!.payment_ids.includes(payment.id)) transaction!.payment_ids.push(payment.id);
		transaction!.updated_at = now;
		payment.transaction_uuid = transaction!.uuid;
		payment.updated_at = now;
		return payment;
	}
}
