/**
 * SalesDrive orders: created by `/handler/` from flat fields, product lines and carrier blocks,
 * partly updated by `/api/order/update/`, annotated with notes, and shown and filtered the way
 * `/api/order/list/` and the order webhooks show them.
 */
import { createHash } from 'node:crypto';

import { SalesDriveDirectoryStore } from './directories';
import { dateRange, type ListResult, paginate } from './lists';
import { SalesDriveInputError, type SdContact, type SdDelivery, type SdOrder, type SdOrderLine } from './model';
import { listOf, objectOf, type QueryObject } from './query';
import { accountDateTime, dottedToIsoDate } from './time';
import { amountOrPercent, type Input, isAcceptablePhone, numberOf, round2, text } from './values';

const UTM_FIELDS = ['utmPage', 'utmMedium', 'utmSourceFull', 'utmSource', 'utmCampaign', 'utmContent', 'utmTerm'];

const CARRIERS = ['novaposhta', 'ukrposhta', 'meest', 'rozetka_delivery'];

/** Top-level `/handler/` keys that are not custom fields. */
const CREATE_KEYS = new Set([
	'getResultData',
	'form',
	'lName',
	'fName',
	'mName',
	'phone',
	'email',
	'company',
	'dateOfBirth',
	'products',
	'payment_method',
	'shipping_method',
	'shipping_address',
	'comment',
	'externalId',
	'sajt',
	'con_comment',
	'con_telegram',
	'stockId',
	'commission',
	'costPrice',
	'shipping_costs',
	'organizationId',
	'salesdrive_manager',
	...CARRIERS,
	...UTM_FIELDS,
]);

/** An empty `ord_delivery_data` entry with every key the list shows. */
function emptyDelivery(provider: string): SdDelivery {
	return {
		senderId: null,
		idEntity: null,
		provider,
		type: null,
		parentTrackingNumber: null,
		trackingNumber: null,
		trackingNumberRef: null,
		statusCode: null,
		deliveryDateAndTime: null,
		areaName: null,
		regionName: null,
		cityName: null,
		cityType: null,
		cityRef: null,
		settlementRef: null,
		branchNumber: null,
		branchRef: null,
		streetName: null,
		house: null,
		flat: null,
		address: null,
		payer: null,
		hasPostpay: 0,
		postpaySum: 0,
		postpayPayer: null,
		paymentMethod: null,
		cargoType: 'Parcel',
		ukrposhtaType: null,
	};
}

/** What a create payload's carrier block (`novaposhta{…}`) says, in list terms. */
function deliveryFromPayload(provider: string, block: Input): SdDelivery {
	const entry = emptyDelivery(provider);
	const warehouse = block.WarehouseNumber;
	entry.type = text(block.ServiceType) ?? (provider === 'novaposhta' ? 'WarehouseWarehouse' : null);
	entry.payer = text(block.payer) ?? 'Recipient';
	entry.areaName = text(block.area);
	entry.regionName = text(block.region);
	entry.cityName = text(block.city);
	// `WarehouseNumber` names the branch by number, Ref or description; replies carry the number as a number
	const branch = typeof warehouse === 'object' && warehouse ? null : text(warehouse);
	if (branch !== null && /^\d+$/.test(branch)) entry.branchNumber = Number(branch);
	else if (branch !== null && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(branch)) entry.branchRef = branch;
	else entry.address = branch;
	entry.streetName = text(block.Street);
	entry.house = text(block.BuildingNumber);
	entry.flat = text(block.Flat);
	entry.trackingNumber = text(block.ttn);
	if (provider === 'ukrposhta') entry.ukrposhtaType = text(block.type);
	return entry;
}

/** The order fields an update can change, to tell whether it changed anything. */
function changeableState(order: SdOrder): string {
	return JSON.stringify([
		order.statusId,
		order.paymentDate,
		order.rejectionReason,
		order.userId,
		order.comment,
		order.shippingAddress,
		order.externalId,
		order.sajt,
		order.organizationId,
		order.paymentMethod,
		order.shippingMethod,
		order.delivery.map((entry) => [entry.provider, entry.trackingNumber]),
		order.utm,
		order.custom,
	]);
}

export abstract class SalesDriveOrderStore extends SalesDriveDirectoryStore {
	/** An order line from a `/handler/` product: the catalog fills what the payload leaves out. */
	private orderLine(input: unknown, index: number, stockId: number | null): SdOrderLine {
		const item = objectOf(input);
		if (!item) throw new SalesDriveInputError(`products[${index}] must be an object`);
		const id = text(item.id);
		const sku = text(item.sku);
		const catalog =
			(id !== null ? this.products.get(id) : undefined) ?? (sku !== null ? this.findProductBySku(sku) : undefined);
		const discount = amountOrPercent(item.discount, `products[${index}].discount`);
		const commission = amountOrPercent(item.commission, `products[${index}].commission`);
		const name = text(item.name) ?? catalog?.name ?? '';
		return {
			productId: catalog?.productId ?? null,
			parameter: catalog?.id ?? id ?? '',
			text: name,
			documentName: text(catalog?.nameForDocuments) ?? name,
			sku: sku ?? catalog?.sku ?? '',
			barcode: text(catalog?.barcode) ?? '',
			manufacturer: text(catalog?.manufacturer) ?? '',
			description: text(item.description) ?? '',
			amount: item.amount === undefined ? 1 : numberOf(item.amount, `products[${index}].amount`),
			price:
				item.costPerItem === undefined
					? (catalog?.costPerItem ?? 0)
					: numberOf(item.costPerItem, `products[${index}].costPerItem`),
			discount: discount.value,
			percentDiscount: discount.percent,
			commission: commission.value,
			percentCommission: commission.percent,
			costPrice: catalog?.expenses !== undefined ? Number(catalog.expenses) || 0 : 0,
			preSale: 0,
			stockId,
			uktzed: text(catalog?.uktzed) ?? '',
		};
	}

	/** `POST /handler/`: a new order in the first status. */
	createOrder(input: Input, at: Date = new Date()): SdOrder {
		const now = accountDateTime(at);
		if (input.products !== undefined && !Array.isArray(input.products)) {
			throw new SalesDriveInputError('products must be an array');
		}
		const badPhone = listOf(input.phone).find((phone) => !isAcceptablePhone(phone));
		if (badPhone !== undefined) throw new SalesDriveInputError(`phone: invalid phone number ${JSON.stringify(badPhone)}`);
		const stockId = input.stockId === undefined || input.stockId === '' ? null : numberOf(input.stockId, 'stockId');
		const lines = ((input.products as unknown[] | undefined) ?? []).map((item, index) =>
			this.orderLine(item, index, stockId),
		);
		const userId = this.userId(input.salesdrive_manager);
		const custom = this.customValues(input, CREATE_KEYS);
		const firstStatus = this.directories.statuses[0];
		if (!firstStatus) throw new SalesDriveInputError('the account has no order statuses');
		const paymentMethod = this.method(this.directories.paymentMethods, input.payment_method);
		const shippingMethod = this.method(this.directories.deliveryMethods, input.shipping_method);
		const delivery: SdDelivery[] = [];
		for (const carrier of CARRIERS) {
			const block = objectOf(input[carrier]);
			if (block) delivery.push(deliveryFromPayload(carrier, block));
		}
		const id = this.next.order++;
		const order: SdOrder = {
			id,
			formId: 1,
			version: 1,
			externalId: text(input.externalId),
			orderTime: now,
			updateAt: now,
			statusId: firstStatus.id,
			statusHistory: [{ statusId: firstStatus.id, at: now }],
			userId,
			organizationId:
				input.organizationId !== undefined && input.organizationId !== ''
					? numberOf(input.organizationId, 'organizationId')
					: (this.directories.organizations[0]?.id ?? null),
			typeId: 1,
			sajt: this.siteId(input.sajt),
			paymentMethod: paymentMethod?.id ?? null,
			shippingMethod: shippingMethod?.id ?? null,
			shippingAddress: text(input.shipping_address),
			comment: text(input.comment),
			paymentDate: null,
			rejectionReason: null,
			lines,
			delivery,
			contactIds: [],
			shippingCosts: input.shipping_costs === undefined ? 0 : numberOf(input.shipping_costs, 'shipping_costs'),
			commission: input.commission === undefined ? 0 : numberOf(input.commission, 'commission'),
			costPrice: input.costPrice === undefined ? null : numberOf(input.costPrice, 'costPrice'),
			payedAmount: 0,
			documentOrdCheck: 0,
			utm: Object.fromEntries(UTM_FIELDS.map((field) => [field, text(input[field])])),
			campaignId: null,
			token: createHash('md5').update(`salesdrive-order-${id}-${now}`).digest('hex'),
			custom,
			notes: [],
		};
		// cash on delivery: the carrier collects the order's amount from the recipient
		if (paymentMethod?.parameter === 'postpay') {
			for (const entry of delivery) {
				entry.hasPostpay = 1;
				entry.postpaySum = this.amounts(order).paymentAmount;
				entry.postpayPayer = 'Recipient';
				entry.paymentMethod = 'Cash';
			}
		}
		const contact = this.contactFor(input, userId, now);
		if (contact) {
			order.contactIds.push(contact.id);
			contact.orderIds.push(id);
		}
		this.orders.push(order);
		this.ordersById.set(id, order);
		this.revision++;
		return order;
	}

	/**
	 * `POST /api/order/update/`: changes the fields `data` names. Product lines, the linked
	 * contact's data and carrier addresses cannot be changed this way (as SalesDrive documents);
	 * such keys are ignored.
	 */
	updateOrder(ref: { id?: unknown; externalId?: unknown }, data: unknown, at: Date = new Date()) {
		const byId = ref.id !== undefined && ref.id !== null && ref.id !== '';
		if (!byId && text(ref.externalId) === null) throw new SalesDriveInputError('id or externalId is required');
		const order = this.findOrder(ref);
		if (!order)
			throw new SalesDriveInputError(`Order not found (${byId ? `id ${ref.id}` : `externalId ${ref.externalId}`})`);
		const changes = objectOf(data);
		if (!changes) throw new SalesDriveInputError('data must be an object with the fields to change');
		const now = accountDateTime(at);
		const before = changeableState(order);
		const previousStatus = order.statusId;

		if (changes.statusId !== undefined) {
			const statusId = numberOf(changes.statusId, 'statusId');
			if (!this.directories.statuses.some((status) => status.id === statusId)) {
				throw new SalesDriveInputError(`Unknown statusId ${statusId}`);
			}
			if (statusId !== order.statusId) {
				order.statusId = statusId;
				order.statusHistory.push({ statusId, at: now });
			}
		}
		if (changes.paymentDate !== undefined) {
			const date =
				changes.paymentDate === null || changes.paymentDate === '' ? null : dottedToIsoDate(changes.paymentDate);
			if (date === undefined) throw new SalesDriveInputError('paymentDate must be DD.MM.YYYY');
			order.paymentDate = date;
		}
		if (changes.rejectionReasonId !== undefined) {
			order.rejectionReason =
				changes.rejectionReasonId === null ? null : numberOf(changes.rejectionReasonId, 'rejectionReasonId');
		}
		if (changes.salesdrive_manager !== undefined) order.userId = this.userId(changes.salesdrive_manager);
		if (changes.comment !== undefined) order.comment = text(changes.comment);
		if (changes.shipping_address !== undefined) order.shippingAddress = text(changes.shipping_address);
		if (changes.externalId !== undefined) order.externalId = text(changes.externalId);
		if (changes.sajt !== undefined) order.sajt = this.siteId(changes.sajt);
		if (changes.organizationId !== undefined) order.organizationId = numberOf(changes.organizationId, 'organizationId');
		if (changes.payment_method !== undefined) {
			const method = this.method(this.directories.paymentMethods, changes.payment_method);
			if (!method) throw new SalesDriveInputError(`Unknown payment_method ${JSON.stringify(changes.payment_method)}`);
			order.paymentMethod = method.id;
		}
		if (changes.shipping_method !== undefined) {
			const method = this.method(this.directories.deliveryMethods, changes.shipping_method);
			if (!method) throw new SalesDriveInputError(`Unknown shipping_method ${JSON.stringify(changes.shipping_method)}`);
			order.shippingMethod = method.id;
		}
		for (const carrier of CARRIERS) {
			const block = objectOf(changes[carrier]);
			if (!block || block.ttn === undefined) continue;
			let entry = order.delivery.find((candidate) => candidate.provider === carrier);
			if (!entry) {
				entry = emptyDelivery(carrier);
				order.delivery.push(entry);
			}
			entry.trackingNumber = text(block.ttn);
		}
		for (const field of UTM_FIELDS) if (changes[field] !== undefined) order.utm[field] = text(changes[field]);
		Object.assign(order.custom, this.customValues(changes, new Set()));

		const changed = changeableState(order) !== before;
		if (changed) this.touch(order, now);
		return { order, changed, statusChanged: order.statusId !== previousStatus };
	}

	/** `POST /api/order/note/`. */
	addNote(orderId: unknown, note: unknown, at: Date = new Date()): number {
		const order = this.findOrder({ id: orderId });
		if (!order) throw new SalesDriveInputError(`Order not found (id ${orderId})`);
		const body = text(note);
		if (body === null) throw new SalesDriveInputError('note is required');
		const id = this.next.note++;
		order.notes.push({ id, note: body, createdAt: accountDateTime(at) });
		return id;
	}

	/**
	 * An order as `/api/order/list/` shows it. The webhook flavour (see webhooks.ts) has no
	 * `primaryContact` (a captured status_change body had none) and richer product lines.
	 */
	orderView(order: SdOrder, flavour: 'list' | 'webhook' = 'list'): Record<string, unknown> {
		const contacts = order.contactIds
			.map((id) => this.contacts.get(id))
			.filter((contact): contact is SdContact => contact !== undefined)
			.map((contact) => this.contactView(contact));
		const amounts = this.amounts(order);
		const products = order.lines.map((line) => {
			if (flavour === 'list') return { ...line };
			const catalog = this.products.get(line.parameter);
			const complect = this.complectOf(catalog?.set);
			return {
				formId: order.formId,
				...line,
				name: line.text,
				nameTranslate: text(catalog?.nameTranslate),
				// a number in real replies; a caller's non-numeric category code has no number to show
				categoryId: /^\d+$/.test(catalog?.category?.id ?? '') ? Number(catalog!.category!.id) : null,
				categoryName: catalog?.category?.name ?? null,
				restCount: catalog ? catalog.stockBalance : -1,
				isComplect: complect.length > 0 ? 1 : 0,
				...(complect.length > 0 ? { complect } : {}),
			};
		});
		const view: Record<string, unknown> = {
			id: order.id,
			formId: order.formId,
			version: order.version,
			ord_delivery_data: order.delivery.map((entry) => ({ ...entry, trackingNumber: entry.trackingNumber ?? '' })),
			...(flavour === 'list' ? { primaryContact: contacts[0] ?? null } : {}),
			contacts,
			products,
			shipping_method: order.shippingMethod,
			payment_method: order.paymentMethod,
			shipping_address: order.shippingAddress,
			comment: order.comment,
			organizationId: order.organizationId,
			typeId: order.typeId,
			orderTime: order.orderTime,
			updateAt: order.updateAt,
			paymentDate: order.paymentDate,
			statusId: order.statusId,
			rejectionReason: order.rejectionReason,
			userId: order.userId,
			paymentAmount: amounts.paymentAmount,
			costPriceAmount: amounts.costPriceAmount,
			shipping_costs: order.shippingCosts,
			commissionAmount: amounts.commissionAmount,
			expensesAmount: amounts.expensesAmount,
			profitAmount: amounts.profitAmount,
			payedAmount: amounts.payedAmount,
			restPay: amounts.restPay,
			document_ord_check: order.documentOrdCheck,
			discountAmount: amounts.discountAmount,
			sajt: order.sajt,
			// empty text ids come as "" in real replies, not null
			externalId: order.externalId ?? '',
			campaignId: order.campaignId,
			...order.utm,
			token: order.token,
			...order.custom,
		};
		return view;
	}

	/** A kit's parts as webhook lines list them (`complect[]`), from the catalog product's `set`. */
	private complectOf(set: unknown): Array<Record<string, unknown>> {
		if (!Array.isArray(set)) return [];
		return set.map((item) => {
			const part = objectOf(item) ?? {};
			const product = this.products.get(String(part.id ?? ''));
			return {
				productId: product?.productId ?? null,
				count: Number(part.quantity ?? 1),
				parameter: String(part.id ?? ''),
				sku: product?.sku ?? '',
				barcode: text(product?.barcode) ?? '',
				name: product?.name ?? '',
			};
		});
	}

	/** `GET /api/order/list/` with the documented filters; newest orders first. */
	listOrders(query: QueryObject): ListResult<Record<string, unknown>> {
		const filter = objectOf(query.filter) ?? {};
		const tests: Array<(order: SdOrder) => boolean> = [];

		const statuses = listOf(filter.statusId);
		if (statuses.includes('__ALL__')) {
			// deleted ones included
		} else if (statuses.length === 0 || statuses.includes('__NOTDELETED__')) {
			const deleted = this.deletedStatusIds();
			const also = new Set(statuses.filter((s) => s !== '__NOTDELETED__').map(Number));
			tests.push((order) => !deleted.has(order.statusId) || also.has(order.statusId));
		} else {
			const wanted = new Set(statuses.map(Number));
			tests.push((order) => wanted.has(order.statusId));
		}

		const idRange = objectOf(filter.id);
		if (idRange) {
			const from =
				idRange.from !== undefined && idRange.from !== '' ? numberOf(idRange.from, 'filter[id][from]') : undefined;
			const to = idRange.to !== undefined && idRange.to !== '' ? numberOf(idRange.to, 'filter[id][to]') : undefined;
			const exact = Object.entries(idRange)
				.filter(([key]) => /^\d+$/.test(key))
				.map(([, value]) => Number(value));
			if (exact.length > 0) tests.push((order) => exact.includes(order.id));
			if (from !== undefined) tests.push((order) => order.id >= from);
			if (to !== undefined) tests.push((order) => order.id <= to);
		} else if (filter.id !== undefined && filter.id !== '') {
			const ids = new Set(listOf(filter.id).map((id) => numberOf(id, 'filter[id]')));
			tests.push((order) => ids.has(order.id));
		}

		for (const field of ['updateAt', 'orderTime'] as const) {
			const range = dateRange(filter[field], `filter[${field}]`);
			if (range.from) tests.push((order) => order[field] >= range.from!);
			if (range.to) tests.push((order) => order[field] <= range.to!);
		}

		const setStatusIds = new Set(listOf(filter.setStatusId).map(Number));
		const setStatusTime = dateRange(filter.setStatusTime, 'filter[setStatusTime]');
		if (setStatusIds.size > 0 || setStatusTime.from || setStatusTime.to) {
			tests.push((order) =>
				order.statusHistory.some(
					(entry) =>
						(setStatusIds.size === 0 || setStatusIds.has(entry.statusId)) &&
						(!setStatusTime.from || entry.at >= setStatusTime.from) &&
						(!setStatusTime.to || entry.at <= setStatusTime.to),
				),
			);
		}

		for (const field of ['typeId', 'userId', 'organizationId'] as const) {
			const values = new Set(listOf(filter[field]).map(Number));
			if (values.size > 0) tests.push((order) => order[field] !== null && values.has(order[field] as number));
		}

		const matching: SdOrder[] = [];
		for (let i = this.orders.length - 1; i >= 0; i--) {
			const order = this.orders[i];
			if (tests.every((test) => test(order))) matching.push(order);
		}
		let paymentAmount = 0;
		let commission = 0;
		let expenses = 0;
		for (const order of matching) {
			const amounts = this.amounts(order);
			paymentAmount += amounts.paymentAmount;
			commission += amounts.commissionAmount;
			expenses += amounts.expensesAmount;
		}
		const page = paginate(matching, query, 50);
		return {
			data: page.items.map((order) => this.orderView(order)),
			pagination: page.pagination,
			totals: {
				count: matching.length,
				paymentAmount: round2(paymentAmount),
				commission: round2(commission),
				expenses: round2(expenses),
			},
		};
	}
}
