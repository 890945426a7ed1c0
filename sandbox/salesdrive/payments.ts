/**
 * Money on SalesDrive orders: bank-statement payments (`/api/payment/`, attached to an order and
 * counted in its paid amount) and fiscal receipts, with their lists.
 */
import { dateRange, type ListResult, paginate } from './lists';
import { SalesDriveInputError, type SdCheck, type SdOrder, type SdOrganization, type SdPayment } from './model';
import { SalesDriveOrderStore } from './orders';
import { listOf, objectOf, type QueryObject } from './query';
import { accountDateTime, normalizeDateTime, wallClockToDate } from './time';
import { type Input, money, numberOf, round2, text } from './values';

/** The filters payment and document lists share: updatedAt, date, createdAt ranges and organizations; newest first. */
function documentFilter<
	T extends { date: string; createdAt: string; updatedAt: string; organization: { id: number } | null },
>(items: T[], query: QueryObject): T[] {
	const filter = objectOf(query.filter) ?? {};
	const ranges = (['updatedAt', 'date', 'createdAt'] as const).map((field) => ({
		field,
		...dateRange(filter[field], `filter[${field}]`),
	}));
	const organizations = new Set(listOf(filter.organizationId).map(Number));
	const result: T[] = [];
	for (let i = items.length - 1; i >= 0; i--) {
		const item = items[i];
		const inRanges = ranges.every(
			({ field, from, to }) => (!from || item[field] >= from) && (!to || item[field] <= to),
		);
		if (!inRanges) continue;
		if (organizations.size > 0 && !(item.organization && organizations.has(item.organization.id))) continue;
		result.push(item);
	}
	return result;
}

/** A page of payments or receipts (30 by default), with the count and sum of all that matched. */
function documentPage<T extends { sum: string }>(
	matching: T[],
	query: QueryObject,
	view: (item: T) => Record<string, unknown>,
): ListResult<Record<string, unknown>> {
	const page = paginate(matching, query, 30);
	return {
		data: page.items.map(view),
		pagination: page.pagination,
		totals: { count: matching.length, sum: round2(matching.reduce((sum, item) => sum + Number(item.sum), 0)) },
	};
}

/** An organization as payments and receipts show it. */
function organizationRef(organization: SdOrganization | undefined): SdPayment['organization'] {
	return organization ? { id: organization.id, title: organization.title, egrpou: organization.egrpou } : null;
}

export abstract class SalesDrivePaymentStore extends SalesDriveOrderStore {
	/**
	 * `POST /api/payment/`: a bank-statement payment, attached to an order by id, externalId or
	 * (autoAttachToOrderType) by amount and payer's last name. A repeated `uniqueId` returns the
	 * payment already made from it instead of a second one.
	 */
	createPayment(input: Input, at: Date = new Date()): { payment: SdPayment; created: boolean } {
		const uniqueId = text(input.uniqueId);
		if (uniqueId !== null) {
			const known = this.payments.find((payment) => payment.uniqueId === uniqueId);
			if (known) return { payment: known, created: false };
		}
		if (input.sum === undefined) throw new SalesDriveInputError('sum is required', 400);
		const sum = numberOf(input.sum, 'sum');
		if (sum === 0) throw new SalesDriveInputError('sum must not be 0', 400);
		let date = accountDateTime(at);
		if (input.datetime !== undefined) {
			const wall = normalizeDateTime(input.datetime);
			if (!wall) throw new SalesDriveInputError('datetime must be "YYYY-MM-DD HH:MM:SS"', 400);
			const zone = text(input.timezone) ?? 'Europe/Kyiv';
			try {
				date = accountDateTime(wallClockToDate(wall, zone));
			} catch {
				throw new SalesDriveInputError(`Unknown timezone ${zone}`, 400);
			}
		}
		const organization =
			this.directories.organizations.find((org) => String(org.id) === String(input.organizationId)) ??
			this.directories.organizations[0];
		if (input.organizationId !== undefined && String(organization?.id) !== String(input.organizationId)) {
			throw new SalesDriveInputError(`Unknown organizationId ${input.organizationId}`, 400);
		}
		const accountNumber = text(input.accountNumber);
		const account = organization?.accounts.find((candidate) => candidate.accountNumber === accountNumber);

		let order: SdOrder | undefined;
		if (input.orderId !== undefined && input.orderId !== null && input.orderId !== '') {
			order = this.findOrder({ id: input.orderId });
			if (!order) throw new SalesDriveInputError(`Order not found (id ${input.orderId})`, 400);
		} else if (text(input.orderExternalId) !== null) {
			order = this.findOrder({ externalId: input.orderExternalId });
			if (!order) throw new SalesDriveInputError(`Order not found (externalId ${input.orderExternalId})`, 400);
		} else if (input.autoAttachToOrderType === 'sum' || input.autoAttachToOrderType === 'lastname_and_sum') {
			const lastName = text(input.payerLastName)?.toLowerCase();
			for (let i = this.orders.length - 1; i >= 0 && !order; i--) {
				const candidate = this.orders[i];
				if (this.amounts(candidate).restPay !== round2(sum)) continue;
				if (input.autoAttachToOrderType === 'lastname_and_sum') {
					const contact = this.contacts.get(candidate.contactIds[0]);
					if (!lastName || contact?.lName?.toLowerCase() !== lastName) continue;
				}
				order = candidate;
			}
		}

		const contact = order ? this.contacts.get(order.contactIds[0]) : undefined;
		const payment: SdPayment = {
			id: this.next.payment++,
			date,
			userId: null,
			comment: text(input.description),
			sum: money(Math.abs(sum)),
			purpose: text(input.description),
			nds: 0,
			payerTypeId: text(input.counterpartyCode) ? 2 : 1,
			createdAt: accountDateTime(at),
			updatedAt: accountDateTime(at),
			responsibleId: null,
			type: sum > 0 ? 'incoming' : 'outcoming',
			integrationTypeId: null,
			organizationAccount: account ? { ...account } : accountNumber ? { id: null, title: null, accountNumber } : null,
			organization: organizationRef(organization),
			paymentBreakdown: order
				? [{ sum: money(Math.abs(sum)), invoice: null, order: { id: order.id, formId: order.formId } }]
				: [],
			contact: contact
				? {
						id: contact.id,
						lName: contact.lName,
						fName: contact.fName,
						mName: contact.mName,
						phone: [...contact.phone],
					}
				: null,
			counterparty:
				text(input.counterpartyName) || text(input.counterpartyCode)
					? { id: null, egrpou: text(input.counterpartyCode), title: text(input.counterpartyName) }
					: null,
			...(uniqueId !== null ? { uniqueId } : {}),
		};
		this.payments.push(payment);
		if (order && sum > 0) {
			order.payedAmount = round2(order.payedAmount + sum);
			this.touch(order, accountDateTime(at));
		}
		return { payment, created: true };
	}

	/** `GET /api/payment/list/`: newest first; `type` all | incoming | outcoming. */
	listPayments(query: QueryObject): ListResult<Record<string, unknown>> {
		const type = text(query.type) ?? 'all';
		if (!['all', 'incoming', 'outcoming'].includes(type)) {
			throw new SalesDriveInputError('type must be all, incoming or outcoming', 400);
		}
		const matching = documentFilter(this.payments, query).filter((payment) => type === 'all' || payment.type === type);
		return documentPage(matching, query, ({ uniqueId: _hidden, ...payment }) => JSON.parse(JSON.stringify(payment)));
	}

	/** `GET /api/check/list/`: fiscal receipts, newest first. */
	listChecks(query: QueryObject): ListResult<Record<string, unknown>> {
		return documentPage(documentFilter(this.checks, query), query, (check) => JSON.parse(JSON.stringify(check)));
	}

	/** A fiscal receipt for an order's lines (demo data; SalesDrive makes them through its PRRO integrations). */
	addCheck(order: SdOrder, type: SdCheck['type'], at: Date): SdCheck {
		const now = accountDateTime(at);
		const organization = this.directories.organizations.find((org) => org.id === order.organizationId);
		const id = this.next.check++;
		const check: SdCheck = {
			id,
			number: `ФЧ-${String(id).padStart(6, '0')}`,
			date: now,
			createdAt: now,
			updatedAt: now,
			type,
			sum: money(this.amounts(order).paymentAmount),
			fiscalNumber: String(4000000000 + id * 7919),
			paymentType: order.paymentMethod === 2 ? 'card' : 'cash',
			organization: organizationRef(organization),
			order: { id: order.id, formId: order.formId },
			documentItems: order.lines.map((line) => {
				const unitPrice = line.percentDiscount ? line.price * (1 - line.discount / 100) : line.price - line.discount;
				return {
					product: {
						id: line.productId,
						parameter: line.parameter,
						sku: line.sku,
						barcode: line.barcode,
						name: line.text,
					},
					unit: { id: 1, title: 'шт' },
					amount: line.amount,
					price: money(unitPrice),
					sum: money(unitPrice * line.amount),
				};
			}),
		};
		this.checks.push(check);
		order.documentOrdCheck = 1;
		return check;
	}
}
