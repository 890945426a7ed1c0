/**
 * Local stand-in for a SalesDrive account (`https://<account>.salesdrive.me`): the same paths
 * (with their trailing slash), methods, payloads, replies and limits as the public API, over an
 * in-memory store with a demo shop. Where the API's behaviour is not documented the choice is
 * marked UNCERTAIN below; the project's client tolerates each alternative.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { ADMIN_PREFIX, createSandboxApp, isAdminRequest, type Sandbox, startSandbox } from '../common/app';
import { DAY, HOUR, type LimitWindow, MINUTE, ServerLimits } from '../common/limits';
import { arrivalOf } from '../common/recorder';
import { WebhookSender } from '../common/webhooks';
import { fillOrders, loadDemoData } from './demo';
import { SalesDriveInputError } from './model';
import { objectOf, parseBracketQuery, queryOfUrl } from './query';
import { SalesDriveStore } from './store';
import { ORDER_WEBHOOK_EVENTS, type OrderWebhookEvent, sendOrderWebhook } from './webhooks';

export { fillOrders, loadDemoData } from './demo';
export { SalesDriveStore } from './store';
export { orderWebhookBody, type OrderWebhookBody, type OrderWebhookEvent } from './webhooks';
export { accountDate, accountDateTime } from './time';

export const DEFAULT_SALESDRIVE_API_KEY = 'sandbox-salesdrive-key';

/** Order, payment and document lists: 10 a minute, 100 an hour, 1000 a day, counted together. */
export const SALESDRIVE_LIST_LIMITS: LimitWindow[] = [
	{ limit: 10, periodMs: MINUTE },
	{ limit: 100, periodMs: HOUR },
	{ limit: 1000, periodMs: DAY },
];

export interface SalesDriveSandboxOptions {
	port?: number;
	/** the key clients must send as `X-Api-Key` (default 'sandbox-salesdrive-key') */
	apiKey?: string;
	/** shortens the list limits' windows: 20 makes 10 a minute into 10 per 3 s (default 1) */
	timeScale?: number;
	/** where order webhooks go */
	webhookUrls?: string[];
	/** the account (subdomain) named in webhooks (default 'demo') */
	account?: string;
	/** start with the demo shop's orders (default), or with its directories and catalog only */
	demoData?: boolean;
}

export interface SalesDriveSandbox extends Sandbox {
	apiKey: string;
	account: string;
	store: SalesDriveStore;
	webhooks: WebhookSender;
	limits: ServerLimits;
	setTimeScale(scale: number): void;
	/** adds generated orders (benchmarks); returns their ids */
	fillOrders(count: number, options?: { days?: number; seed?: number }): number[];
	/** sends an order webhook now and waits for every target's answer */
	fireWebhook(event: OrderWebhookEvent, orderId: number): ReturnType<typeof sendOrderWebhook>;
}

/** Endpoints that older integrations authenticate with a `form` key inside the JSON body. */
const LEGACY_FORM_KEY_PATHS = new Set(['/handler/', '/product-handler/', '/category-handler/']);

const pathOf = (url: string) => url.split('?')[0];

const isTruthy = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

export async function startSalesDriveSandbox(options: SalesDriveSandboxOptions = {}): Promise<SalesDriveSandbox> {
	const apiKey = options.apiKey ?? DEFAULT_SALESDRIVE_API_KEY;
	const account = options.account ?? 'demo';
	const initialTargets = options.webhookUrls ?? [];
	const store = new SalesDriveStore((s) => loadDemoData(s, { orders: options.demoData !== false }));
	const limits = new ServerLimits(SALESDRIVE_LIST_LIMITS, options.timeScale ?? 1);
	const webhooks = new WebhookSender(initialTargets);
	const { app, requests, faults } = createSandboxApp();

	// PHP-style form posts (`data[statusId]=4`) are accepted as well as JSON (seen in real client code; UNCERTAIN)
	app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
		done(null, parseBracketQuery(String(body)));
	});

	/*
	 * Auth: `X-Api-Key` must be the account's key. How SalesDrive answers a wrong key is
	 * UNCERTAIN (clients have seen `{"message":"api key is invalid"}`, possibly with HTTP 200);
	 * the sandbox answers HTTP 401 with `{"success":false,"message":"api key is invalid"}`, which the
	 * client reports as an authentication failure either way. Checked after the body is parsed so
	 * the legacy in-body `form` key can count too.
	 */
	app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
		if (isAdminRequest(request)) return;
		const header = request.headers['x-api-key'];
		const key = Array.isArray(header) ? header[0] : header;
		const legacyKey = LEGACY_FORM_KEY_PATHS.has(pathOf(request.url)) ? objectOf(request.body)?.form : undefined;
		if (key === apiKey || (key === undefined && legacyKey === apiKey)) {
			(request as { principal?: string }).principal = account;
			return;
		}
		return reply.code(401).send({ success: false, message: 'api key is invalid' });
	});

	app.setNotFoundHandler(async (request, reply) =>
		reply.code(404).send({ success: false, message: `No such endpoint: ${request.method} ${pathOf(request.url)}` }),
	);
	app.setErrorHandler(async (error: { statusCode?: number; message: string }, _request, reply) => {
		const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
		return reply.code(status).send({ success: false, message: error.message });
	});

	/*
	 * The list limits, counted by arrival (see ServerLimits): a list request arriving while the
	 * window ending at its arrival already holds the limit's worth is refused, however early it is.
	 * How SalesDrive signals an exceeded limit is UNCERTAIN: clients retry on 429, and one treats a
	 * 400 whose message mentions "limit" as the same thing; the project's client handles both. The
	 * sandbox answers 429 with Retry-After (whole seconds, at least 1) and a message containing
	 * "limit". Only authenticated list requests are counted.
	 */
	async function admit(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
		const admission = limits.admit(arrivalOf(request));
		if (admission.accepted) return true;
		const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
		await reply
			.code(429)
			.header('Retry-After', String(seconds))
			.send({
				success: false,
				status: 'error',
				message: `Request limit exceeded (10 per minute, 100 per hour, 1000 per day for lists); retry in ${seconds} s`,
			});
		return false;
	}

	const body = (request: FastifyRequest) => objectOf(request.body) ?? {};
	const fire = (event: OrderWebhookEvent, orderId: number) => {
		const order = store.getOrder(orderId);
		return order ? sendOrderWebhook(webhooks, store, order, event, account) : Promise.resolve([]);
	};

	// ---- orders -------------------------------------------------------------------------

	/*
	 * Create. Success: `{"success":true}`, with `data: {orderId, userId}` when `getResultData` is 1
	 * (what else that flag changes is UNCERTAIN). A refused order: HTTP 200 with
	 * `{"success":false,"error":…}` (the shape clients expect; UNCERTAIN).
	 */
	app.post('/handler/', async (request) => {
		const input = body(request);
		try {
			const order = store.createOrder(input);
			void fire('new_order', order.id);
			return isTruthy(input.getResultData)
				? { success: true, data: { orderId: order.id, userId: order.userId } }
				: { success: true };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return { success: false, error: error.message };
		}
	});

	/* Update by id or externalId. Refusals (unknown order, unknown status…): HTTP 200 with `success:false` (UNCERTAIN). */
	app.post('/api/order/update/', async (request) => {
		const input = body(request);
		try {
			const { order, statusChanged } = store.updateOrder({ id: input.id, externalId: input.externalId }, input.data);
			if (statusChanged) void fire('status_change', order.id);
			return { success: true };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return { success: false, message: error.message };
		}
	});

	app.post('/api/order/note/', async (request) => {
		const input = body(request);
		try {
			return { success: true, data: { noteId: store.addNote(input.orderId, input.note) } };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return { success: false, message: error.message };
		}
	});

	/* Newest first (the order SalesDrive uses is UNCERTAIN; the sandbox keeps it stable while data does not change). */
	app.get('/api/order/list/', async (request, reply) => {
		if (!(await admit(request, reply))) return reply;
		try {
			const result = store.listOrders(queryOfUrl(request.url));
			return { status: 'success', data: result.data, meta: { fields: store.fieldsMeta() }, ...pageEnvelope(result) };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return reply
				.code(error.httpStatus === 200 ? 400 : error.httpStatus)
				.send({ status: 'error', message: error.message });
		}
	});

	// ---- catalog ------------------------------------------------------------------------

	/* Refusals: HTTP 200 with `{"status":"error","message":…}` (shape per client code; UNCERTAIN). */
	app.post('/product-handler/', async (request) => {
		const input = body(request);
		try {
			if (input.action === 'delete') return { status: 'success', message: store.deleteProducts(input.product) };
			// "add" is what older docs and a client library send; treated as the upsert it describes (UNCERTAIN)
			if (input.action === 'update' || input.action === 'add') {
				return { status: 'success', message: store.upsertProducts(input.product, input.dontUpdateFields) };
			}
			return { status: 'error', message: `Unknown action ${JSON.stringify(input.action)} (update or delete)` };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return { status: 'error', message: error.message };
		}
	});

	app.post('/category-handler/', async (request) => {
		const input = body(request);
		try {
			return { status: 'success', message: store.changeCategories(input.action, input.category) };
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return { status: 'error', message: error.message };
		}
	});

	// ---- directories --------------------------------------------------------------------

	app.get('/api/statuses/', async () => ({
		success: true,
		data: store.directories.statuses.map(({ id, name, type }) => ({ id, name, type })),
	}));
	app.get('/api/payment-methods/', async () => ({
		success: true,
		data: store.directories.paymentMethods.map(({ id, name, parameter }) => ({ id, name, parameter })),
	}));
	app.get('/api/delivery-methods/', async () => ({
		success: true,
		data: store.directories.deliveryMethods.map(({ id, name, parameter }) => ({ id, name, parameter })),
	}));
	app.get('/api/currencies/', async () => ({
		baseCurrency: store.directories.baseCurrency,
		currencies: store.directories.currencies.map((currency) => ({ ...currency })),
	}));
	app.post('/api/currencies/', async (request, reply) => {
		const currencies = body(request).currencies;
		if (!Array.isArray(currencies)) {
			return reply.code(400).send({ status: 'error', message: 'currencies must be an array of {code, rate}' });
		}
		for (const item of currencies) {
			const code = String(objectOf(item)?.code ?? '').toUpperCase();
			const rate = Number(objectOf(item)?.rate);
			if (!code || !Number.isFinite(rate) || rate <= 0) {
				return reply.code(400).send({ status: 'error', message: `Bad currency ${JSON.stringify(item)}` });
			}
			const known = store.directories.currencies.find((currency) => currency.code === code);
			if (known) known.rate = rate;
			else store.directories.currencies.push({ code, abbreviation: code, rate });
		}
		return { status: 'success' };
	});

	// ---- payments and documents ---------------------------------------------------------

	/* 201 on a new payment; a repeated uniqueId answers 200 with the payment made before (UNCERTAIN). Refusals: HTTP 400. */
	app.post('/api/payment/', async (request, reply) => {
		try {
			const { payment, created } = store.createPayment(body(request));
			return reply.code(created ? 201 : 200).send({ success: true, data: { paymentId: payment.id } });
		} catch (error) {
			if (!(error instanceof SalesDriveInputError)) throw error;
			return reply
				.code(error.httpStatus === 200 ? 400 : error.httpStatus)
				.send({ success: false, message: error.message });
		}
	});

	for (const [path, list] of [
		['/api/payment/list/', (query: ReturnType<typeof queryOfUrl>) => store.listPayments(query)],
		['/api/check/list/', (query: ReturnType<typeof queryOfUrl>) => store.listChecks(query)],
	] as const) {
		app.get(path, async (request, reply) => {
			if (!(await admit(request, reply))) return reply;
			try {
				const result = list(queryOfUrl(request.url));
				return { status: 'success', data: result.data, ...pageEnvelope(result) };
			} catch (error) {
				if (!(error instanceof SalesDriveInputError)) throw error;
				return reply
					.code(error.httpStatus === 200 ? 400 : error.httpStatus)
					.send({ status: 'error', message: error.message });
			}
		});
	}

	// ---- admin --------------------------------------------------------------------------

	app.get(`${ADMIN_PREFIX}/webhooks`, async () => ({ urls: webhooks.urls, deliveries: webhooks.deliveries }));
	app.put(`${ADMIN_PREFIX}/webhooks`, async (request, reply) => {
		const urls = body(request).urls;
		if (!Array.isArray(urls) || urls.some((url) => typeof url !== 'string')) {
			return reply.code(400).send({ message: 'urls must be an array of strings' });
		}
		webhooks.setTargets(urls as string[]);
		return { urls: webhooks.urls };
	});
	app.post(`${ADMIN_PREFIX}/webhooks/fire`, async (request, reply) => {
		const { event, orderId } = body(request);
		if (!ORDER_WEBHOOK_EVENTS.includes(event as OrderWebhookEvent)) {
			return reply.code(400).send({ message: `event must be one of ${ORDER_WEBHOOK_EVENTS.join(', ')}` });
		}
		if (!store.getOrder(Number(orderId))) return reply.code(404).send({ message: `No order ${orderId}` });
		return { deliveries: await fire(event as OrderWebhookEvent, Number(orderId)) };
	});
	app.put(`${ADMIN_PREFIX}/time-scale`, async (request, reply) => {
		const scale = Number(body(request).scale);
		if (!Number.isFinite(scale) || scale <= 0)
			return reply.code(400).send({ message: 'scale must be a positive number' });
		limits.setTimeScale(scale);
		return { scale };
	});
	app.post(`${ADMIN_PREFIX}/orders/fill`, async (request, reply) => {
		const { count, days, seed } = body(request);
		const wanted = Number(count);
		if (!Number.isInteger(wanted) || wanted < 1)
			return reply.code(400).send({ message: 'count must be a positive integer' });
		const ids = fillOrders(store, wanted, {
			days: days === undefined ? undefined : Number(days),
			seed: seed === undefined ? undefined : Number(seed),
		});
		return { added: ids.length, firstId: ids[0], lastId: ids[ids.length - 1], orders: store.orders.length };
	});
	// SalesDrive makes fiscal checks through its PRRO integrations, not its API: a test makes them here
	app.post(`${ADMIN_PREFIX}/checks`, async (request, reply) => {
		const { orderId, type } = body(request);
		if (type !== 'sale' && type !== 'return') return reply.code(400).send({ message: 'type must be sale or return' });
		const order = store.getOrder(Number(orderId));
		if (!order) return reply.code(404).send({ message: `No order ${orderId}` });
		return store.addCheck(order, type, new Date());
	});
	// SalesDrive has no product read API (only a YML export); these let a person or a test look
	app.get(`${ADMIN_PREFIX}/products`, async () => [...store.products.values()]);
	app.get(`${ADMIN_PREFIX}/products/:id`, async (request, reply) => {
		const product = store.products.get((request.params as { id: string }).id);
		return product ?? reply.code(404).send({ message: 'No such product' });
	});

	const sandbox = await startSandbox(
		app,
		{
			requests,
			faults,
			reset: () => {
				// the time scale stays; its windows start empty
				store.reset();
				requests.length = 0;
				faults.reset();
				webhooks.reset();
				webhooks.setTargets(initialTargets);
				limits.reset();
			},
			state: () => ({
				account,
				...store.counts(),
				timeScale: limits.timeScale,
				webhookTargets: webhooks.urls.length,
				webhookDeliveries: webhooks.deliveries.length,
			}),
		},
		options.port,
	);

	return {
		...sandbox,
		apiKey,
		account,
		store,
		webhooks,
		limits,
		setTimeScale: (scale: number) => limits.setTimeScale(scale),
		fillOrders: (count, fillOptions) => fillOrders(store, count, fillOptions),
		fireWebhook: (event, orderId) => fire(event, orderId),
	};
}

/** The `pagination` and `totals` blocks every list shares. */
function pageEnvelope(result: { pagination: unknown; totals: unknown }) {
	return { pagination: result.pagination, totals: result.totals };
}
