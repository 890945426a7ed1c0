/**
 * The SalesDrive sandbox as the project's SalesDrive transport sees it from inside a real n8n
 * node context: orders created, read back incrementally and changed (with their webhooks),
 * catalog upserts, complete paging, pacing to the list limits, 429 recovery and auth failures.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	getSalesDriveConnection,
	type SalesDriveConnection,
	salesDriveListAll,
	salesDriveRequest,
} from '../../nodes/SalesDrive/transport';
import { queryOfUrl } from '../../sandbox/salesdrive/query';
import { accountDateTime, type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { withNodeContext } from '../helpers/engine';

/** 10 list calls per 2 s instead of per minute, on both sides */
const TIME_SCALE = 30;
const LIST_WINDOW_MS = 60_000 / TIME_SCALE;

/** The most requests any window of `periodMs` holds, by the arrival times the sandbox logged. */
function busiestWindow(arrivals: number[], periodMs: number): number {
	let most = 0;
	for (const end of arrivals) most = Math.max(most, arrivals.filter((t) => t > end - periodMs && t <= end).length);
	return most;
}

interface Received {
	url: string;
	headers: IncomingHttpHeaders;
	body: IDataObject;
}

/** A webhook receiver on loopback, like an n8n webhook URL with a secret in its query. */
async function startReceiver() {
	const received: Received[] = [];
	const server = createServer((request, response) => {
		let data = '';
		request.setEncoding('utf8');
		request.on('data', (chunk) => (data += chunk));
		request.on('end', () => {
			received.push({ url: request.url ?? '', headers: request.headers, body: JSON.parse(data) });
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/salesdrive?token=s3cret`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('SalesDrive sandbox through the SalesDrive transport in an n8n node context', () => {
	let sd: SalesDriveSandbox;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	let orderId: number;

	/** Runs `probe` in a node context with a connection from the SalesDrive credential. */
	function run<T>(
		probe: (ctx: IExecuteFunctions, connection: SalesDriveConnection) => Promise<T>,
		apiKey = sd.apiKey,
	): Promise<T> {
		return withNodeContext(
			{ salesDriveApi: { apiKey, baseUrl: sd.url, limitTimeScale: TIME_SCALE } },
			async (ctx) => await probe(ctx, await getSalesDriveConnection(ctx)),
		);
	}

	const listRequests = () => sd.requests.filter((request) => request.url.startsWith('/api/order/list/'));

	beforeAll(async () => {
		receiver = await startReceiver();
		sd = await startSalesDriveSandbox({ timeScale: TIME_SCALE, webhookUrls: [receiver.url], account: 'kava-demo' });
	});
	afterAll(async () => {
		await sd.close();
		await receiver.close();
	});
	beforeEach(() => {
		sd.requests.splice(0);
		sd.faults.reset();
	});

	it('creates an order through /handler/ and reads it back with an updateAt filter', async () => {
		const since = accountDateTime(new Date(Date.now() - 1000));
		const created = await run((ctx, c) =>
			salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/handler/',
				body: {
					getResultData: 1,
					fName: 'Оксана',
					lName: 'Гнатюк',
					phone: '+38 (067) 111-22-33',
					email: 'oksana@example.com',
					externalId: 'BAS-0001',
					payment_method: 'Оплата на карту',
					shipping_method: 'novaposhta',
					novaposhta: { ServiceType: 'WarehouseWarehouse', city: 'Львів', WarehouseNumber: '12' },
					products: [
						{ id: '101', amount: 2, discount: '10%' },
						{ id: '117', name: 'Турка мідна', costPerItem: 600, amount: 1 },
					],
				},
			}),
		);
		expect(created).toMatchObject({ success: true, data: { orderId: expect.any(Number) } });
		orderId = (created.data as IDataObject).orderId as number;

		const rows = await run((ctx, c) =>
			salesDriveListAll(ctx, c, '/api/order/list/', { filter: { updateAt: { from: since } } }),
		);
		expect(rows.map((row) => row.id)).toEqual([orderId]);
		const [order] = rows;
		expect(order).toMatchObject({
			statusId: 1,
			version: 1,
			externalId: 'BAS-0001',
			payment_method: 2, // a number, as real replies have it
			shipping_method: 1,
			paymentAmount: 1176, // 2 × 320 less 10 % + 600
			discountAmount: 64,
			restPay: 1176,
			contacts: [{ fName: 'Оксана', lName: 'Гнатюк', phone: ['380671112233'], email: ['oksana@example.com'] }],
			ord_delivery_data: [{ provider: 'novaposhta', cityName: 'Львів', branchNumber: 12, trackingNumber: '' }],
		});
		expect(order.orderTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(order.updateAt).toBe(order.orderTime);
		expect((order.products as IDataObject[])[0]).toMatchObject({
			productId: expect.any(Number),
			parameter: '101',
			sku: 'KV-ETH-250',
			text: 'Кава в зернах Ефіопія Іргачеффе 250 г',
			amount: 2,
			price: 320,
			discount: 10,
			percentDiscount: 1,
		});
		// the list request went out with PHP bracket keys, as SalesDrive reads them
		expect(listRequests()[0].url).toContain(`filter[updateAt][from]=${since}`);

		await waitFor(() => receiver.received.length >= 1);
		expect(receiver.received[0].body).toMatchObject({
			info: { webhookType: 'order', webhookEvent: 'new_order', account: 'kava-demo' },
			data: { id: orderId, statusId: 1 },
		});
	});

	it('changes the status by id and by externalId, delivering status_change webhooks with the documented envelope', async () => {
		receiver.received.splice(0);
		const updated = await run((ctx, c) =>
			salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/api/order/update/',
				body: { id: orderId, data: { statusId: 2, comment: 'Підтверджено по телефону' } },
			}),
		);
		expect(updated).toEqual({ success: true });
		await waitFor(() => receiver.received.length >= 1);
		const [delivery] = receiver.received;
		expect(delivery.url).toBe('/webhook/salesdrive?token=s3cret');
		expect(delivery.headers['content-type']).toContain('application/json');
		expect(delivery.body.info).toEqual({ webhookType: 'order', webhookEvent: 'status_change', account: 'kava-demo' });
		const data = delivery.body.data as IDataObject;
		expect(data).toMatchObject({ id: orderId, statusId: 2, version: 2, comment: 'Підтверджено по телефону' });
		expect(data.primaryContact).toBeUndefined();
		expect((data.contacts as IDataObject[])[0].phone).toEqual(['380671112233']);
		expect((data.products as IDataObject[])[0]).toMatchObject({
			name: expect.any(String),
			parameter: '101',
			categoryId: expect.any(Number),
		});
		expect(data).toMatchObject({ payment_method: 2, ord_delivery_data: [{ branchNumber: 12 }] });
		// as a captured status_change body has it: label = the text, name = the key, contacts under meta.fields
		const meta = delivery.body.meta as IDataObject;
		expect(meta.fields).toMatchObject({
			statusId: { label: 'Статус', name: 'statusId', type: 'select', options: [{ value: 2, text: 'Підтверджено' }] },
			payment_method: { label: expect.any(String), name: 'payment_method', options: [{ value: 2 }] },
			contacts: { fields: { userId: { name: 'userId', type: 'select' } } },
		});
		expect(meta.contacts).toBeUndefined();

		// by externalId; a change other than the status sends nothing
		await run((ctx, c) =>
			salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/api/order/update/',
				body: { externalId: 'BAS-0001', data: { statusId: 3, novaposhta: { ttn: '20450000012345' } } },
			}),
		);
		await run((ctx, c) =>
			salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/api/order/update/',
				body: { id: orderId, data: { comment: 'Відправлено' } },
			}),
		);
		await waitFor(() => receiver.received.length >= 2);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.received.map((r) => (r.body.info as IDataObject).webhookEvent)).toEqual([
			'status_change',
			'status_change',
		]);
		const stored = sd.store.getOrder(orderId)!;
		expect(stored).toMatchObject({ statusId: 3, version: 4, comment: 'Відправлено' });
		expect(stored.delivery[0].trackingNumber).toBe('20450000012345');
		expect(sd.webhooks.deliveries.every((d) => d.status === 200)).toBe(true);

		// an unknown order is a failure reported inside a 200, surfaced as a node error
		await expect(
			run((ctx, c) =>
				salesDriveRequest(ctx, c, {
					method: 'POST',
					path: '/api/order/update/',
					body: { id: 999999, data: { statusId: 2 } },
				}),
			),
		).rejects.toMatchObject({ message: expect.stringContaining('Order not found') });
	});

	it('upserts products with per-stock balances, honouring dontUpdateFields; more than 100 is refused whole', async () => {
		const before = { ...sd.store.products.get('101')! };
		const reply = await run((ctx, c) =>
			salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/product-handler/',
				body: {
					action: 'update',
					dontUpdateFields: ['price', 'name', 'description'],
					product: [
						{ id: '101', name: 'Інша назва', costPerItem: 1, stockBalanceByStock: { '1': 12, '3': 4 } },
						{
							id: 'BAS-000777',
							name: 'Кава в зернах Руанда 250 г',
							sku: 'KV-RWA-250',
							costPerItem: 355,
							currency: 'UAH',
							category: { id: '2', name: 'Кава в зернах' },
							stockBalanceByStock: { '1': 7, '2': 0, '3': 1 },
							additionalPrices: [{ priceType: 'Оптова ціна', priceValue: 300, priceCurrency: 'UAH' }],
							params: [{ name: 'Вага', type: 'select', value: '250 г' }],
						},
					],
				},
			}),
		);
		expect(reply.status).toBe('success');
		expect(reply.message).toContain('product[BAS-000777] successfully added');

		const kept = sd.store.products.get('101')!;
		expect(kept.name).toBe(before.name);
		expect(kept.costPerItem).toBe(before.costPerItem);
		expect(kept.stockBalanceByStock).toEqual({ '1': 12, '2': before.stockBalanceByStock['2'], '3': 4 });
		expect(kept.stockBalance).toBe(16 + before.stockBalanceByStock['2']);

		// a new product gets every field sent: dontUpdateFields only protects existing ones
		expect(sd.store.products.get('BAS-000777')).toMatchObject({
			name: 'Кава в зернах Руанда 250 г',
			costPerItem: 355,
			stockBalance: 8,
			stockBalanceByStock: { '1': 7, '2': 0, '3': 1 },
			additionalPrices: [{ priceType: 'Оптова ціна', priceValue: 300 }],
			category: { id: '2', name: 'Кава в зернах' },
		});

		const tooMany = Array.from({ length: 101 }, (_, i) => ({ id: `BULK-${i}`, name: `Товар ${i}` }));
		await expect(
			run((ctx, c) =>
				salesDriveRequest(ctx, c, {
					method: 'POST',
					path: '/product-handler/',
					body: { action: 'update', product: tooMany },
				}),
			),
		).rejects.toMatchObject({ message: expect.stringContaining('at most 100') });
		expect(sd.store.products.has('BULK-0')).toBe(false);
	});

	it('returns every order exactly once over several pages (Return All has no cap)', async () => {
		const rows = await run((ctx, c) =>
			salesDriveListAll(ctx, c, '/api/order/list/', { filter: { statusId: '__ALL__' } }, { pageSize: 10 }),
		);
		const ids = rows.map((row) => row.id as number);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort((a, b) => a - b)).toEqual(sd.store.orders.map((order) => order.id));
		expect(listRequests()).toHaveLength(Math.ceil(sd.store.orders.length / 10));

		// without a status filter the deleted orders stay out
		const visible = await run((ctx, c) => salesDriveListAll(ctx, c, '/api/order/list/', {}));
		expect(visible.length).toBe(sd.store.orders.length - 2);
	});

	it('paces 25 list pages to the (scaled) limit of 10 per window: the sandbox refused nothing', async () => {
		const rows = await run((ctx, c) =>
			salesDriveListAll(ctx, c, '/api/order/list/', { filter: { statusId: '__ALL__' } }, { pageSize: 1, limit: 25 }),
		);
		expect(rows).toHaveLength(25);
		const requests = listRequests();
		expect(requests).toHaveLength(25);
		// the sandbox counts arrivals and refuses every early one: no 429 means no window was overrun
		expect(requests.filter((request) => request.status !== 200)).toEqual([]);
		expect(
			busiestWindow(
				requests.map((request) => request.at),
				LIST_WINDOW_MS,
			),
		).toBeLessThanOrEqual(10);
		expect(sd.limits.peakCounts()[0]).toMatchObject({ limit: 10 });
		expect(sd.limits.peakCounts()[0].peak).toBeLessThanOrEqual(10);
	});

	it('absorbs a burst of 429 with Retry-After through retries', async () => {
		sd.faults.set({ rateLimitBurst: 2, retryAfterS: 1 });
		const reply = await run((ctx, c) =>
			salesDriveRequest(ctx, c, { method: 'GET', path: '/api/order/list/', qs: { limit: 5 }, paced: true }),
		);
		expect((reply.data as IDataObject[]).length).toBe(5);
		expect(sd.requests.map((request) => request.status)).toEqual([429, 429, 200]);
	});

	it('reports a wrong API key as a node error naming the HTTP status and the message, without retrying', async () => {
		const failure = await run(
			(ctx, c) => salesDriveRequest(ctx, c, { method: 'GET', path: '/api/statuses/' }),
			'not-the-key',
		).then(
			() => undefined,
			(error: unknown) => error as { name: string; message: string; httpCode?: string; description?: string },
		);
		expect(failure?.name).toBe('NodeApiError');
		expect(failure?.message).toBe('SalesDrive HTTP 401: api key is invalid');
		expect(failure?.httpCode).toBe('401');
		expect(failure?.description).toContain('GET http://127.0.0.1');
		expect(sd.requests.map((request) => request.status)).toEqual([401]);
	});

	it('serves directories, notes, payments and fiscal checks', async () => {
		const result = await run(async (ctx, c) => {
			const statuses = await salesDriveRequest(ctx, c, { method: 'GET', path: '/api/statuses/' });
			const paymentMethods = await salesDriveRequest(ctx, c, { method: 'GET', path: '/api/payment-methods/' });
			const deliveryMethods = await salesDriveRequest(ctx, c, { method: 'GET', path: '/api/delivery-methods/' });
			const note = await salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/api/order/note/',
				body: { orderId, note: 'Рахунок виставлено в BAS' },
			});
			const payment = await salesDriveRequest(ctx, c, {
				method: 'POST',
				path: '/api/payment/',
				body: {
					organizationId: 1,
					datetime: '2025-08-25 14:30:00',
					timezone: 'Europe/Kiev',
					accountNumber: 'UA213223130000026007233566001',
					sum: 500,
					description: 'Часткова оплата',
					orderId,
					formId: 1,
					uniqueId: 'bank-tx-1',
				},
			});
			const payments = await salesDriveRequest(ctx, c, {
				method: 'GET',
				path: '/api/payment/list/',
				qs: { limit: 1, filter: { date: { from: '2025-08-25', to: '2025-08-25' } } },
				paced: true,
			});
			const checks = await salesDriveRequest(ctx, c, {
				method: 'GET',
				path: '/api/check/list/',
				qs: { limit: 100 },
				paced: true,
			});
			return { statuses, paymentMethods, deliveryMethods, note, payment, payments, checks };
		});
		expect((result.statuses.data as IDataObject[]).map((s) => s.name)).toEqual(
			expect.arrayContaining(['Новий', 'Підтверджено', 'Відправлено', 'Виконано', 'Скасовано', 'Повернення']),
		);
		expect(result.paymentMethods.data).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'Післяплата' })]),
		);
		expect(result.deliveryMethods.data).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'Нова Пошта', parameter: 'novaposhta' })]),
		);
		expect(result.note).toMatchObject({ success: true, data: { noteId: expect.any(Number) } });
		expect(result.payment).toMatchObject({ success: true, data: { paymentId: expect.any(Number) } });
		expect(sd.requests.find((r) => r.url === '/api/payment/')?.status).toBe(201);
		expect(result.payments).toMatchObject({
			status: 'success',
			data: [
				{
					date: '2025-08-25 14:30:00',
					sum: '500.00',
					type: 'incoming',
					paymentBreakdown: [{ order: { id: orderId } }],
				},
			],
			pagination: { currentPage: 1, pageCount: 1, perPage: 1 },
			totals: { count: 1, sum: 500 },
		});
		// VAT comes as a number, the sum as a string
		expect((result.payments.data as IDataObject[])[0].nds).toBe(0);
		expect(sd.store.getOrder(orderId)?.payedAmount).toBe(500);
		expect((result.checks.data as IDataObject[]).length).toBeGreaterThan(0);
		expect((result.checks.data as IDataObject[])[0]).toMatchObject({ order: { id: expect.any(Number) } });
	});
});

describe('SalesDrive sandbox on its own', () => {
	let sd: SalesDriveSandbox;

	beforeAll(async () => {
		// real windows: a minute is far longer than any burst below takes
		sd = await startSalesDriveSandbox({ timeScale: 1 });
	});
	afterAll(async () => sd.close());
	beforeEach(() => sd.requests.splice(0));

	it('refuses an early list call: of 11 fired at once exactly 10 are answered, one gets 429 with Retry-After', async () => {
		const replies = await Promise.all(
			Array.from({ length: 11 }, () =>
				fetch(`${sd.url}/api/check/list/?limit=1`, { headers: { 'X-Api-Key': sd.apiKey } }),
			),
		);
		const statuses = replies.map((reply) => reply.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(10);
		expect(statuses.filter((status) => status === 429)).toHaveLength(1);
		const refused = replies.find((reply) => reply.status === 429)!;
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		expect(((await refused.json()) as { message: string }).message).toMatch(/limit/i);
		await Promise.all(replies.filter((reply) => reply !== refused).map((reply) => reply.arrayBuffer()));
		// the log agrees, in arrival order; the one refused is not counted
		expect(sd.requests.map((request) => request.status).sort()).toEqual([...Array(10).fill(200), 429]);
		expect(sd.limits.count(0)).toBe(10);
		// directories are not limited
		const statusesReply = await fetch(`${sd.url}/api/statuses/`, { headers: { 'X-Api-Key': sd.apiKey } });
		expect(statusesReply.status).toBe(200);
	});

	it('reads PHP bracket filters: status lists, id ranges, the deleted specials', () => {
		const ids = (query: string) => sd.store.listOrders(queryOfUrl(`/api/order/list/?${query}`)).data.map((o) => o.id);
		const all = sd.store.orders;
		const completedOrDeleted = all.filter((o) => o.statusId === 4 || o.statusId === 7).map((o) => o.id);
		expect(ids('limit=100&filter[statusId][]=4&filter[statusId][]=7').sort()).toEqual(completedOrDeleted.sort());
		expect(ids('limit=100&filter[statusId][0]=4&filter[statusId][1]=7').sort()).toEqual(completedOrDeleted.sort());
		expect(ids('limit=100&filter[statusId]=__ALL__')).toHaveLength(all.length);
		expect(ids('limit=100&filter[statusId]=__NOTDELETED__')).toHaveLength(all.length - 2);
		expect(ids(`filter[id][from]=${all[3].id}&filter[id][to]=${all[5].id}`)).toEqual([all[5].id, all[4].id, all[3].id]);
		expect(ids(`filter[id]=${all[7].id}&filter[statusId]=__ALL__`)).toEqual([all[7].id]);
		// limit above 100 is cut to 100; pages past the end are empty
		const page = sd.store.listOrders(queryOfUrl('/api/order/list/?limit=500&page=9'));
		expect(page.pagination).toEqual({ currentPage: 9, pageCount: 1, perPage: 100 });
		expect(page.data).toEqual([]);
	});

	it('fills thousands of orders and resets to the demo data', async () => {
		const added = sd.fillOrders(2500);
		expect(added).toHaveLength(2500);
		expect(sd.state()).toMatchObject({ orders: 2530 });
		await sd.reset();
		expect(sd.state()).toMatchObject({ orders: 30, products: 30 });
	});

	it('answers unknown paths and malformed JSON with JSON errors', async () => {
		const headers = { 'X-Api-Key': sd.apiKey, 'content-type': 'application/json' };
		const missing = await fetch(`${sd.url}/api/order/list`, { headers });
		expect(missing.status).toBe(404);
		expect(await missing.json()).toMatchObject({ success: false });
		const broken = await fetch(`${sd.url}/handler/`, { method: 'POST', headers, body: '{"fName":' });
		expect(broken.status).toBe(400);
		expect(await broken.json()).toMatchObject({ success: false, message: expect.any(String) });
	});

	it('logs what a client sent: method, URL, headers with the key masked, the body, in arrival order', async () => {
		const order = { fName: 'Тарас', phone: '0501234567', products: [{ id: '101', amount: 1 }] };
		await fetch(`${sd.url}/handler/`, {
			method: 'POST',
			headers: { 'X-Api-Key': sd.apiKey, 'content-type': 'application/json', 'x-trace': 'first' },
			body: JSON.stringify(order),
		});
		// the legacy in-body key is a secret too
		await fetch(`${sd.url}/handler/`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', Cookie: 'session=abc' },
			body: JSON.stringify({ ...order, form: sd.apiKey }),
		});
		await fetch(`${sd.url}/api/order/update/`, {
			method: 'POST',
			headers: { 'X-Api-Key': sd.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'id=1&data[statusId]=2',
		});
		const [first, legacy, form] = sd.requests;
		expect(sd.requests).toHaveLength(3);
		expect(first).toMatchObject({
			method: 'POST',
			url: '/handler/',
			status: 200,
			principal: 'demo',
			headers: { 'x-api-key': '***', 'content-type': 'application/json', 'x-trace': 'first' },
			body: order,
		});
		expect(legacy.headers.cookie).toBe('***');
		expect(legacy.body).toEqual({ ...order, form: '***' });
		expect(form.body).toEqual({ id: '1', data: { statusId: '2' } });
		expect(JSON.stringify(sd.requests)).not.toContain(sd.apiKey);
		// arrival times, in order, each before its answer
		expect(sd.requests.map((request) => request.at)).toEqual([first.at, legacy.at, form.at].sort((a, b) => a - b));
		for (const request of sd.requests) expect(request.answeredAt).toBeGreaterThanOrEqual(request.at);
	});
});
