/**
 * The KeyCRM sandbox driven through the project's KeyCRM transport inside real n8n node
 * contexts: what a node sends is what the sandbox sees, and what the sandbox answers (codes,
 * Laravel errors, pages, 429s, webhooks) is what the node gets back.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getKeyCrmConnection, type KeyCrmConnection, keyCrmListAll, keyCrmRequest } from '../../nodes/KeyCrm/transport';
import { DEMO } from '../../sandbox/keycrm/demo';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { withNodeContext } from '../helpers/engine';

const SCALE = 20; // 60 requests per 3 s on both sides

/** KeyCRM replies' time format, as captured real replies show it */
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/;

/** The most requests any window of `periodMs` holds, by the arrival times the sandbox logged. */
function busiestWindow(arrivals: number[], periodMs: number): number {
	let most = 0;
	for (const end of arrivals) most = Math.max(most, arrivals.filter((t) => t > end - periodMs && t <= end).length);
	return most;
}

interface Received {
	headers: IncomingHttpHeaders;
	body: { event: string; context: IDataObject };
}

/** A webhook receiver like the n8n webhook endpoint a KeyCRM automation would call. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
	const received: Received[] = [];
	const server = createServer((request, response) => {
		let text = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (text += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body: JSON.parse(text) as Received['body'] });
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { server, url: `http://127.0.0.1:${port}/webhook/keycrm?token=s3cret`, received };
}

describe('KeyCRM sandbox through the KeyCRM transport', () => {
	let kc: KeyCrmSandbox;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;

	const credentials = (apiKey = kc.apiKey) => ({
		keyCrmApi: { apiKey, baseUrl: kc.baseUrl, limitTimeScale: SCALE },
	});

	/** runs `fn` in a node context with a KeyCRM connection */
	const inNode = <T>(
		fn: (ctx: IExecuteFunctions, connection: KeyCrmConnection) => Promise<T>,
		apiKey?: string,
	): Promise<T> => withNodeContext(credentials(apiKey), async (ctx) => await fn(ctx, await getKeyCrmConnection(ctx)));

	const statuses = (method: string, path: string) =>
		kc.requests.filter((r) => r.method === method && r.url.split('?')[0].endsWith(path)).map((r) => r.status);

	let orderId: number;
	let grandTotal: number;

	beforeAll(async () => {
		receiver = await startReceiver();
		kc = await startKeyCrmSandbox({ timeScale: SCALE, webhookUrls: [receiver.url] });
	});

	afterAll(async () => {
		await kc.close();
		await new Promise((resolve) => receiver.server.close(resolve));
	});

	beforeEach(() => {
		kc.requests.length = 0;
		receiver.received.length = 0;
	});

	it('creates an order (201) and reads it back with its relations', async () => {
		const { created, read } = await inNode(async (ctx, c) => {
			const created = await keyCrmRequest(ctx, c, {
				method: 'POST',
				path: '/order',
				body: {
					source_id: DEMO.source.site,
					source_uuid: 'WEB-1001',
					buyer: { full_name: 'Приходько Лариса', phone: '+380671234567', email: 'larysa@example.com' },
					products: [
						{ sku: 'TSW-M', quantity: 2 },
						{ sku: 'MUG', price: 200, quantity: 1 },
					],
					shipping: { delivery_service_id: DEMO.deliveryService.novaposhta, shipping_address_city: 'Київ' },
					custom_fields: [{ uuid: DEMO.customField.customerType, value: ['Опт'] }],
				},
			});
			const read = await keyCrmRequest(ctx, c, {
				method: 'GET',
				path: `/order/${created.id}`,
				qs: { include: 'buyer,products.offer,payments,status,shipping.deliveryService,custom_fields' },
			});
			return { created, read };
		});
		expect(statuses('POST', '/order')).toEqual([201]);
		expect(created).toMatchObject({
			source_id: 1,
			status_id: DEMO.status.new,
			payment_status: 'not_paid',
			client_id: expect.any(Number),
			grand_total: 450 * 2 + 200,
			payments_total: 0,
			payments: [],
			buyer: { full_name: 'Приходько Лариса', phone: '+380671234567', orders_sum: expect.any(String) },
			shipping: { delivery_service_id: DEMO.deliveryService.novaposhta },
		});
		expect(created.created_at).toMatch(ISO_MICROS);
		expect(created.updated_at).toMatch(ISO_MICROS);
		// POST answers the whole order as GET does (a captured reply), lines and pictures included
		expect((created.products as IDataObject[]).map((l) => [l.sku, l.quantity])).toEqual([
			['TSW-M', 2],
			['MUG', 1],
		]);
		expect((created.products as IDataObject[])[0].picture).toEqual({
			thumbnail: expect.stringMatching(/^https:\/\//),
		});
		orderId = created.id as number;
		grandTotal = read.grand_total as number;
		expect(grandTotal).toBe(450 * 2 + 200);
		expect(read.buyer).toMatchObject({ full_name: 'Приходько Лариса', phone: '+380671234567' });
		expect(read.status_changed_at).toMatch(ISO_MICROS);
		expect((read.payments as unknown[]).length).toBe(0);
		const lines = read.products as IDataObject[];
		expect(lines.map((l) => [l.sku, l.quantity, l.price])).toEqual([
			['TSW-M', 2, 450],
			['MUG', 1, 200],
		]);
		expect((lines[0].offer as IDataObject).sku).toBe('TSW-M');
		expect(read.status).toMatchObject({ id: DEMO.status.new, alias: 'new' });
		expect(read.payments).toEqual([]);
		expect((read.shipping as IDataObject).delivery_service).toMatchObject({ source_name: 'novaposhta' });
		expect(read.custom_fields).toEqual([expect.objectContaining({ uuid: 'OR_1002', value: ['Опт'] })]);
	});

	it('surfaces a 422 as a NodeApiError that lists the fields, without retrying it', async () => {
		const failure = await inNode((ctx, c) =>
			keyCrmRequest(ctx, c, {
				method: 'POST',
				path: '/order',
				body: { source_id: 999, buyer: { phone: '+380501112233' } },
			}),
		).catch((error: Error) => error);
		// the engine hands back the node's error as it recorded it in the run
		const { message } = failure as Error;
		expect(message).toContain('KeyCRM HTTP 422');
		expect(message).toContain('source_id: The selected source id is invalid.');
		expect(message).toContain('buyer.full_name: The buyer.full name field is required.');
		expect(statuses('POST', '/order')).toEqual([422]);
	});

	it('answers 401 with the Laravel message for a wrong key', async () => {
		const failure = await inNode(
			(ctx, c) => keyCrmRequest(ctx, c, { method: 'GET', path: '/order/status' }),
			'wrong',
		).catch((error: Error) => error);
		expect((failure as Error).message).toContain('KeyCRM HTTP 401: Unauthenticated.');
		expect(kc.requests.map((r) => r.status)).toEqual([401]);
	});

	it('sends order.change_order_status to the webhook URL when the status changes', async () => {
		const updated = await inNode((ctx, c) =>
			keyCrmRequest(ctx, c, {
				method: 'PUT',
				path: `/order/${orderId}`,
				body: {
					status_id: DEMO.status.confirmed,
					manager_comment: 'Підтверджено телефоном',
					// lines are matched by sku and changed in place, never added
					products: [{ sku: 'MUG', quantity: 3 }],
				},
			}),
		);
		expect(statuses('PUT', `/order/${orderId}`)).toEqual([202]);
		expect(updated).toMatchObject({
			id: orderId,
			status_id: DEMO.status.confirmed,
			manager_comment: 'Підтверджено телефоном',
		});
		grandTotal = updated.grand_total as number;
		expect(grandTotal).toBe(450 * 2 + 200 * 3);
		expect(kc.store.orders.get(orderId)!.lines).toHaveLength(2);
		await kc.settleWebhooks();
		expect(receiver.received).toHaveLength(1);
		const [{ headers, body }] = receiver.received;
		expect(headers['content-type']).toContain('application/json');
		expect(body.event).toBe('order.change_order_status');
		expect(body.context).toMatchObject({
			id: orderId,
			status_id: DEMO.status.confirmed,
			source_uuid: 'WEB-1001',
			client_id: expect.any(Number),
			grand_total: grandTotal,
			payment_status: 'not_paid',
		});
		expect(body.context.status_changed_at).toMatch(ISO_MICROS);
		expect(body.context).not.toHaveProperty('products');
		expect(body.context).not.toHaveProperty('buyer');
	});

	it('recomputes payment_status as payments are added and changed', async () => {
		const states = await inNode(async (ctx, c) => {
			const paymentStatus = async () =>
				(await keyCrmRequest(ctx, c, { method: 'GET', path: `/order/${orderId}` })).payment_status;
			const seen: unknown[] = [];
			const first = await keyCrmRequest(ctx, c, {
				method: 'POST',
				path: `/order/${orderId}/payment`,
				body: { payment_method: 'LiqPay', amount: 300, status: 'paid', description: 'Передоплата' },
			});
			seen.push(first.payment_method_id, await paymentStatus());
			await keyCrmRequest(ctx, c, {
				method: 'POST',
				path: `/order/${orderId}/payment`,
				body: { payment_method_id: DEMO.paymentMethod.card, amount: grandTotal - 300 },
			});
			seen.push(await paymentStatus());
			await keyCrmRequest(ctx, c, {
				method: 'PUT',
				path: `/order/${orderId}/payment/${first.id}`,
				body: { status: 'canceled' },
			});
			seen.push(await paymentStatus());
			return seen;
		});
		expect(states).toEqual([DEMO.paymentMethod.liqpay, 'part_paid', 'paid', 'part_paid']);
		expect(statuses('POST', `/order/${orderId}/payment`)).toEqual([201, 201]);
		expect(kc.requests.find((r) => r.method === 'PUT')?.status).toBe(202);
		await kc.settleWebhooks();
		expect(receiver.received.map((r) => [r.body.event, r.body.context.payment_status])).toEqual([
			['order.change_payment_status', 'part_paid'],
			['order.change_payment_status', 'paid'],
			['order.change_payment_status', 'part_paid'],
		]);
	});

	it('sets stock on a warehouse absolutely and shows it per warehouse', async () => {
		const mug = kc.store.offerBySku('MUG')!;
		const { reply, stocks, refused } = await inNode(async (ctx, c) => {
			const reply = await keyCrmRequest(ctx, c, {
				method: 'PUT',
				path: '/offers/stocks',
				body: {
					warehouse_id: DEMO.warehouse.lviv,
					stocks: [
						{ sku: 'TSW-M', quantity: 17 },
						{ id: mug.id, quantity: 0 },
					],
				},
			});
			const refused = await keyCrmRequest(ctx, c, {
				method: 'PUT',
				path: '/offers/stocks',
				body: {
					warehouse_id: DEMO.warehouse.lviv,
					stocks: [
						{ sku: 'TSW-M', quantity: 99 },
						{ sku: 'NO-SUCH', quantity: 1 },
					],
				},
			}).catch((error: Error) => error.message);
			const stocks = await keyCrmRequest(ctx, c, {
				method: 'GET',
				path: '/offers/stocks',
				qs: { 'filter[offers_sku]': 'TSW-M,MUG', 'filter[details]': 'true' },
			});
			return { reply, stocks, refused };
		});
		expect(reply).toEqual({ status: true });
		expect(statuses('PUT', '/offers/stocks')).toEqual([202, 422]);
		expect(refused).toContain('stocks.1.sku: The selected stocks.1.sku is invalid.');
		const rows = stocks.data as Array<{ sku: string; quantity: number; warehouse: IDataObject[] }>;
		const lviv = (sku: string) =>
			rows.find((r) => r.sku === sku)!.warehouse.find((w) => w.id === DEMO.warehouse.lviv)?.quantity;
		// the refused request changed nothing: all or nothing
		expect(lviv('TSW-M')).toBe(17);
		expect(lviv('MUG')).toBe(0);
		for (const row of rows) {
			expect(row.quantity).toBe(row.warehouse.reduce((sum, w) => sum + (w.quantity as number), 0));
		}
	});

	it('filters, sorts and pages lists the KeyCRM way', async () => {
		const result = await inNode(async (ctx, c) => {
			const now = new Date();
			const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
			const from = utc(new Date(now.getTime() - 3 * 86_400_000));
			const page = (qs: IDataObject) => keyCrmRequest(ctx, c, { method: 'GET', path: '/order', qs });
			const tight = await page({ 'filter[updated_between]': `${from},${utc(now)}`, sort: '-updated_at', limit: 50 });
			const spaced = await page({ 'filter[updated_between]': `${from}, ${utc(now)}` });
			const completed = await page({
				'filter[status_id]': DEMO.status.completed,
				'filter[payment_status]': 'paid,overpaid',
			});
			const sources = await keyCrmRequest(ctx, c, { method: 'GET', path: '/order/source' });
			const tooMany = await page({ limit: 51 }).catch((error: Error) => error.message);
			return { from, tight, spaced, completed, sources, tooMany };
		});
		const recent = result.tight.data as IDataObject[];
		expect(result.spaced.total).toBe(result.tight.total);
		// filters take `Y-m-d H:i:s`; replies carry ISO times
		const fromMs = Date.parse(`${result.from.replace(' ', 'T')}Z`);
		expect(recent.every((o) => (o.updated_at as string).match(ISO_MICROS))).toBe(true);
		expect(recent.every((o) => Date.parse(o.updated_at as string) >= fromMs)).toBe(true);
		const times = recent.map((o) => o.updated_at as string);
		expect([...times].sort().reverse()).toEqual(times);
		expect(result.completed.total).toBeGreaterThan(0);
		expect(result.completed.first_page_url).toContain('filter%5Bstatus_id%5D=4');
		expect(result.completed.next_page_url).toContain('page=2');
		expect((result.completed.data as IDataObject[]).every((o) => o.status_id === 4)).toBe(true);
		expect((result.sources.data as IDataObject[]).map((s) => [s.alias, s.currency_code])).toEqual([
			['site', 'UAH'],
			['instagram', 'UAH'],
			['rozetka', 'UAH'],
		]);
		expect(result.tooMany).toContain('limit: The limit must not be greater than 50.');
	});

	it('returns every order exactly once with Return All, following next_page_url to the end', async () => {
		const ids = await inNode(async (ctx, c) => (await keyCrmListAll(ctx, c, '/order', {})).map((o) => o.id as number));
		const expected = [...kc.store.orders.keys()];
		expect(ids).toHaveLength(expected.length);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
		const pages = kc.requests.filter((r) => r.url.startsWith('/v1/order?'));
		expect(pages).toHaveLength(Math.ceil(expected.length / 50));
		expect(pages.every((r) => r.status === 200 && r.url.includes('limit=50'))).toBe(true);
	});

	it('paces ~130 requests to 60 per window: the sandbox refused nothing', async () => {
		// a sandbox of its own (so a limiter of its own on both sides): the earlier tests' requests,
		// among them the process's cold first one, stay out of these windows
		const paced = await startKeyCrmSandbox({ timeScale: SCALE });
		try {
			paced.addOrders(130 - paced.store.orders.size);
			const ids = await withNodeContext(
				{ keyCrmApi: { apiKey: paced.apiKey, baseUrl: paced.baseUrl, limitTimeScale: SCALE } },
				async (ctx) =>
					(await keyCrmListAll(ctx, await getKeyCrmConnection(ctx), '/order', { sort: '-id' }, { pageSize: 1 })).map(
						(o) => o.id as number,
					),
			);
			expect(new Set(ids).size).toBe(130);
			expect(paced.requests).toHaveLength(130);
			// the sandbox counts arrivals and refuses every early one: no 429 means no window was overrun
			expect(paced.requests.filter((r) => r.status !== 200)).toEqual([]);
			expect(
				busiestWindow(
					paced.requests.map((r) => r.at),
					60_000 / SCALE,
				),
			).toBeLessThanOrEqual(60);
			expect(paced.limits.peakCounts()[0].peak).toBeLessThanOrEqual(60);
		} finally {
			await paced.close();
		}
	});

	it('absorbs a burst of 429 with Retry-After by waiting and retrying', async () => {
		kc.faults.set({ rateLimitBurst: 2, retryAfterS: 1 });
		const reply = await inNode((ctx, c) => keyCrmRequest(ctx, c, { method: 'GET', path: '/order/status' }));
		expect((reply.data as IDataObject[]).map((s) => s.alias)).toEqual([
			'new',
			'confirmed',
			'shipped',
			'completed',
			'canceled',
		]);
		expect(kc.requests.map((r) => r.status)).toEqual([429, 429, 200]);
	});
});

describe('KeyCRM sandbox on its own', () => {
	let kc: KeyCrmSandbox;
	const auth = () => ({ Authorization: `Bearer ${kc.apiKey}`, Accept: 'application/json' });

	beforeAll(async () => {
		// real windows: a minute is far longer than any burst below takes
		kc = await startKeyCrmSandbox({ timeScale: 1 });
	});
	afterAll(async () => kc.close());
	beforeEach(async () => kc.reset());

	it('refuses an early request: of 61 fired at once exactly 60 are answered, one gets 429 with Retry-After', async () => {
		const replies = await Promise.all(
			Array.from({ length: 61 }, () => fetch(`${kc.baseUrl}/order/status`, { headers: auth() })),
		);
		const statuses = replies.map((reply) => reply.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(60);
		expect(statuses.filter((status) => status === 429)).toHaveLength(1);
		const refused = replies.find((reply) => reply.status === 429)!;
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
		await Promise.all(replies.map((reply) => reply.arrayBuffer()));
		expect(kc.requests.filter((r) => r.status === 429)).toHaveLength(1);
		expect(kc.limits.count(0)).toBe(60);
	});

	it('logs what a client sent: the bearer key masked, headers and body kept, arrival before answer', async () => {
		const body = { source_id: DEMO.source.site, buyer: { full_name: 'Іван Франко' }, products: [{ sku: 'MUG' }] };
		const reply = await fetch(`${kc.baseUrl}/order`, {
			method: 'POST',
			headers: { ...auth(), 'Content-Type': 'application/json', 'X-Correlation-ID': 'trace-1' },
			body: JSON.stringify(body),
		});
		expect(reply.status).toBe(201);
		// a refused request keeps its body too
		await fetch(`${kc.baseUrl}/order`, {
			method: 'POST',
			headers: { Authorization: 'Bearer wrong', Accept: 'application/json', 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		expect(kc.requests).toHaveLength(2);
		const [sent, refused] = kc.requests;
		expect(sent).toMatchObject({
			method: 'POST',
			url: '/v1/order',
			status: 201,
			headers: { authorization: '***', accept: 'application/json', 'x-correlation-id': 'trace-1' },
			body,
		});
		expect(refused).toMatchObject({ status: 401, headers: { authorization: '***' }, body });
		expect(JSON.stringify(kc.requests)).not.toContain(kc.apiKey);
		expect(sent.at).toBeLessThanOrEqual(refused.at);
		expect(sent.answeredAt).toBeGreaterThanOrEqual(sent.at);
	});

	it('takes `Y-m-d H:i:s` in filters and answers ISO times; refuses an unreadable range with 422', async () => {
		const ok = await fetch(
			`${kc.baseUrl}/order?filter[created_between]=${encodeURIComponent('2020-01-01 00:00:00,2100-01-01 00:00:00')}`,
			{ headers: auth() },
		);
		expect(ok.status).toBe(200);
		const page = (await ok.json()) as { data: Array<{ created_at: string; ordered_at: string }> };
		expect(page.data.length).toBeGreaterThan(0);
		expect(page.data.every((o) => ISO_MICROS.test(o.created_at) && ISO_MICROS.test(o.ordered_at))).toBe(true);
		const bad = await fetch(`${kc.baseUrl}/order?filter[created_between]=yesterday,today`, { headers: auth() });
		expect(bad.status).toBe(422);
	});
});
