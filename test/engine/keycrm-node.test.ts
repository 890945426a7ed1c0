/**
 * The KeyCRM action node through the n8n engine against the KeyCRM sandbox: every operation,
 * Return All over more pages than one minute's limit allows with no 429 surfacing, bulk price
 * and stock writes in the largest batches KeyCRM accepts with refused rows on the error output,
 * and bad input named by item, field and value.
 */
import type { IDataObject, ILoadOptionsFunctions, INode } from 'n8n-workflow';

import { getOrderCustomFields, getWarehouses } from '../../nodes/KeyCrm/methods/loadOptions';
import { DEMO } from '../../sandbox/keycrm/demo';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { withNodeContext } from '../helpers/engine';
import { keyCrmCredentials, requestsTo, runKeyCrmNode } from '../helpers/keyCrm';

/** 60 requests per second on the sandbox and in the node, so paced runs stay short */
const TIME_SCALE = 60;

describe('KeyCRM node through the n8n engine', () => {
	let kc: KeyCrmSandbox;
	const run = (parameters: IDataObject, options: { items?: IDataObject[]; onError?: 'continueErrorOutput' } = {}) =>
		runKeyCrmNode({
			parameters: parameters as INode['parameters'],
			...options,
			credentials: keyCrmCredentials(kc, TIME_SCALE),
		});
	const offerBySku = (sku: string) => kc.store.offerBySku(sku)!;
	const someSkus = (count: number) =>
		[...kc.store.offers.values()]
			.map((offer) => offer.sku)
			.filter((sku): sku is string => !!sku)
			.slice(0, count);

	beforeAll(async () => {
		kc = await startKeyCrmSandbox({ timeScale: TIME_SCALE });
	});
	afterAll(async () => kc.close());
	beforeEach(async () => {
		await kc.reset();
	});

	describe('orders', () => {
		it('creates, reads, updates an order and adds and settles a payment', async () => {
			const [sku] = someSkus(1);
			const created = await run({
				resource: 'order',
				operation: 'create',
				sourceId: DEMO.source.site,
				buyerName: 'Тарас Шевченко',
				buyerPhone: '+380501112233',
				products: {
					product: [
						{ sku, quantity: 2 },
						{ name: 'Пакування', quantity: 1, price: 15 },
					],
				},
				additionalFields: {
					source_uuid: 'SHOP-1',
					customFields: { field: [{ uuid: DEMO.customField.customerType, value: '["Опт"]' }] },
				},
			});
			expect(created.error()).toBeUndefined();
			const [order] = created.json();
			expect(order).toMatchObject({ source_uuid: 'SHOP-1', buyer: { full_name: 'Тарас Шевченко' } });
			expect((order.products as IDataObject[]).map((line) => line.sku)).toEqual([sku, null]);
			const orderId = order.id as number;

			const updated = await run({
				resource: 'order',
				operation: 'update',
				orderId,
				updateFields: {
					status_id: DEMO.status.confirmed,
					manager_comment: 'Передзвонити',
					customFields: { field: [{ uuid: DEMO.customField.basDocument, value: 'ЗП-000123' }] },
				},
			});
			expect(updated.json()).toEqual([expect.objectContaining({ id: orderId, status_id: DEMO.status.confirmed })]);
			expect(requestsTo(kc, `PUT /order/${orderId}`)[0].body).toEqual({
				status_id: DEMO.status.confirmed,
				manager_comment: 'Передзвонити',
				custom_fields: [{ uuid: DEMO.customField.basDocument, value: 'ЗП-000123' }],
			});

			const paid = await run({
				resource: 'order',
				operation: 'addPayment',
				orderId,
				paymentMethodId: DEMO.paymentMethod.card,
				amount: 100,
				paymentStatus: 'not_paid',
				additionalFields: { description: 'Передоплата' },
			});
			const payment = paid.json()[0];
			expect(payment).toMatchObject({ order_id: orderId, amount: 100, status: 'not_paid' });

			const settled = await run({
				resource: 'order',
				operation: 'updatePayment',
				orderId,
				paymentId: payment.id,
				paymentStatus: 'paid',
			});
			expect(settled.json()[0]).toMatchObject({ id: payment.id, status: 'paid', description: 'Передоплата' });

			const got = await run({ resource: 'order', operation: 'get', orderId });
			const simple = got.json()[0];
			expect(simple).toMatchObject({
				id: orderId,
				status_id: DEMO.status.confirmed,
				status: { id: DEMO.status.confirmed },
				manager_comment: 'Передзвонити',
				custom_fields: { 'Документ BAS': 'ЗП-000123', 'Тип клієнта': ['Опт'] },
			});
			expect(simple.payments).toEqual([expect.objectContaining({ id: payment.id, status: 'paid' })]);
			const raw = await run({ resource: 'order', operation: 'get', orderId, include: ['buyer'], simplify: false });
			expect(raw.json()[0]).toHaveProperty('buyer.phone');
			expect(raw.json()[0]).not.toHaveProperty('products');
			expect(requestsTo(kc, `GET /order/${orderId}`).map((r) => r.url)).toContain(`/v1/order/${orderId}?include=buyer`);
		});

		it('gets orders changed in a time range, with includes and a limit', async () => {
			const orders = [...kc.store.orders.values()].sort((a, b) => a.id - b.id);
			const from = new Date(orders[40].updated_at).toISOString();
			const expected = orders.filter((o) => o.updated_at >= orders[40].updated_at).map((o) => o.id);
			const all = await run({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				include: ['buyer', 'status'],
				filters: { updatedFrom: from },
			});
			expect(all.json().map((o) => o.id)).toEqual(expected);
			expect(all.json()[0]).toHaveProperty('buyer.full_name');
			const listed = requestsTo(kc, 'GET /order');
			expect(listed[0].url).toContain(`filter[updated_between]=${from.slice(0, 19).replace('T', ' ')},`);
			expect(listed[0].url).toContain('include=buyer,status');

			kc.requests.splice(0);
			const some = await run({ resource: 'order', operation: 'getMany', limit: 7 });
			expect(some.json()).toHaveLength(7);
			// one page of just the rows asked for
			expect(requestsTo(kc, 'GET /order')).toHaveLength(1);
			expect(some.output().every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('names the item, field and value of a status KeyCRM refuses, and sends it to the error output', async () => {
			const orderId = [...kc.store.orders.keys()][0];
			const items = [{ status: DEMO.status.shipped }, { status: 999 }];
			const parameters = {
				resource: 'order',
				operation: 'update',
				orderId,
				updateFields: { status_id: '={{ $json.status }}' },
			};
			const stopped = await run(parameters, { items });
			expect(stopped.error()?.message).toBe(
				'Item 1: KeyCRM refused status_id = 999: The selected status id is invalid.',
			);
			const continued = await run(parameters, { items, onError: 'continueErrorOutput' });
			expect(continued.json(0)).toEqual([expect.objectContaining({ status_id: DEMO.status.shipped })]);
			expect(continued.output(1)).toEqual([
				expect.objectContaining({
					json: expect.objectContaining({ status: 999, error: expect.stringContaining('status_id = 999') }),
					pairedItem: { item: 1 },
				}),
			]);
		});

		it('refuses an order id that is not a number before sending anything', async () => {
			const result = await run({ resource: 'order', operation: 'get', orderId: 'abc' });
			expect(result.error()?.message).toBe('Item 0: Order ID "abc" is not a KeyCRM id');
			expect(kc.requests.filter((r) => r.url.startsWith('/v1'))).toHaveLength(0);
		});
	});

	describe('buyers and companies', () => {
		it('creates, updates (keeping the name), gets and finds buyers by phone and email', async () => {
			const created = await run({
				resource: 'buyer',
				operation: 'create',
				fullName: 'Леся Українка',
				additionalFields: { phone: '+380671234567', email: 'lesya@example.ua, l@example.ua', note: 'VIP' },
			});
			const buyer = created.json()[0];
			expect(buyer).toMatchObject({ full_name: 'Леся Українка', email: ['lesya@example.ua', 'l@example.ua'] });

			const updated = await run({
				resource: 'buyer',
				operation: 'update',
				buyerId: buyer.id,
				updateFields: { note: 'Опт' },
			});
			expect(updated.json()[0]).toMatchObject({ full_name: 'Леся Українка', note: 'Опт' });
			expect(requestsTo(kc, `PUT /buyer/${String(buyer.id)}`)[0].body).toEqual({
				note: 'Опт',
				full_name: 'Леся Українка',
			});

			const got = await run({ resource: 'buyer', operation: 'get', buyerId: buyer.id, include: ['shipping'] });
			expect(got.json()[0]).toMatchObject({ id: buyer.id, shipping: [] });

			const byPhone = await run({ resource: 'buyer', operation: 'find', findBy: 'buyer_phone', value: '380671234567' });
			expect(byPhone.json().map((b) => b.id)).toEqual([buyer.id]);
			const byEmail = await run({
				resource: 'buyer',
				operation: 'find',
				findBy: 'buyer_email',
				value: 'LESYA@example.ua',
			});
			expect(byEmail.json().map((b) => b.id)).toEqual([buyer.id]);
			const none = await run({ resource: 'buyer', operation: 'find', findBy: 'buyer_phone', value: '+380000000000' });
			expect(none.status).toBe('success');
			expect(none.json()).toEqual([]);
		});

		it('names the phone KeyCRM refuses', async () => {
			const phone = '+38 (067) 123-45-67 доб. 15';
			const result = await run({
				resource: 'buyer',
				operation: 'create',
				fullName: 'Іван Франко',
				additionalFields: { phone },
			});
			expect(result.error()?.message).toBe(
				`Item 0: KeyCRM refused phone.0 = "${phone}": The phone.0 must not be greater than 20 characters.`,
			);
		});

		it('creates, updates, gets, lists and finds companies (through their buyers)', async () => {
			const buyerId = [...kc.store.buyers.keys()][0];
			const created = await run({
				resource: 'company',
				operation: 'create',
				companyName: 'ТОВ Ромашка',
				additionalFields: { bank_account: 'UA393287040000026006654312944', buyer_id: String(buyerId) },
			});
			const company = created.json()[0];
			expect(company).toMatchObject({ name: 'ТОВ Ромашка', bank_account: 'UA393287040000026006654312944' });
			const updated = await run({
				resource: 'company',
				operation: 'update',
				companyId: company.id,
				updateFields: { title: 'Товариство з обмеженою відповідальністю «Ромашка»' },
			});
			expect(updated.json()[0]).toMatchObject({ name: 'ТОВ Ромашка', title: expect.stringContaining('Ромашка') });
			const got = await run({ resource: 'company', operation: 'get', companyId: company.id, include: ['buyer'] });
			expect((got.json()[0].buyer as IDataObject[]).map((b) => b.id)).toEqual([buyerId]);
			const listed = await run({ resource: 'company', operation: 'getMany', returnAll: true });
			expect(listed.json().map((c) => c.id)).toEqual([company.id]);
			// companies have no phone or email: found through their buyers'
			const phone = (kc.store.buyers.get(buyerId)!.phone as string[])[0];
			const found = await run({ resource: 'company', operation: 'find', findBy: 'buyer_phone', value: phone });
			expect(found.json()).toEqual([expect.objectContaining({ id: company.id, matchedBuyerIds: [buyerId] })]);
			const none = await run({ resource: 'company', operation: 'find', findBy: 'buyer_phone', value: '+380000000001' });
			expect(none.json()).toEqual([]);
		});
	});

	describe('catalog and stock', () => {
		it('creates a product with variants and lists products and offers', async () => {
			const created = await run({
				resource: 'product',
				operation: 'create',
				productName: 'Шапка в’язана',
				offers: {
					offer: [
						{ sku: 'HAT-RED', price: 350, purchased_price: 120, properties: 'Колір=Червоний' },
						{ sku: 'HAT-BLU', price: 360, properties: 'Колір=Синій' },
					],
				},
				additionalFields: { category_id: 3 },
			});
			expect(created.error()).toBeUndefined();
			const product = created.json()[0];
			expect(product).toMatchObject({ name: 'Шапка в’язана', category_id: 3 });
			expect((product.offers as IDataObject[]).map((o) => [o.sku, o.price])).toEqual([
				['HAT-RED', 350],
				['HAT-BLU', 360],
			]);
			expect(requestsTo(kc, `POST /products/${String(product.id)}/offers`)).toHaveLength(1);

			const products = await run({
				resource: 'product',
				operation: 'getMany',
				filters: { product_id: String(product.id) },
				returnAll: true,
			});
			expect(products.json()).toEqual([expect.objectContaining({ id: product.id, has_offers: true })]);
			const offers = await run({
				resource: 'offer',
				operation: 'getMany',
				filters: { sku: 'HAT-BLU,HAT-RED' },
				includeProduct: true,
				returnAll: true,
			});
			expect(offers.json().map((o) => [o.sku, (o.product as IDataObject).id])).toEqual([
				['HAT-RED', product.id],
				['HAT-BLU', product.id],
			]);
		});

		it('reads every offer over more pages than one minute allows, with no 429 surfacing', async () => {
			kc.addOffers(3100);
			const total = kc.store.offers.size;
			const result = await run({ resource: 'offer', operation: 'getMany', returnAll: true });
			expect(result.status).toBe('success');
			expect(result.json()).toHaveLength(total);
			expect(new Set(result.json().map((o) => o.id)).size).toBe(total);
			const pages = requestsTo(kc, 'GET /offers');
			expect(pages.length).toBe(Math.ceil(total / 50));
			expect(pages.length).toBeGreaterThan(60);
			// paced to the limit: the sandbox refused nothing
			expect(pages.filter((r) => r.status !== 200)).toEqual([]);
		});

		it('updates prices of all input items in as few requests as the largest accepted batch', async () => {
			kc.store.maxBatchItems = 25;
			const skus = someSkus(50);
			const items = skus.map((sku, i) => ({ sku, price: 1000 + i }));
			const result = await run(
				{
					resource: 'offer',
					operation: 'updatePrices',
					sku: '={{ $json.sku }}',
					offerFields: { price: '={{ $json.price }}', purchased_price: 500 },
					batchOptions: { rowsPerRequest: 25 },
				},
				{ items },
			);
			expect(result.json()).toHaveLength(50);
			expect(result.output().map((item) => (item.pairedItem as { item: number }).item)).toEqual(items.map((_, i) => i));
			const puts = requestsTo(kc, 'PUT /offers');
			// rows / requests = the largest batch
			expect(puts.map((r) => ((r.body as IDataObject).offers as unknown[]).length)).toEqual([25, 25]);
			expect(skus.map((sku) => offerBySku(sku).price)).toEqual(items.map((item) => item.price));
			expect(offerBySku(skus[0]).purchased_price).toBe(500);
		});

		it('goes on with the smaller batch KeyCRM names', async () => {
			kc.store.maxBatchItems = 20;
			const skus = someSkus(45);
			const result = await run(
				{ resource: 'offer', operation: 'updatePrices', sku: '={{ $json.sku }}', offerFields: { price: 77 } },
				{ items: skus.map((sku) => ({ sku })) },
			);
			expect(result.json()).toHaveLength(45);
			const sizes = requestsTo(kc, 'PUT /offers').map((r) => ((r.body as IDataObject).offers as unknown[]).length);
			// the default batch once, refused with KeyCRM's cap, then batches of that cap
			expect(sizes).toEqual([45, 20, 20, 5]);
		});

		it('sends refused rows and items without a SKU to the error output while the others are written', async () => {
			const skus = someSkus(6);
			const items = [
				{ sku: skus[0], price: 10 },
				{ sku: 'NO-SUCH-SKU', price: 11 },
				{ sku: skus[2], price: -5 },
				{ sku: '', price: 13 },
				{ sku: skus[4], price: 14 },
			];
			const result = await run(
				{
					resource: 'offer',
					operation: 'updatePrices',
					sku: '={{ $json.sku }}',
					offerFields: { price: '={{ $json.price }}' },
				},
				{ items, onError: 'continueErrorOutput' },
			);
			expect(result.json(0).map((o) => o.sku)).toEqual([skus[0], skus[4]]);
			expect(offerBySku(skus[0]).price).toBe(10);
			expect(offerBySku(skus[4]).price).toBe(14);
			const errors = result.output(1);
			expect(errors.map((item) => (item.pairedItem as { item: number }).item)).toEqual([1, 2, 3]);
			expect(errors.map((item) => item.json.error)).toEqual([
				'Item 1: KeyCRM refused sku = "NO-SUCH-SKU": The selected offers.1.sku is invalid.',
				'Item 2: KeyCRM refused price = -5: The offers.2.price must be at least 0.',
				'Item 3: SKU is empty',
			]);
			// the item's own data travels with its error
			expect(errors[0].json.sku).toBe('NO-SUCH-SKU');
			// one refused request, then the rest again without the refused rows
			const sizes = requestsTo(kc, 'PUT /offers').map((r) => ((r.body as IDataObject).offers as unknown[]).length);
			expect(sizes).toEqual([4, 2]);
		});

		it('sets stock per warehouse in bulk and reads it back per warehouse', async () => {
			kc.store.maxBatchItems = 10;
			const skus = someSkus(24);
			const items = skus.map((sku, i) => ({
				sku,
				warehouse: i % 2 ? DEMO.warehouse.lviv : DEMO.warehouse.kyiv,
				qty: i,
			}));
			const result = await run(
				{
					resource: 'stock',
					operation: 'set',
					warehouseId: '={{ $json.warehouse }}',
					sku: '={{ $json.sku }}',
					quantity: '={{ $json.qty }}',
					batchOptions: { rowsPerRequest: 10 },
				},
				{ items },
			);
			expect(result.json()).toHaveLength(24);
			expect(result.output().map((item) => (item.pairedItem as { item: number }).item)).toEqual(items.map((_, i) => i));
			const puts = requestsTo(kc, 'PUT /offers/stocks').map((r) => r.body as IDataObject);
			expect(puts.map((body) => [body.warehouse_id, (body.stocks as unknown[]).length])).toEqual([
				[DEMO.warehouse.kyiv, 10],
				[DEMO.warehouse.kyiv, 2],
				[DEMO.warehouse.lviv, 10],
				[DEMO.warehouse.lviv, 2],
			]);

			const read = await run({
				resource: 'stock',
				operation: 'get',
				skus: skus.slice(0, 2).join(','),
				warehouseIds: [DEMO.warehouse.kyiv, DEMO.warehouse.lviv],
				returnAll: true,
			});
			expect(read.json()).toEqual([
				expect.objectContaining({ sku: skus[0], warehouse_id: DEMO.warehouse.kyiv, quantity: 0 }),
				expect.objectContaining({ sku: skus[0], warehouse_id: DEMO.warehouse.lviv }),
				expect.objectContaining({ sku: skus[1], warehouse_id: DEMO.warehouse.kyiv }),
				expect.objectContaining({ sku: skus[1], warehouse_id: DEMO.warehouse.lviv, quantity: 1 }),
			]);
			for (const row of read.json()) expect(row.available).toBe((row.quantity as number) - (row.reserve as number));
		});

		it('fails every item of a warehouse KeyCRM refuses, naming the warehouse', async () => {
			const [sku] = someSkus(1);
			const result = await run(
				{ resource: 'stock', operation: 'set', warehouseId: 99, sku, quantity: 3 },
				{ items: [{}, {}], onError: 'continueErrorOutput' },
			);
			expect(result.json(0)).toEqual([]);
			expect(result.output(1).map((item) => item.json.error)).toEqual([
				'Item 0: KeyCRM refused warehouse_id = 99: The selected warehouse id is invalid.',
				'Item 1: KeyCRM refused warehouse_id = 99: The selected warehouse id is invalid.',
			]);
		});
	});

	describe('directories and dropdowns', () => {
		it('lists directories and custom fields by model', async () => {
			const statuses = await run({ resource: 'directory', operation: 'getMany', directory: 'status', returnAll: true });
			expect(statuses.json().map((s) => s.id)).toEqual(kc.store.statuses.map((s) => s.id));
			for (const [directory, count] of [
				['source', kc.store.sources.length],
				['paymentMethod', kc.store.paymentMethods.length],
				['deliveryService', kc.store.deliveryServices.length],
				['user', kc.store.users.length],
				['tag', kc.store.tags.length],
			] as const) {
				const rows = await run({ resource: 'directory', operation: 'getMany', directory, returnAll: true });
				expect([directory, rows.json().length]).toEqual([directory, count]);
			}
			const fields = await run({
				resource: 'directory',
				operation: 'getMany',
				directory: 'customField',
				models: ['order'],
				returnAll: true,
			});
			expect(fields.json().map((f) => f.uuid)).toEqual([DEMO.customField.basDocument, DEMO.customField.customerType]);
			expect(fields.json()[1]).toHaveProperty('options');
		});

		it('offers custom fields by name with their uuid as the value, and warehouses from the stock breakdown', async () => {
			const [fields, warehouses] = await withNodeContext(keyCrmCredentials(kc, TIME_SCALE), async (ctx) => {
				const loader = ctx as unknown as ILoadOptionsFunctions;
				return [await getOrderCustomFields.call(loader), await getWarehouses.call(loader)];
			});
			expect(fields.map((f) => [f.name, f.value])).toEqual([
				['Документ BAS', DEMO.customField.basDocument],
				['Тип клієнта', DEMO.customField.customerType],
			]);
			expect(warehouses.map((w) => w.value)).toEqual(
				expect.arrayContaining([DEMO.warehouse.kyiv, DEMO.warehouse.lviv, DEMO.warehouse.odesa]),
			);
		});
	});
});
