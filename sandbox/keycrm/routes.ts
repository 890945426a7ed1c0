/**
 * The KeyCRM OpenAPI v1 routes the sandbox serves, under `/v1`. Lists follow KeyCRM's query
 * conventions (spatie/laravel-query-builder): `filter[name]=a,b`, `include=a,b.c`, `sort=-id`,
 * `limit` 1..50 (default 15) and `page`, answered as a Laravel length-aware page whose URLs keep
 * the request's query. A filter, include or sort the endpoint does not know is refused with 400,
 * as the query builder does, so a typo never silently widens a sync.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { apiTime, parseBetween, samePhone } from './format';
import {
	type BuyerRecord,
	type KeyCrmStore,
	offerQuantity,
	type OfferRecord,
	type OrderRecord,
	orderTotals,
	type ProductRecord,
} from './store';
import { type Dict, isDict, KeyCrmError, notFound, Validator } from './validation';
import {
	BUYER_INCLUDES,
	buyerView,
	COMPANY_INCLUDES,
	companyView,
	CREATED_ORDER_INCLUDES,
	ORDER_INCLUDES,
	orderBaseView,
	orderView,
	offerView,
	paymentView,
	productView,
	stockView,
	userView,
	expenseView,
} from './views';
import { registerWorkspaceRoutes } from './workspaceRoutes';

export const API_PREFIX = '/v1';

export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 15;

type SortKey<T> = (record: T) => number;

/** The query of a list request, read the way KeyCRM reads it. */
export class ListQuery {
	readonly params: URLSearchParams;
	readonly pathname: string;

	constructor(private readonly request: FastifyRequest) {
		const url = new URL(request.url, 'http://sandbox');
		this.params = url.searchParams;
		this.pathname = url.pathname;
	}

	/** `filter[name]` values; unknown names are refused. */
	filters(allowed: readonly string[]): Map<string, string> {
		const found = new Map<string, string>();
		for (const [key, value] of this.params) {
			const match = /^filter\[([^\]]+)\](?:\[\])?$/.exec(key);
			if (match) found.set(match[1], found.has(match[1]) ? `${found.get(match[1])},${value}` : value);
		}
		const unknown = [...found.keys()].filter((name) => !allowed.includes(name));
		if (unknown.length) {
			throw new KeyCrmError(
				400,
				`Requested filter(s) \`${unknown.join(', ')}\` are not allowed. Allowed filter(s) are \`${allowed.join(', ')}\`.`,
			);
		}
		return found;
	}

	includes(allowed: readonly string[]): Set<string> {
		const requested = (this.params.get('include') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const unknown = requested.filter((name) => !allowed.includes(name));
		if (unknown.length) {
			throw new KeyCrmError(
				400,
				`Requested include(s) \`${unknown.join(', ')}\` are not allowed. Allowed include(s) are \`${allowed.join(', ')}\`.`,
			);
		}
		return new Set(requested);
	}

	/** Sorts by `sort=a,-b` (id ascending breaks ties, and is the default order). */
	sort<T extends { id: number }>(records: T[], keys: Record<string, SortKey<T>>): T[] {
		const requested = (this.params.get('sort') ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const allowed = Object.keys(keys).flatMap((k) => [k, `-${k}`]);
		const unknown = requested.filter((s) => !allowed.includes(s));
		if (unknown.length) {
			throw new KeyCrmError(
				400,
				`Requested sort(s) \`${unknown.join(', ')}\` is not allowed. Allowed sort(s) are \`${allowed.join(', ')}\`.`,
			);
		}
		if (requested.length === 0) return records;
		const order = requested.map((s) => ({ key: keys[s.replace(/^-/, '')], desc: s.startsWith('-') }));
		return [...records].sort((a, b) => {
			for (const { key, desc } of order) {
				const diff = key(a) - key(b);
				if (diff !== 0) return desc ? -diff : diff;
			}
			return a.id - b.id;
		});
	}

	/** A Laravel length-aware page of `records`. */
	page<T>(records: T[], view: (record: T) => unknown) {
		const v = new Validator();
		const limit = v.number('limit', this.params.get('limit') ?? undefined, {
			integer: true,
			min: 1,
			max: MAX_PAGE_SIZE,
		});
		v.throwIfFailed();
		const perPage = limit ?? DEFAULT_PAGE_SIZE;
		const asked = Number(this.params.get('page') ?? 1);
		// like Laravel's paginator, an unreadable page number means the first page
		const currentPage = Number.isInteger(asked) && asked >= 1 ? asked : 1;
		const total = records.length;
		const lastPage = Math.max(1, Math.ceil(total / perPage));
		const start = (currentPage - 1) * perPage;
		return {
			total,
			current_page: currentPage,
			per_page: perPage,
			data: records.slice(start, start + perPage).map(view),
			first_page_url: this.pageUrl(1),
			last_page_url: this.pageUrl(lastPage),
			next_page_url: currentPage < lastPage ? this.pageUrl(currentPage + 1) : null,
			last_page: lastPage,
		};
	}

	private pageUrl(page: number): string {
		const params = new URLSearchParams(this.params);
		params.set('page', String(page));
		return `${this.request.protocol}://${this.request.headers.host}${this.pathname}?${params}`;
	}
}

export function list(value: string): string[] {
	return value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

export function idSet(value: string): Set<number> {
	return new Set(list(value).map(Number));
}

export function truthy(value: string): boolean {
	return ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
}

export function between(name: string, value: string): [number, number] {
	const range = parseBetween(value);
	if (!range) {
		const v = new Validator();
		v.add(
			`filter.${name}`,
			`The filter.${name.replace(/_/g, ' ')} must be two dates (Y-m-d H:i:s) separated by a comma.`,
		);
		v.throwIfFailed();
	}
	return range!;
}

export function within(ms: number | null, range: [number, number]): boolean {
	return ms !== null && ms >= range[0] && ms <= range[1];
}

export function pathId(value: string, model: string): number {
	if (!/^\d+$/.test(value)) throw notFound(model, value);
	return Number(value);
}

export function bodyOf(request: FastifyRequest): Dict {
	return isDict(request.body) ? request.body : {};
}

export type Params = Record<string, string>;

export const byId = <T extends { id: number }>() => ({ id: (r: T) => r.id });

export function registerKeyCrmRoutes(app: FastifyInstance, store: KeyCrmStore): void {
	const v1 = (path: string) => `${API_PREFIX}${path}`;
	const created = (reply: FastifyReply, body: unknown) => reply.code(201).send(body);
	const accepted = (reply: FastifyReply, body: unknown) => reply.code(202).send(body);

	// ---- orders ----

	const orderFilters = [
		'status_id',
		'source_id',
		'source_uuid',
		'buyer_phone',
		'buyer_email',
		'created_between',
		'updated_between',
		'shipping_between',
		'payment_status',
		'has_tracking_code',
	];

	app.get(v1('/order'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(orderFilters);
		const includes = query.includes(ORDER_INCLUDES);
		const tests: Array<(order: OrderRecord) => boolean> = [];
		for (const [name, value] of filters) {
			switch (name) {
				case 'status_id':
				case 'source_id': {
					const ids = idSet(value);
					tests.push((o) => ids.has(o[name]));
					break;
				}
				case 'source_uuid': {
					const uuids = new Set(list(value));
					tests.push((o) => o.source_uuid !== null && uuids.has(o.source_uuid));
					break;
				}
				case 'buyer_phone': {
					const phones = list(value);
					tests.push((o) => {
						const buyer = o.buyer_id !== null ? store.buyers.get(o.buyer_id) : undefined;
						return !!buyer?.phone.some((p) => phones.some((q) => samePhone(p, q)));
					});
					break;
				}
				case 'buyer_email': {
					const emails = list(value).map((e) => e.toLowerCase());
					tests.push((o) => {
						const buyer = o.buyer_id !== null ? store.buyers.get(o.buyer_id) : undefined;
						return !!buyer?.email.some((e) => emails.includes(e.toLowerCase()));
					});
					break;
				}
				case 'created_between': {
					// KeyCRM filters "created" on the time the order was placed at its source
					const range = between(name, value);
					tests.push((o) => within(o.ordered_at, range));
					break;
				}
				case 'updated_between': {
					const range = between(name, value);
					tests.push((o) => within(o.updated_at, range));
					break;
				}
				case 'shipping_between': {
					const range = between(name, value);
					tests.push((o) => within(o.shipping?.shipping_date_actual ?? o.shipping?.shipping_date ?? null, range));
					break;
				}
				case 'payment_status': {
					const states = list(value);
					tests.push((o) => states.includes(orderTotals(o).payment_status));
					break;
				}
				case 'has_tracking_code': {
					const wanted = truthy(value);
					tests.push((o) => !!o.shipping?.tracking_code === wanted);
					break;
				}
			}
		}
		const orders = [...store.orders.values()].filter((o) => tests.every((test) => test(o)));
		const sorted = query.sort(orders, {
			id: (o) => o.id,
			updated_at: (o) => o.updated_at,
			created_at: (o) => o.created_at,
			ordered_at: (o) => o.ordered_at,
		});
		return query.page(sorted, (o) => orderView(store, o, includes));
	});

	app.post(v1('/order'), async (request, reply) => {
		const order = store.createOrder(bodyOf(request));
		return created(reply, orderView(store, order, CREATED_ORDER_INCLUDES));
	});

	app.get<{ Params: Params }>(v1('/order/:orderId'), async (request) => {
		const includes = new ListQuery(request).includes(ORDER_INCLUDES);
		return orderView(store, store.getOrder(pathId(request.params.orderId, 'Order')), includes);
	});

	app.put<{ Params: Params }>(v1('/order/:orderId'), async (request, reply) => {
		const order = store.updateOrder(pathId(request.params.orderId, 'Order'), bodyOf(request));
		return accepted(reply, orderBaseView(store, order));
	});

	app.post(v1('/order/import'), async (request, reply) => {
		store.importOrders(bodyOf(request));
		return created(reply, { status: true });
	});

	app.post<{ Params: Params }>(v1('/order/:orderId/expense'), async (request, reply) => {
		const expense = store.addExpense(pathId(request.params.orderId, 'Order'), bodyOf(request));
		return created(reply, expenseView(store, expense));
	});

	app.put<{ Params: Params }>(v1('/order/:orderId/expense/:expenseId'), async (request, reply) => {
		const expense = store.updateExpense(
			pathId(request.params.orderId, 'Order'),
			pathId(request.params.expenseId, 'Expense'),
			bodyOf(request),
		);
		return accepted(reply, expenseView(store, expense));
	});

	app.post<{ Params: Params }>(v1('/order/:orderId/tag/:tagId'), async (request, reply) => {
		store.attachTag(pathId(request.params.orderId, 'Order'), pathId(request.params.tagId, 'Tag'));
		return accepted(reply, { status: true });
	});

	app.delete<{ Params: Params }>(v1('/order/:orderId/tag/:tagId'), async (request, reply) => {
		store.detachTag(pathId(request.params.orderId, 'Order'), pathId(request.params.tagId, 'Tag'));
		return reply.code(204).send();
	});

	app.post<{ Params: Params }>(v1('/order/:orderId/attachment/:fileId'), async (request, reply) => {
		store.attachFileToOrder(pathId(request.params.orderId, 'Order'), pathId(request.params.fileId, 'File'));
		return accepted(reply, { status: true });
	});

	// the spec answers a removal with 201
	app.delete<{ Params: Params }>(v1('/order/:orderId/attachment/:fileId'), async (request, reply) => {
		store.detachFileFromOrder(pathId(request.params.orderId, 'Order'), pathId(request.params.fileId, 'File'));
		return created(reply, { status: true });
	});

	app.post<{ Params: Params }>(v1('/order/:orderId/payment'), async (request, reply) => {
		const payment = store.addPayment(pathId(request.params.orderId, 'Order'), bodyOf(request));
		return created(reply, paymentView(store, payment, true));
	});

	app.put<{ Params: Params }>(v1('/order/:orderId/payment/:paymentId'), async (request, reply) => {
		const payment = store.updatePayment(
			pathId(request.params.orderId, 'Order'),
			pathId(request.params.paymentId, 'Payment'),
			bodyOf(request),
		);
		return accepted(reply, paymentView(store, payment, true));
	});

	// ---- directories (paginated, sortable by id) ----

	const directory = <T extends { id: number }>(path: string, records: () => T[], view: (r: T) => unknown = (r) => r) =>
		app.get(v1(path), async (request) => {
			const query = new ListQuery(request);
			query.filters([]);
			return query.page(query.sort(records(), byId<T>()), view);
		});
	const timed = <T extends { created_at: number; updated_at: number }>(r: T) => ({
		...r,
		created_at: apiTime(r.created_at),
		updated_at: apiTime(r.updated_at),
	});
	directory(
		'/order/status',
		() => store.statuses,
		(s) => ({ ...timed(s), deleted_at: null }),
	);
	directory('/order/source', () => store.sources, timed);
	directory('/order/payment-method', () => store.paymentMethods);
	directory('/order/delivery-service', () => store.deliveryServices);
	directory('/order/tag', () => store.tags, timed);
	directory('/order/expense-type', () => store.expenseTypes, timed);
	directory('/order/product-status', () => store.productStatuses, timed);
	app.get(v1('/products/categories'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['category_id', 'parent_id']);
		let categories = store.categories;
		for (const [name, value] of filters) {
			const ids = idSet(value);
			categories = categories.filter((c) => ids.has((name === 'category_id' ? c.id : c.parent_id) ?? -1));
		}
		return query.page(query.sort(categories, byId()), (c) => c);
	});

	app.post(v1('/products/categories'), async (request, reply) => {
		return created(reply, store.createCategory(bodyOf(request)));
	});

	app.get(v1('/custom-fields'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['model']);
		const includes = query.includes(['options']);
		const models = filters.has('model') ? list(filters.get('model')!) : undefined;
		const fields = store.customFields.filter((f) => !models || models.includes(f.model));
		const sorted = query.sort(fields, { position: (f) => f.position });
		// not paginated: the whole list
		return sorted.map(({ options, ...field }) => (includes.has('options') ? { ...field, options } : field));
	});

	app.get(v1('/users'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters([
			'id',
			'full_name',
			'role_id',
			'status',
			'email',
			'phone',
			'created_between',
			'last_logged_between',
		]);
		let users = store.users;
		for (const [name, value] of filters) {
			if (name === 'id' || name === 'role_id') {
				const ids = idSet(value);
				users = users.filter((u) => ids.has(name === 'id' ? u.id : u.role_id));
			} else if (name === 'full_name') {
				users = users.filter((u) => `${u.first_name} ${u.last_name}`.toLowerCase().includes(value.toLowerCase()));
			} else if (name === 'status' || name === 'email') {
				users = users.filter((u) => list(value).includes(String(u[name])));
			} else if (name === 'phone') {
				users = users.filter((u) => u.phone !== null && samePhone(u.phone, value));
			} else {
				const range = between(name, value);
				users = users.filter((u) => within(name === 'created_between' ? u.created_at : u.last_logged_at, range));
			}
		}
		return query.page(query.sort(users, byId()), userView);
	});

	// ---- buyers ----

	app.get(v1('/buyer'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['buyer_id', 'buyer_phone', 'buyer_email', 'created_between', 'updated_between']);
		const includes = query.includes(BUYER_INCLUDES);
		let buyers = [...store.buyers.values()];
		for (const [name, value] of filters) {
			if (name === 'buyer_id') {
				const ids = idSet(value);
				buyers = buyers.filter((b) => ids.has(b.id));
			} else if (name === 'buyer_phone') {
				const phones = list(value);
				buyers = buyers.filter((b) => b.phone.some((p) => phones.some((q) => samePhone(p, q))));
			} else if (name === 'buyer_email') {
				const emails = list(value).map((e) => e.toLowerCase());
				buyers = buyers.filter((b) => b.email.some((e) => emails.includes(e.toLowerCase())));
			} else {
				const range = between(name, value);
				buyers = buyers.filter((b) => within(name === 'created_between' ? b.created_at : b.updated_at, range));
			}
		}
		const sorted = query.sort<BuyerRecord>(buyers, {
			id: (b) => b.id,
			created_at: (b) => b.created_at,
			updated_at: (b) => b.updated_at,
		});
		return query.page(sorted, (b) => buyerView(store, b, includes));
	});

	app.post(v1('/buyer'), async (request, reply) => {
		return created(reply, buyerView(store, store.createBuyer(bodyOf(request)), new Set()));
	});

	app.post(v1('/buyer/import'), async (request, reply) => {
		store.importBuyers(bodyOf(request), store.maxBatchItems);
		return created(reply, { status: true });
	});

	app.get<{ Params: Params }>(v1('/buyer/:buyerId'), async (request) => {
		const includes = new ListQuery(request).includes(BUYER_INCLUDES);
		return buyerView(store, store.getBuyer(pathId(request.params.buyerId, 'Client')), includes);
	});

	app.put<{ Params: Params }>(v1('/buyer/:buyerId'), async (request, reply) => {
		const buyer = store.updateBuyer(pathId(request.params.buyerId, 'Client'), bodyOf(request));
		return accepted(reply, buyerView(store, buyer, new Set()));
	});

	// ---- companies ----

	app.get(v1('/companies'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['company_id', 'created_between', 'updated_between']);
		const includes = query.includes(COMPANY_INCLUDES);
		let companies = [...store.companies.values()];
		for (const [name, value] of filters) {
			if (name === 'company_id') {
				const ids = idSet(value);
				companies = companies.filter((c) => ids.has(c.id));
			} else {
				const range = between(name, value);
				companies = companies.filter((c) => within(name === 'created_between' ? c.created_at : c.updated_at, range));
			}
		}
		return query.page(query.sort(companies, byId()), (c) => companyView(store, c, includes));
	});

	app.post(v1('/companies'), async (request, reply) => {
		return created(reply, companyView(store, store.createCompany(bodyOf(request)), new Set()));
	});

	app.get<{ Params: Params }>(v1('/companies/:companyId'), async (request) => {
		const includes = new ListQuery(request).includes(COMPANY_INCLUDES);
		return companyView(store, store.getCompany(pathId(request.params.companyId, 'Company')), includes);
	});

	// the spec answers this update with 200, unlike the other updates' 202
	app.put<{ Params: Params }>(v1('/companies/:companyId'), async (request) => {
		const company = store.updateCompany(pathId(request.params.companyId, 'Company'), bodyOf(request));
		return companyView(store, company, new Set());
	});

	// ---- products and offers ----

	app.get(v1('/products'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['product_id', 'category_id', 'is_archived']);
		const includes = query.includes(['custom_fields']);
		let products = [...store.products.values()];
		for (const [name, value] of filters) {
			if (name === 'is_archived') {
				const wanted = truthy(value);
				products = products.filter((p) => p.is_archived === wanted);
			} else {
				const ids = idSet(value);
				products = products.filter((p) => ids.has((name === 'product_id' ? p.id : p.category_id) ?? -1));
			}
		}
		const sorted = query.sort<ProductRecord>(products, { id: (p) => p.id, updated_at: (p) => p.updated_at });
		return query.page(sorted, (p) => productView(store, p, includes));
	});

	app.post(v1('/products'), async (request, reply) => {
		return created(reply, productView(store, store.createProduct(bodyOf(request))));
	});

	app.post(v1('/products/import'), async (request, reply) => {
		store.importProducts(bodyOf(request));
		return created(reply, { status: true });
	});

	app.get<{ Params: Params }>(v1('/products/:productId'), async (request) => {
		const includes = new ListQuery(request).includes(['custom_fields']);
		return productView(store, store.getProduct(pathId(request.params.productId, 'Product')), includes);
	});

	app.put<{ Params: Params }>(v1('/products/:productId'), async (request, reply) => {
		const product = store.updateProduct(pathId(request.params.productId, 'Product'), bodyOf(request));
		return accepted(reply, productView(store, product));
	});

	app.post<{ Params: Params }>(v1('/products/:productId/offers'), async (request, reply) => {
		store.addProductOffers(pathId(request.params.productId, 'Product'), bodyOf(request));
		return created(reply, { status: true });
	});

	app.get(v1('/offers'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['id', 'product_id', 'sku', 'is_archived']);
		const includes = query.includes(['product']);
		let offers = [...store.offers.values()];
		for (const [name, value] of filters) {
			if (name === 'sku') {
				// SKUs are looked up one by one, so a long list stays cheap on large catalogs
				const pool = new Set(offers);
				offers = [...new Set(list(value).map((sku) => store.offerBySku(sku)))]
					.filter((o): o is OfferRecord => !!o && pool.has(o))
					.sort((a, b) => a.id - b.id);
			} else if (name === 'is_archived') {
				const wanted = truthy(value);
				offers = offers.filter((o) => o.is_archived === wanted);
			} else {
				const ids = idSet(value);
				offers = offers.filter((o) => ids.has(name === 'id' ? o.id : o.product_id));
			}
		}
		const sorted = query.sort<OfferRecord>(offers, { id: (o) => o.id, updated_at: (o) => o.updated_at });
		return query.page(sorted, (o) => offerView(store, o, includes));
	});

	app.put(v1('/offers'), async (request, reply) => {
		store.updateOffers(bodyOf(request));
		return accepted(reply, { status: true });
	});

	app.get(v1('/offers/stocks'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['offers_id', 'offers_sku', 'details']);
		let offers = [...store.offers.values()];
		if (filters.has('offers_id')) {
			const ids = idSet(filters.get('offers_id')!);
			offers = offers.filter((o) => ids.has(o.id));
		}
		if (filters.has('offers_sku')) {
			const skus = new Set(list(filters.get('offers_sku')!));
			offers = offers.filter((o) => o.sku !== null && skus.has(o.sku));
		}
		const details = filters.has('details') && truthy(filters.get('details')!);
		const sorted = query.sort<OfferRecord>(offers, { id: (o) => o.id, quantity: (o) => offerQuantity(o).quantity });
		return query.page(sorted, (o) => stockView(store, o, details));
	});

	app.put(v1('/offers/stocks'), async (request, reply) => {
		store.setStocks(bodyOf(request));
		return accepted(reply, { status: true });
	});

	registerWorkspaceRoutes(app, store);
}
