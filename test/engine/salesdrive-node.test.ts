/**
 * The SalesDrive action node through n8n-core's engine against the SalesDrive sandbox: every
 * operation, Return All over more pages than one minute's list limit allows (paced, no 429),
 * product batches counted by request, and failures of single items going to the error output
 * with the CRM's message while the other items go on.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';

import {
	getDeliveryMethodParameters,
	getOrderStatuses,
	getPaymentMethodParameters,
} from '../../nodes/SalesDrive/methods/loadOptions';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { withNodeContext } from '../helpers/engine';
import { requestsTo, runSalesDriveNode, salesDriveCredentials, type SalesDriveRun } from '../helpers/salesDrive';

/** 10 list calls a second instead of a minute, on the sandbox and in the client alike */
const TIME_SCALE = 60;

describe('SalesDrive node', () => {
	let sd: SalesDriveSandbox;
	const run = (parameters: INodeParameters, items?: IDataObject[], onError?: 'stop') =>
		runSalesDriveNode({ parameters, items, onError, credentials: salesDriveCredentials(sd, TIME_SCALE) });
	const errors = (result: SalesDriveRun) => result.json(1).map((json) => String(json.error));
	const pairedItems = (result: SalesDriveRun, output = 0) =>
		result.output(output).map((item) => (item.pairedItem as { item: number }).item);

	beforeAll(async () => {
		sd = await startSalesDriveSandbox({ timeScale: TIME_SCALE });
	});
	afterAll(async () => {
		await sd.close();
	});
	beforeEach(async () => {
		await sd.reset();
	});

	describe('directories', () => {
		it.each([
			['getStatuses', 7, 'Новий'],
			['getPaymentMethods', 4, 'Післяплата'],
			['getDeliveryMethods', 4, 'Нова Пошта'],
		])('%s lists every value', async (operation, count, first) => {
			const result = await run({ resource: 'directory', operation });
			expect(result.json()).toHaveLength(count);
			expect(result.json()[0]).toMatchObject({ id: 1, name: first });
			expect(new Set(pairedItems(result))).toEqual(new Set([0]));
		});
	});

	it('offers statuses by ID and methods by the parameter orders are written with, as dropdowns', async () => {
		const options = await withNodeContext(salesDriveCredentials(sd, TIME_SCALE), async (ctx) => {
			const loader = ctx as unknown as ILoadOptionsFunctions;
			return {
				statuses: await getOrderStatuses.call(loader),
				payments: await getPaymentMethodParameters.call(loader),
				deliveries: await getDeliveryMethodParameters.call(loader),
			};
		});
		expect(options.statuses).toContainEqual({ name: 'Новий (1)', value: 1 });
		expect(options.payments).toContainEqual({ name: 'Оплата на карту (2)', value: 'card' });
		expect(options.deliveries).toContainEqual({ name: 'Нова Пошта (1)', value: 'novaposhta' });
	});

	describe('orders', () => {
		const create = {
			resource: 'order',
			operation: 'create',
			customer: { fName: '={{ $json.name }}', phone: '={{ $json.phone }}' },
			productsInput: 'define',
			products: {
				line: [
					{ id: '101', amount: 2, discount: '10%' },
					{ sku: 'CH-SEN-100', amount: 1 },
				],
			},
			additionalFields: { payment_method: 'card', externalId: '={{ $json.ext }}', comment: 'from BAS' },
		};

		it('creates orders; a phone the CRM refuses sends that item to the error output, naming field and value', async () => {
			const before = sd.store.orders.length;
			const result = await run(create, [
				{ name: 'Олена', phone: '+38 (050) 111-22-33', ext: 'BAS-1' },
				{ name: 'Петро', phone: '12ab', ext: 'BAS-2' },
				{ name: 'Ірина', phone: '0671234567', ext: 'BAS-3' },
			]);
			expect(result.json().map((json) => json.externalId)).toEqual(['BAS-1', 'BAS-3']);
			expect(pairedItems(result)).toEqual([0, 2]);
			expect(pairedItems(result, 1)).toEqual([1]);
			expect(errors(result)[0]).toMatch(/^Item 1: .*phone.*"12ab"/);
			expect(result.output(1)[0].json.ext).toBe('BAS-2');
			expect(sd.store.orders.length).toBe(before + 2);
			const order = sd.store.getOrder(Number(result.json()[0].orderId))!;
			expect(order.lines.map((line) => [line.sku, line.amount, line.discount, line.percentDiscount])).toEqual([
				['KV-ETH-250', 2, 10, 1],
				['CH-SEN-100', 1, 0, 0],
			]);
			expect(order.paymentMethod).toBe(2);
			expect(order.comment).toBe('from BAS');
		});

		it('updates status, comment and TTN by ID and by External ID; an unknown status names item, field and value', async () => {
			const [order] = (await run(create, [{ name: 'Олена', phone: '0501112233', ext: 'BAS-9' }])).json();
			const id = Number(order.orderId);
			const byId = await run({
				resource: 'order',
				operation: 'update',
				orderBy: 'id',
				orderId: String(id),
				updateFields: {
					statusId: 3,
					comment: 'shipped',
					ttn: { value: { carrier: 'novaposhta', number: '20450000000001' } },
				},
			});
			expect(byId.json()).toEqual([
				{ success: true, id, updated: { statusId: 3, comment: 'shipped', novaposhta: { ttn: '20450000000001' } } },
			]);
			const stored = sd.store.getOrder(id)!;
			expect([stored.statusId, stored.comment, stored.delivery[0]?.trackingNumber]).toEqual([
				3,
				'shipped',
				'20450000000001',
			]);

			const byExternal = await run(
				{
					resource: 'order',
					operation: 'update',
					orderBy: 'externalId',
					externalId: '={{ $json.ext }}',
					updateFields: { statusId: '={{ $json.status }}' },
				},
				[
					{ ext: 'BAS-9', status: 4 },
					{ ext: 'BAS-9', status: 99 },
				],
			);
			expect(byExternal.json()).toHaveLength(1);
			expect(sd.store.getOrder(id)!.statusId).toBe(4);
			expect(errors(byExternal)[0]).toMatch(/^Item 1: SalesDrive .*statusId 99/);
			expect(byExternal.output(1)[0].json.message).toMatch(/statusId = 99/);
		});

		it('adds a note, gets one order (simplified or whole) and reports an unknown ID', async () => {
			const [order] = (await run(create, [{ name: 'Олена', phone: '0501112233', ext: 'BAS-7' }])).json();
			const id = String(order.orderId);
			const note = await run({ resource: 'order', operation: 'addNote', orderId: id, note: 'Invoice sent' });
			expect(note.json()[0]).toMatchObject({ orderId: Number(id), noteId: expect.any(Number) });
			expect(sd.store.getOrder(Number(id))!.notes.map((n) => n.note)).toEqual(['Invoice sent']);

			const simplified = await run({ resource: 'order', operation: 'get', orderId: id });
			expect(simplified.json()[0]).toMatchObject({
				id: Number(id),
				externalId: 'BAS-7',
				contact: { fName: 'Олена', phone: ['380501112233'] },
				products: [
					{ sku: 'KV-ETH-250', amount: 2 },
					{ sku: 'CH-SEN-100', amount: 1 },
				],
			});
			expect(simplified.json()[0]).not.toHaveProperty('token');
			const whole = await run({ resource: 'order', operation: 'get', orderId: id, simplify: false });
			expect(whole.json()[0]).toHaveProperty('token');

			const missing = await run({ resource: 'order', operation: 'get', orderId: '999999' });
			expect(errors(missing)).toEqual(['Item 0: SalesDrive has no order with Order ID 999999']);
		});

		it('gets many with a Limit (one request of that size) and incrementally by updateAt', async () => {
			const limited = await run({ resource: 'order', operation: 'getMany', limit: 5 });
			expect(limited.json()).toHaveLength(5);
			const lists = requestsTo(sd, 'GET', '/api/order/list/');
			expect(lists).toHaveLength(1);
			expect(lists[0].url).toContain('limit=5');

			const [order] = (await run(create, [{ name: 'Олена', phone: '0501112233', ext: 'BAS-5' }])).json();
			const updateAt = sd.store.getOrder(Number(order.orderId))!.updateAt;
			const since = await run({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { updatedFrom: updateAt },
			});
			expect(since.json().map((json) => json.id)).toContain(order.orderId);
			expect(since.json().every((json) => String(json.updateAt) >= updateAt)).toBe(true);

			// a time with an offset is converted to the account's wall clock (Kyiv, UTC+2 in January)
			sd.requests.splice(0);
			await run({
				resource: 'order',
				operation: 'getMany',
				limit: 1,
				filters: { updatedFrom: '2026-01-10T10:00:00Z' },
			});
			expect(requestsTo(sd, 'GET', '/api/order/list/')[0].url).toContain('filter[updateAt][from]=2026-01-10 12:00:00');

			const byStatus = await run({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { statusIds: [5, 7] },
			});
			const wanted = sd.store.orders.filter((o) => o.statusId === 5 || o.statusId === 7).length;
			expect(wanted).toBeGreaterThan(1);
			expect(byStatus.json()).toHaveLength(wanted);
			const withDeleted = await run({
				resource: 'order',
				operation: 'getMany',
				returnAll: true,
				filters: { includeDeleted: true },
			});
			expect(withDeleted.json()).toHaveLength(sd.store.orders.length);
		});

		it('Return All reads more pages than one minute allows, paced, with no 429 from the CRM', async () => {
			sd.fillOrders(1100);
			const expected = sd.store.listOrders({}).totals.count;
			const result = await run({ resource: 'order', operation: 'getMany', returnAll: true });
			expect(result.error()).toBeUndefined();
			expect(result.json()).toHaveLength(expected);
			expect(new Set(result.json().map((json) => json.id)).size).toBe(expected);
			const lists = requestsTo(sd, 'GET', '/api/order/list/');
			expect(lists.length).toBe(Math.ceil(expected / 100));
			expect(lists.length).toBeGreaterThan(10);
			expect(lists.filter((request) => request.status === 429)).toEqual([]);
		});
	});

	describe('products', () => {
		const upsert = (extra: INodeParameters = {}): INodeParameters => ({
			resource: 'product',
			operation: 'upsert',
			productId: '={{ $json.id }}',
			name: '={{ $json.name }}',
			additionalFields: { sku: '={{ $json.sku }}', costPerItem: '={{ $json.price }}' },
			...extra,
		});
		const rows = (count: number) =>
			Array.from({ length: count }, (_, index) => ({
				id: `N-${index}`,
				name: `Новий товар ${index}`,
				sku: `SKU-${index}`,
				price: 100 + index,
			}));
		const handlerCalls = () => requestsTo(sd, 'POST', '/product-handler/');
		const sentRows = () => handlerCalls().map((request) => ((request.body as IDataObject).product as unknown[]).length);

		it('upserts all items in as few requests as the largest batch allows (rows per request = 100)', async () => {
			const result = await run(upsert(), rows(200));
			expect(result.json()).toHaveLength(200);
			expect(sentRows()).toEqual([100, 100]);
			expect(result.json()[0]).toMatchObject({ id: 'N-0', name: 'Новий товар 0', result: 'added' });
			expect(pairedItems(result)).toEqual(Array.from({ length: 200 }, (_, index) => index));
			expect(sd.store.products.get('N-199')).toMatchObject({ sku: 'SKU-199', costPerItem: 299 });
		});

		it('a refused row goes to the error output with the CRM message; the rest of its batch is sent again', async () => {
			const input: IDataObject[] = rows(5);
			input[2] = { id: 'N-2', sku: 'SKU-2', price: 5 };
			input[3] = { id: '', name: 'без коду', price: 1 };
			const result = await run(upsert(), input);
			expect(pairedItems(result)).toEqual([0, 1, 4]);
			expect(pairedItems(result, 1)).toEqual([2, 3]);
			expect(errors(result)).toEqual([
				'Item 2: SalesDrive refused product ID "N-2": product[N-2]: name is required for a new product',
				'Item 3: Product ID is empty (value: "")',
			]);
			// the error item keeps the input's data
			expect(result.output(1)[0].json).toMatchObject({ id: 'N-2', sku: 'SKU-2' });
			expect(sentRows()).toEqual([4, 3]);
			expect(sd.store.products.has('N-4')).toBe(true);
			expect(sd.store.products.has('N-2')).toBe(false);
		});

		it('a refusal that names no row is narrowed by splitting the batch', async () => {
			// SalesDrive refuses more than 100 products as a whole: halves of 75 go through
			const result = await run(upsert({ options: { batchSize: 150 } }), rows(150));
			expect(result.json()).toHaveLength(150);
			expect(result.json(1)).toEqual([]);
			expect(sentRows()).toEqual([150, 75, 75]);
		});

		it('updates stock per warehouse and nothing else; an unknown product fails alone', async () => {
			const before = structuredClone(sd.store.products.get('101')!);
			const result = await run(
				{
					resource: 'product',
					operation: 'updateStock',
					productId: '={{ $json.id }}',
					stock: { warehouse: [{ warehouseId: '2', quantity: '={{ $json.qty }}' }] },
				},
				[
					{ id: '101', qty: 7 },
					{ id: 'NO-SUCH', qty: 1 },
				],
			);
			expect(result.json()).toEqual([{ id: '101', stockBalanceByStock: { '2': 7 }, result: 'updated' }]);
			expect(errors(result)[0]).toMatch(/^Item 1: SalesDrive refused product ID "NO-SUCH": .*name is required/);
			const after = sd.store.products.get('101')!;
			expect(after.stockBalanceByStock).toEqual({ ...before.stockBalanceByStock, '2': 7 });
			expect([after.name, after.costPerItem, after.sku]).toEqual([before.name, before.costPerItem, before.sku]);
			const body = handlerCalls()[0].body as IDataObject;
			expect(body.dontUpdateFields).toEqual(expect.arrayContaining(['name', 'price', 'expenses', 'additionalPrices']));
			expect(body.dontUpdateFields).not.toContain('stockBalanceByStock');
		});

		it('updates prices by type and the cost price, leaving stock and names alone', async () => {
			const before = structuredClone(sd.store.products.get('102')!);
			const prices = await run({
				resource: 'product',
				operation: 'updatePrices',
				productId: '102',
				price: '1199,50',
				additionalPrices: { price: [{ priceType: 'Оптова ціна', priceValue: 990 }] },
			});
			expect(prices.json()).toHaveLength(1);
			const cost = await run({ resource: 'product', operation: 'updateCostPrice', productId: '102', costPrice: 610 });
			expect(cost.json()[0]).toMatchObject({ id: '102', expenses: 610, result: 'updated' });
			const after = sd.store.products.get('102')!;
			expect(after.costPerItem).toBe(1199.5);
			expect(after.additionalPrices).toEqual(
				expect.arrayContaining([expect.objectContaining({ priceType: 'Оптова ціна', priceValue: 990 })]),
			);
			expect(after.expenses).toBe(610);
			expect([after.name, after.stockBalanceByStock]).toEqual([before.name, before.stockBalanceByStock]);

			const bad = await run({ resource: 'product', operation: 'updatePrices', productId: '102', price: 'дорого' });
			expect(errors(bad)).toEqual(['Item 0: Price must be a number (value: "дорого")']);
		});

		it('deletes products and upserts categories in batches', async () => {
			const deleted = await run({ resource: 'product', operation: 'delete', productId: '={{ $json.id }}' }, [
				{ id: '130' },
				{ id: 'NO-SUCH' },
			]);
			expect(deleted.json()).toEqual([
				{ id: '130', deleted: true, result: 'deleted' },
				{ id: 'NO-SUCH', deleted: false, result: 'not found' },
			]);
			expect(sd.store.products.has('130')).toBe(false);
			expect(handlerCalls()).toHaveLength(1);

			const categories = await run(
				{
					resource: 'category',
					operation: 'upsert',
					categoryId: '={{ $json.id }}',
					name: '={{ $json.name }}',
					parentId: '={{ $json.parent }}',
				},
				[
					{ id: '40', name: 'Какао', parent: '0' },
					{ id: '41', name: 'Какао-боби', parent: '40' },
				],
			);
			expect(categories.json().map((json) => json.result)).toEqual(['added', 'added']);
			expect(requestsTo(sd, 'POST', '/category-handler/')).toHaveLength(1);
			expect(sd.store.categories.get('41')).toEqual({ id: '41', name: 'Какао-боби', parentId: '40' });
		});
	});

	describe('payments and fiscal checks', () => {
		it('creates a payment linked to an order; an unknown order names the field and value', async () => {
			const order = sd.store.orders[sd.store.orders.length - 1];
			const paidBefore = order.payedAmount;
			const result = await run(
				{
					resource: 'payment',
					operation: 'create',
					orderBy: 'id',
					orderId: '={{ $json.order }}',
					sum: 150,
					additionalFields: { uniqueId: '={{ "BAS-PAY-" + $json.order }}', description: 'Bank statement' },
				},
				[{ order: order.id }, { order: 999999 }],
			);
			expect(result.json()[0]).toMatchObject({ paymentId: expect.any(Number), orderId: order.id, sum: 150 });
			expect(sd.store.getOrder(order.id)!.payedAmount).toBe(paidBefore + 150);
			expect(errors(result)[0]).toMatch(/^Item 1: SalesDrive HTTP 400: Order not found \(id 999999\)/);
		});

		it('gets many payments and fiscal checks, simplified, up to the Limit', async () => {
			const payments = await run({ resource: 'payment', operation: 'getMany', limit: 3 });
			expect(payments.json()).toHaveLength(3);
			expect(Object.keys(payments.json()[0]).sort()).toEqual(
				['counterparty', 'date', 'id', 'orderIds', 'organizationId', 'purpose', 'sum', 'type', 'updatedAt'].sort(),
			);
			const checks = await run({ resource: 'fiscalCheck', operation: 'getMany', limit: 2, simplify: false });
			expect(checks.json()).toHaveLength(2);
			expect(checks.json()[0]).toHaveProperty('documentItems');
			expect(requestsTo(sd, 'GET', '/api/check/list/')[0].url).toContain('limit=2');
		});
	});
});
