/**
 * The SalesDrive sandbox's data and the operations the API performs on it. Plain in-memory
 * structures that tests may read directly; the HTTP layer (server.ts) only translates requests
 * and replies. Operations take the time they happen at, so demo data can be built in the past.
 */
import { createHash } from 'node:crypto';

import {
	SalesDriveInputError,
	type SdCategory,
	type SdCheck,
	type SdContact,
	type SdCurrency,
	type SdCustomField,
	type SdDelivery,
	type SdMethod,
	type SdOrder,
	type SdOrderLine,
	type SdOrganization,
	type SdPayment,
	type SdProduct,
	type SdSite,
	type SdStatus,
	type SdUser,
	type SdWarehouse,
} from './model';
import { listOf, objectOf, positiveInt, type QueryObject } from './query';
import { accountDateTime, dottedToIsoDate, normalizeDateTime, wallClockToDate } from './time';

/** Largest page of every list endpoint, and the most products one product-handler call takes. */
export const MAX_PAGE_SIZE = 100;
export const MAX_PRODUCTS_PER_REQUEST = 100;

export interface Pagination {
	currentPage: number;
	pageCount: number;
	perPage: number;
}

export interface ListResult<T> {
	data: T[];
	pagination: Pagination;
	totals: Record<string, number>;
}

/** Directory values of an account: what the `/api/statuses/`-style endpoints return and payloads refer to. */
export interface SalesDriveDirectories {
	statuses: SdStatus[];
	paymentMethods: SdMethod[];
	deliveryMethods: SdMethod[];
	users: SdUser[];
	sites: SdSite[];
	organizations: SdOrganization[];
	warehouses: SdWarehouse[];
	customFields: SdCustomField[];
	currencies: SdCurrency[];
	baseCurrency: string;
}

type Input = Record<string, unknown>;

const round2 = (value: number) => Math.round(value * 100) / 100;
const money = (value: number) => round2(value).toFixed(2);

function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

function numberOf(value: unknown, what: string): number {
	const number = typeof value === 'string' ? Number(value.replace(',', '.').trim()) : Number(value);
	if (value === '' || value === null || typeof value === 'boolean' || !Number.isFinite(number)) {
		throw new SalesDriveInputError(`${what} must be a number, got ${JSON.stringify(value)}`);
	}
	return number;
}

/** "10%" → 10 as a percentage; "25" or 25 → 25 as an amount (per unit). */
function amountOrPercent(value: unknown, what: string): { value: number; percent: number } {
	if (value === undefined || value === null || value === '') return { value: 0, percent: 0 };
	if (typeof value === 'string' && value.trim().endsWith('%')) {
		return { value: numberOf(value.trim().slice(0, -1), what), percent: 1 };
	}
	return { value: numberOf(value, what), percent: 0 };
}

/** Digits only, in the 380… form SalesDrive shows (0501234567 and +38 (050) … become 380501234567). */
export function normalizePhone(value: unknown): string | null {
	const digits = String(value ?? '').replace(/\D/g, '');
	if (digits === '') return null;
	if (digits.length === 10 && digits.startsWith('0')) return `38${digits}`;
	if (digits.length === 11 && digits.startsWith('80')) return `3${digits}`;
	return digits;
}

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
	entry.branchNumber = typeof warehouse === 'object' && warehouse ? null : text(warehouse);
	entry.streetName = text(block.Street);
	entry.house = text(block.BuildingNumber);
	entry.flat = text(block.Flat);
	entry.trackingNumber = text(block.ttn);
	if (provider === 'ukrposhta') entry.ukrposhtaType = text(block.type);
	return entry;
}

export class SalesDriveStore {
	directories!: SalesDriveDirectories;
	products = new Map<string, SdProduct>();
	categories = new Map<string, SdCategory>();
	contacts = new Map<number, SdContact>();
	/** ascending by id, the order they were created in */
	orders: SdOrder[] = [];
	payments: SdPayment[] = [];
	checks: SdCheck[] = [];

	private ordersById = new Map<number, SdOrder>();
	private amountsCache = new WeakMap<SdOrder, { version: number; amounts: OrderAmounts }>();
	/** bumped by every order change, for caches spanning orders */
	private revision = 0;
	private countersCache = new Map<number, { revision: number; counters: Record<string, number> }>();
	private contactsByPhone = new Map<string, number>();
	private next = { order: 1, product: 1, contact: 1, note: 1, payment: 1, check: 1, site: 1 };

	/** `fill` puts the demo data in (see demo.ts); an empty store otherwise. */
	constructor(private readonly fill?: (store: SalesDriveStore) => void) {
		this.reset();
	}

	/** Back to the demo data (or empty), built relative to now. */
	reset(): void {
		this.directories = {
			statuses: [],
			paymentMethods: [],
			deliveryMethods: [],
			users: [],
			sites: [],
			organizations: [],
			warehouses: [],
			customFields: [],
			currencies: [],
			baseCurrency: 'UAH',
		};
		this.products.clear();
		this.categories.clear();
		this.contacts.clear();
		this.contactsByPhone.clear();
		this.orders = [];
		this.ordersById.clear();
		this.countersCache.clear();
		this.revision++;
		this.payments = [];
		this.checks = [];
		this.next = { order: 1, product: 1, contact: 1, note: 1, payment: 1, check: 1, site: 1 };
		this.fill?.(this);
	}

	/** Where numbering continues (demo data starts ids at realistic values). */
	startIdsAt(ids: Partial<SalesDriveStore['next']>): void {
		this.next = { ...this.next, ...ids };
	}

	counts() {
		return {
			orders: this.orders.length,
			products: this.products.size,
			categories: this.categories.size,
			contacts: this.contacts.size,
			payments: this.payments.length,
			checks: this.checks.length,
			notes: this.orders.reduce((sum, order) => sum + order.notes.length, 0),
		};
	}

	// ---- directories ----------------------------------------------------------------------

	private deletedStatusIds(): Set<number> {
		return new Set(this.directories.statuses.filter((status) => status.type === 4).map((status) => status.id));
	}

	/** A payment/delivery method named by name, parameter or id; undefined when unknown. */
	private method(list: SdMethod[], value: unknown): SdMethod | undefined {
		const wanted = text(value);
		if (wanted === null) return undefined;
		const lower = wanted.toLowerCase();
		return list.find(
			(method) =>
				method.parameter.toLowerCase() === lower || method.name.toLowerCase() === lower || String(method.id) === wanted,
		);
	}

	/** Sites are select values SalesDrive adds as orders arrive from them. */
	private siteId(value: unknown): number | null {
		const name = text(value);
		if (name === null) return null;
		const known = this.directories.sites.find((site) => site.name === name || String(site.id) === name);
		if (known) return known.id;
		const site = { id: this.next.site++, name };
		this.directories.sites.push(site);
		return site.id;
	}

	private userId(value: unknown): number | null {
		if (value === undefined || value === null || value === '') return null;
		const id = Number(value);
		return this.directories.users.some((user) => user.id === id) ? id : null;
	}

	/** Custom fields the account has; other unknown keys are ignored, as a form ignores unknown inputs. */
	private customValues(input: Input, skip: Set<string>): Record<string, unknown> {
		const values: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(input)) {
			if (skip.has(key)) continue;
			const field = this.directories.customFields.find((candidate) => candidate.parameter === key);
			if (!field) continue;
			if (field.type === 'select' && value !== null && value !== '') {
				const match = /^id_(\d+)$/.exec(String(value));
				const option = match ? field.options?.find((candidate) => candidate.id === Number(match[1])) : undefined;
				if (!option)
					throw new SalesDriveInputError(`${key}: no option ${JSON.stringify(value)} (use "id_<option id>")`);
			}
			values[key] = value;
		}
		return values;
	}

	// ---- contacts -------------------------------------------------------------------------

	/** The contact a new order belongs to: found by phone, else created; none when no contact data came. */
	private contactFor(input: Input, userId: number | null, at: string): SdContact | undefined {
		const phones = listOf(input.phone)
			.map(normalizePhone)
			.filter((phone): phone is string => phone !== null);
		const emails = listOf(input.email)
			.map((email) => email.trim())
			.filter(Boolean);
		const hasData =
			phones.length > 0 || emails.length > 0 || ['fName', 'lName', 'mName', 'company'].some((k) => text(input[k]));
		if (!hasData) return undefined;
		const knownId = phones.map((phone) => this.contactsByPhone.get(phone)).find((id) => id !== undefined);
		if (knownId !== undefined) {
			const known = this.contacts.get(knownId)!;
			for (const email of emails) if (!known.email.includes(email)) known.email.push(email);
			return known;
		}
		const contact: SdContact = {
			id: this.next.contact++,
			formId: 1,
			version: 1,
			active: 1,
			lName: text(input.lName),
			fName: text(input.fName),
			mName: text(input.mName),
			phone: phones,
			email: emails,
			counterpartyId: null,
			company: text(input.company),
			comment: text(input.con_comment),
			userId,
			telegram: text(input.con_telegram),
			instagramNick: null,
			dateOfBirth: text(input.dateOfBirth),
			createTime: at,
			orderIds: [],
		};
		this.contacts.set(contact.id, contact);
		for (const phone of phones) this.contactsByPhone.set(phone, contact.id);
		return contact;
	}

	contactView(contact: SdContact): Record<string, unknown> {
		const { orderIds, ...shown } = contact;
		return { ...shown, phone: [...contact.phone], email: [...contact.email], ...this.leadCounters(contact) };
	}

	/** A contact's orders and completed sales; cached until any order changes (a page shows a contact many times). */
	private leadCounters(contact: SdContact) {
		const cached = this.countersCache.get(contact.id);
		if (cached && cached.revision === this.revision) return cached.counters;
		const successful = new Set(this.directories.statuses.filter((s) => s.type === 2).map((s) => s.id));
		let leadsSalesCount = 0;
		let leadsSalesAmount = 0;
		for (const id of contact.orderIds) {
			const order = this.ordersById.get(id);
			if (!order || !successful.has(order.statusId)) continue;
			leadsSalesCount++;
			leadsSalesAmount += this.amounts(order).paymentAmount;
		}
		const counters = {
			leadsCount: contact.orderIds.length,
			leadsSalesCount,
			leadsSalesAmount: round2(leadsSalesAmount),
		};
		this.countersCache.set(contact.id, { revision: this.revision, counters });
		return counters;
	}

	// ---- orders ---------------------------------------------------------------------------

	private findProductBySku(sku: string): SdProduct | undefined {
		for (const product of this.products.values()) if (product.sku === sku) return product;
		return undefined;
	}

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

	/** Money of an order, derived from its lines the way the list's amount fields present it. */
	amounts(order: SdOrder): OrderAmounts {
		// lines never change; everything else that counts bumps the version
		const cached = this.amountsCache.get(order);
		if (cached && cached.version === order.version) return cached.amounts;
		const amounts = computeAmounts(order);
		this.amountsCache.set(order, { version: order.version, amounts });
		return amounts;
	}

	getOrder(id: number): SdOrder | undefined {
		return this.ordersById.get(id);
	}

	/** By SalesDrive id, or by the caller's externalId (the newest order carrying it). */
	findOrder(ref: { id?: unknown; externalId?: unknown }): SdOrder | undefined {
		if (ref.id !== undefined && ref.id !== null && ref.id !== '') return this.ordersById.get(Number(ref.id));
		const externalId = text(ref.externalId);
		if (externalId === null) return undefined;
		for (let i = this.orders.length - 1; i >= 0; i--)
			if (this.orders[i].externalId === externalId) return this.orders[i];
		return undefined;
	}

	/** `POST /handler/`: a new order in the first status. */
	createOrder(input: Input, at: Date = new Date()): SdOrder {
		const now = accountDateTime(at);
		if (input.products !== undefined && !Array.isArray(input.products)) {
			throw new SalesDriveInputError('products must be an array');
		}
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
			paymentMethod: paymentMethod ? String(paymentMethod.id) : '',
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

	/** Marks a change: a new version and a fresh updateAt. */
	private touch(order: SdOrder, at: string): void {
		this.revision++;
		order.version++;
		order.updateAt = at;
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
			order.paymentMethod = String(method.id);
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
			return {
				formId: order.formId,
				...line,
				name: line.text,
				nameTranslate: text(catalog?.nameTranslate),
				categoryId: catalog?.category?.id ?? null,
				categoryName: catalog?.category?.name ?? null,
				restCount: catalog ? catalog.stockBalance : -1,
				isComplect: Array.isArray(catalog?.set) && (catalog?.set as unknown[]).length > 0 ? 1 : 0,
			};
		});
		const view: Record<string, unknown> = {
			id: order.id,
			formId: order.formId,
			version: order.version,
			ord_delivery_data: order.delivery.map((entry) => ({ ...entry })),
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
			externalId: order.externalId,
			campaignId: order.campaignId,
			...order.utm,
			token: order.token,
			...order.custom,
		};
		return view;
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

	/** Field descriptions the list and webhooks put under `meta.fields`: select fields and their options. */
	fieldsMeta(order?: SdOrder): Record<string, unknown> {
		const d = this.directories;
		const select = (name: string, options: Array<{ value: number | string; text: string }>, pick?: unknown) => ({
			name,
			type: 'select',
			options: pick === undefined ? options : options.filter((option) => String(option.value) === String(pick)),
		});
		const fields: Record<string, unknown> = {
			statusId: select(
				'Статус',
				d.statuses.map((s) => ({ value: s.id, text: s.name })),
				order?.statusId,
			),
			userId: select(
				'Менеджер',
				d.users.map((u) => ({ value: u.id, text: u.name })),
				order?.userId,
			),
			payment_method: select(
				'Спосіб оплати',
				d.paymentMethods.map((m) => ({ value: m.id, text: m.name })),
				order?.paymentMethod,
			),
			shipping_method: select(
				'Спосіб доставки',
				d.deliveryMethods.map((m) => ({ value: m.id, text: m.name })),
				order?.shippingMethod,
			),
			sajt: select(
				'Сайт',
				d.sites.map((s) => ({ value: s.id, text: s.name })),
				order?.sajt,
			),
			organizationId: select(
				'Організація',
				d.organizations.map((o) => ({ value: o.id, text: o.title })),
				order?.organizationId,
			),
		};
		for (const field of d.customFields) {
			const value = order?.custom[field.parameter];
			if (field.type === 'select') {
				const options = (field.options ?? []).map((option) => ({ value: `id_${option.id}`, text: option.text }));
				fields[field.parameter] = select(field.name, options, order ? value : undefined);
			} else {
				fields[field.parameter] = { name: field.name, type: field.type };
			}
		}
		return fields;
	}

	// ---- catalog --------------------------------------------------------------------------

	/**
	 * `POST /product-handler/` with `action: "update"`: adds or updates by `id`. Fields left out
	 * keep their values; on an existing product the fields named in `dontUpdateFields` keep theirs
	 * too (`price` stands for `costPerItem`). `stockBalanceByStock` changes the named stocks only,
	 * and the total follows. All-or-nothing: one bad product refuses the whole call.
	 */
	upsertProducts(items: unknown, dontUpdateFields: unknown, at: Date = new Date()): string {
		const list = this.productBatch(items);
		const keep = new Set(listOf(dontUpdateFields));
		if (keep.has('price')) keep.add('costPerItem');
		const now = accountDateTime(at);
		const prepared = list.map((item, index) => this.prepareProduct(item, index));
		const messages: string[] = [];
		for (const { id, fields } of prepared) {
			const existing = this.products.get(id);
			const product: SdProduct = existing ?? {
				id,
				productId: this.next.product++,
				name: '',
				sku: '',
				costPerItem: 0,
				currency: this.directories.baseCurrency,
				stockBalance: 0,
				stockBalanceByStock: {},
				additionalPrices: [],
				params: [],
				category: null,
				createdAt: now,
				updatedAt: now,
			};
			const skip = existing ? keep : new Set<string>();
			for (const [field, value] of Object.entries(fields)) {
				if (skip.has(field) || field === 'labelMode' || field === 'paramsMode') continue;
				this.applyProductField(product, field, value, fields);
			}
			product.updatedAt = now;
			this.products.set(id, product);
			messages.push(`product[${id}] successfully ${existing ? 'updated' : 'added'}.`);
		}
		return messages.join(' ');
	}

	/** `POST /product-handler/` with `action: "delete"`. */
	deleteProducts(items: unknown): string {
		const list = this.productBatch(items);
		return list
			.map((item, index) => {
				const id = text(objectOf(item)?.id);
				if (id === null) throw new SalesDriveInputError(`product[${index}]: id is required`);
				return id;
			})
			.map((id) => (this.products.delete(id) ? `product[${id}] successfully deleted.` : `product[${id}] not found.`))
			.join(' ');
	}

	private productBatch(items: unknown): unknown[] {
		if (!Array.isArray(items) || items.length === 0)
			throw new SalesDriveInputError('product must be a non-empty array');
		if (items.length > MAX_PRODUCTS_PER_REQUEST) {
			throw new SalesDriveInputError(
				`Too many products in one request: ${items.length} (at most ${MAX_PRODUCTS_PER_REQUEST})`,
			);
		}
		return items;
	}

	/** Checks one product of a batch before anything is written. */
	private prepareProduct(item: unknown, index: number): { id: string; fields: Input } {
		const fields = objectOf(item);
		if (!fields) throw new SalesDriveInputError(`product[${index}] must be an object`);
		const id = text(fields.id);
		if (id === null) throw new SalesDriveInputError(`product[${index}]: id is required`);
		if (!this.products.has(id) && text(fields.name) === null) {
			throw new SalesDriveInputError(`product[${id}]: name is required for a new product`);
		}
		for (const field of ['costPerItem', 'stockBalance', 'expenses']) {
			if (fields[field] !== undefined && fields[field] !== null) numberOf(fields[field], `product[${id}].${field}`);
		}
		if (fields.stockBalanceByStock !== undefined) {
			const byStock = objectOf(fields.stockBalanceByStock);
			if (!byStock)
				throw new SalesDriveInputError(`product[${id}].stockBalanceByStock must be {"<stock id>": quantity}`);
			for (const [stock, quantity] of Object.entries(byStock)) {
				numberOf(quantity, `product[${id}].stockBalanceByStock["${stock}"]`);
			}
		}
		for (const field of ['additionalPrices', 'params', 'images', 'set', 'label']) {
			if (fields[field] !== undefined && !Array.isArray(fields[field])) {
				throw new SalesDriveInputError(`product[${id}].${field} must be an array`);
			}
		}
		const { id: _ignored, ...rest } = fields;
		return { id, fields: rest };
	}

	private applyProductField(product: SdProduct, field: string, value: unknown, all: Input): void {
		const copy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
		switch (field) {
			case 'costPerItem':
				product.costPerItem = numberOf(value, 'costPerItem');
				return;
			case 'stockBalanceByStock': {
				for (const [stock, quantity] of Object.entries(objectOf(value) ?? {})) {
					product.stockBalanceByStock[stock] = numberOf(quantity, 'stock quantity');
				}
				product.stockBalance = round2(Object.values(product.stockBalanceByStock).reduce((sum, q) => sum + q, 0));
				return;
			}
			case 'stockBalance':
				// a total sent next to per-stock quantities is derived from them instead
				if (all.stockBalanceByStock === undefined) product.stockBalance = numberOf(value, 'stockBalance');
				return;
			case 'category': {
				const category = objectOf(value);
				if (!category) {
					product.category = null;
					return;
				}
				const id = text(category.id) ?? text(category.name) ?? '';
				const known = this.categories.get(id);
				const name = text(category.name) ?? known?.name ?? id;
				if (!known) this.categories.set(id, { id, name, parentId: null });
				product.category = { id, name };
				return;
			}
			case 'additionalPrices': {
				// a price type sent replaces that type; other types stay
				for (const price of value as Input[]) {
					const entry = copy(price) as SdProduct['additionalPrices'][number];
					const at = product.additionalPrices.findIndex((p) => p.priceType === entry.priceType);
					if (at >= 0) product.additionalPrices[at] = entry;
					else product.additionalPrices.push(entry);
				}
				return;
			}
			case 'params': {
				const params = copy(value) as SdProduct['params'];
				if (all.paramsMode !== 'add') {
					product.params = params;
					return;
				}
				for (const param of params) {
					const at = product.params.findIndex((p) => p.name === param.name);
					if (at >= 0) product.params[at] = param;
					else product.params.push(param);
				}
				return;
			}
			case 'label': {
				const labels = copy(value) as unknown[];
				const current = Array.isArray(product.label) ? (product.label as unknown[]) : [];
				product.label = all.labelMode === 'add' ? [...current, ...labels.filter((l) => !current.includes(l))] : labels;
				return;
			}
			case 'name':
			case 'sku':
				product[field] = text(value) ?? '';
				return;
			case 'parentProductId':
				product.parentProductId = text(value);
				return;
			default:
				product[field] = copy(value);
		}
	}

	/** `POST /category-handler/`. */
	changeCategories(action: unknown, items: unknown): string {
		if (!Array.isArray(items) || items.length === 0)
			throw new SalesDriveInputError('category must be a non-empty array');
		const prepared = items.map((item, index) => {
			const fields = objectOf(item);
			const id = text(fields?.id);
			if (!fields || id === null) throw new SalesDriveInputError(`category[${index}]: id is required`);
			if (action !== 'delete' && !this.categories.has(id) && text(fields.name) === null) {
				throw new SalesDriveInputError(`category[${id}]: name is required for a new category`);
			}
			return { id, fields };
		});
		if (action === 'delete') {
			return prepared
				.map(({ id }) =>
					this.categories.delete(id) ? `category[${id}] successfully deleted.` : `category[${id}] not found.`,
				)
				.join(' ');
		}
		if (action !== 'update' && action !== 'add')
			throw new SalesDriveInputError(`Unknown action ${JSON.stringify(action)}`);
		return prepared
			.map(({ id, fields }) => {
				const existing = this.categories.get(id);
				const parent = fields.parentId === undefined ? (existing?.parentId ?? null) : text(fields.parentId);
				this.categories.set(id, {
					id,
					name: text(fields.name) ?? existing?.name ?? id,
					parentId: parent === '0' ? null : parent,
				});
				for (const product of this.products.values()) {
					if (product.category?.id === id) product.category = { id, name: this.categories.get(id)!.name };
				}
				return `category[${id}] successfully ${existing ? 'updated' : 'added'}.`;
			})
			.join(' ');
	}

	// ---- payments and checks -------------------------------------------------------------

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
			nds: '0.00',
			payerTypeId: text(input.counterpartyCode) ? 2 : 1,
			createdAt: accountDateTime(at),
			updatedAt: accountDateTime(at),
			responsibleId: null,
			type: sum > 0 ? 'incoming' : 'outcoming',
			integrationTypeId: null,
			organizationAccount: account ? { ...account } : accountNumber ? { id: null, title: null, accountNumber } : null,
			organization: organization
				? { id: organization.id, title: organization.title, egrpou: organization.egrpou }
				: null,
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
		const page = paginate(matching, query, 30);
		return {
			data: page.items.map(({ uniqueId: _hidden, ...payment }) => JSON.parse(JSON.stringify(payment))),
			pagination: page.pagination,
			totals: { count: matching.length, sum: round2(matching.reduce((sum, p) => sum + Number(p.sum), 0)) },
		};
	}

	/** `GET /api/check/list/`: fiscal receipts, newest first. */
	listChecks(query: QueryObject): ListResult<Record<string, unknown>> {
		const matching = documentFilter(this.checks, query);
		const page = paginate(matching, query, 30);
		return {
			data: page.items.map((check) => JSON.parse(JSON.stringify(check))),
			pagination: page.pagination,
			totals: { count: matching.length, sum: round2(matching.reduce((sum, c) => sum + Number(c.sum), 0)) },
		};
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
			paymentType: order.paymentMethod === '2' ? 'card' : 'cash',
			organization: organization
				? { id: organization.id, title: organization.title, egrpou: organization.egrpou }
				: null,
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

/** An order's money from its lines: discounts and commissions are per unit, a percentage of the price or an amount. */
function computeAmounts(order: SdOrder) {
	let paymentAmount = 0;
	let discountAmount = 0;
	let commissionAmount = order.commission;
	let costPriceAmount = 0;
	for (const line of order.lines) {
		// a discount or commission is per unit: a percentage of the price or an amount
		const unitDiscount = line.percentDiscount ? (line.price * line.discount) / 100 : line.discount;
		const unitCommission = line.percentCommission ? (line.price * line.commission) / 100 : line.commission;
		paymentAmount += (line.price - unitDiscount) * line.amount;
		discountAmount += unitDiscount * line.amount;
		commissionAmount += unitCommission * line.amount;
		costPriceAmount += line.costPrice * line.amount;
	}
	if (order.costPrice !== null) costPriceAmount = order.costPrice;
	const expensesAmount = order.shippingCosts;
	return {
		paymentAmount: round2(paymentAmount),
		costPriceAmount: round2(costPriceAmount),
		commissionAmount: round2(commissionAmount),
		expensesAmount: round2(expensesAmount),
		profitAmount: round2(paymentAmount - costPriceAmount - commissionAmount - expensesAmount),
		discountAmount: round2(discountAmount),
		payedAmount: round2(order.payedAmount),
		restPay: round2(paymentAmount - order.payedAmount),
	};
}

type OrderAmounts = ReturnType<typeof computeAmounts>;

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

/** `{from, to}` of a date filter, normalized; a malformed bound is the caller's error. */
function dateRange(value: unknown, what: string): { from?: string; to?: string } {
	const range = objectOf(value);
	if (!range) return {};
	const result: { from?: string; to?: string } = {};
	for (const bound of ['from', 'to'] as const) {
		const raw = range[bound];
		if (raw === undefined || raw === '') continue;
		const normalized = normalizeDateTime(raw, bound === 'to');
		if (!normalized) {
			throw new SalesDriveInputError(
				`${what}[${bound}]: expected "YYYY-MM-DD HH:MM:SS", got ${JSON.stringify(raw)}`,
				400,
			);
		}
		result[bound] = normalized;
	}
	return result;
}

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

/** `page` and `limit` (at most 100; larger values are cut to 100) over a filtered list. */
function paginate<T>(items: T[], query: QueryObject, defaultLimit: number): { items: T[]; pagination: Pagination } {
	const perPage = Math.min(positiveInt(query.limit, defaultLimit), MAX_PAGE_SIZE);
	const currentPage = positiveInt(query.page, 1);
	const start = (currentPage - 1) * perPage;
	return {
		items: items.slice(start, start + perPage),
		pagination: { currentPage, pageCount: Math.ceil(items.length / perPage), perPage },
	};
}
