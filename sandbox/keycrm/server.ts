/**
 * Local stand-in for the KeyCRM OpenAPI (https://openapi.keycrm.app/v1): Bearer key auth, the
 * 60-requests-per-minute limit per key (counted by arrival, every early request refused) answered
 * with 429 + Retry-After, the order, buyer,
 * catalog and stock routes with KeyCRM's pagination and Laravel-style errors, and the outgoing
 * order webhooks. Demo data: see ./demo.ts.
 *
 * Admin routes (besides the shared ones under /__sandbox):
 *   GET  /__sandbox/webhooks          → {urls, deliveries}
 *   PUT  /__sandbox/webhooks          {urls}
 *   POST /__sandbox/webhooks/fire     {event, orderId} → the deliveries
 *   PUT  /__sandbox/time-scale        {scale}
 *   POST /__sandbox/generate          {orders?, offers?} → adds benchmark records
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { ADMIN_PREFIX, createSandboxApp, isAdminRequest, type Sandbox, startSandbox } from '../common/app';
import { type LimitWindow, MINUTE, ServerLimits } from '../common/limits';
import { arrivalOf } from '../common/recorder';
import { WebhookSender } from '../common/webhooks';
import { addDemoOffers, addDemoOrders, seedDemoData } from './demo';
import { API_PREFIX, registerKeyCrmRoutes } from './routes';
import { DEFAULT_MAX_BATCH_ITEMS, KeyCrmStore, type OfferRecord, type OrderEvent, type OrderRecord } from './store';
import { KeyCrmError } from './validation';
import { KeyCrmWebhooks, ORDER_EVENTS } from './webhooks';

export const DEFAULT_KEYCRM_API_KEY = 'sandbox-keycrm-key';

/** KeyCRM's documented limit: 60 requests per minute per API key (and IP), every endpoint. */
export const KEYCRM_RATE_LIMIT: LimitWindow = { limit: 60, periodMs: MINUTE };

export interface KeyCrmSandboxOptions {
	port?: number;
	/** the one accepted API key; default `sandbox-keycrm-key` */
	apiKey?: string;
	/** shortens the limit window: 60 per minute at 1, 60 per 3 s at 20 */
	timeScale?: number;
	/** where order webhooks go */
	webhookUrls?: string[];
	/** the most items one `PUT /offers` or `PUT /offers/stocks` may carry (KeyCRM does not document one) */
	maxBatchItems?: number;
}

export interface KeyCrmSandbox extends Sandbox {
	apiKey: string;
	/** the API root a credential points at, like https://openapi.keycrm.app/v1 */
	baseUrl: string;
	store: KeyCrmStore;
	webhooks: WebhookSender;
	limits: ServerLimits;
	setTimeScale(scale: number): void;
	/** resolves when every webhook queued so far was answered or failed */
	settleWebhooks(): Promise<void>;
	/** benchmark helpers: more orders (recent, in every status) or more offers (sku BENCH-…) */
	addOrders(count: number): OrderRecord[];
	addOffers(count: number): OfferRecord[];
}

/** Laravel answers an API request that does not ask for JSON with a redirect to its login page. */
function wantsJson(request: FastifyRequest): boolean {
	return /json/i.test(String(request.headers.accept ?? ''));
}

const LOGIN_PAGE =
	'<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>KeyCRM</title></head>' +
	'<body><form method="post" action="/login"><input name="email"><input name="password" type="password"></form></body></html>';

export async function startKeyCrmSandbox(options: KeyCrmSandboxOptions = {}): Promise<KeyCrmSandbox> {
	const apiKey = options.apiKey ?? DEFAULT_KEYCRM_API_KEY;
	const { app, requests, faults } = createSandboxApp();
	const store = new KeyCrmStore(seedDemoData);
	store.maxBatchItems = options.maxBatchItems ?? DEFAULT_MAX_BATCH_ITEMS;
	const limits = new ServerLimits([KEYCRM_RATE_LIMIT], options.timeScale ?? 1);
	const sender = new WebhookSender(options.webhookUrls ?? []);
	const webhooks = new KeyCrmWebhooks(store, sender);
	store.onOrderEvent = (event, order) => webhooks.dispatch(event, order);
	store.onLeadStatusChange = (card) => webhooks.dispatchLead(card);

	app.get('/login', async (_request, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));

	/*
	 * Auth, then the limit. Decided once the body is read (so the request log keeps the body of a
	 * refused request too), but counted by arrival: the window that decides is the one ending when
	 * the request arrived, and a request arriving while it holds 60 is refused, however early.
	 */
	app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
		if (isAdminRequest(request) || request.url.startsWith('/login')) return;
		const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
		if (!match || match[1].trim() !== apiKey) {
			if (!wantsJson(request)) {
				return reply
					.code(302)
					.header('Location', `${request.protocol}://${request.headers.host}/login`)
					.type('text/html; charset=utf-8')
					.send('<html><body>Redirecting to /login</body></html>');
			}
			return reply.code(401).send({ message: 'Unauthenticated.' });
		}
		(request as { principal?: string }).principal = `key …${apiKey.slice(-4)}`;

		const admission = limits.admit(arrivalOf(request));
		if (!admission.accepted) {
			return reply
				.code(429)
				.headers({
					'Retry-After': String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000))),
					'X-RateLimit-Limit': String(KEYCRM_RATE_LIMIT.limit),
					'X-RateLimit-Remaining': '0',
				})
				.send({ message: 'Too Many Attempts.' });
		}
	});

	app.setErrorHandler((error: FastifyError, _request, reply) => {
		if (error instanceof KeyCrmError) return reply.code(error.status).send(error.body);
		const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
		if (status === 500) console.error('[keycrm sandbox]', error);
		return reply.code(status).send({ message: status === 500 ? 'Server Error' : error.message });
	});

	app.setNotFoundHandler((request, reply) => {
		const path = new URL(request.url, 'http://sandbox').pathname.replace(/^\//, '');
		return reply.code(404).send({ message: `The route ${path} could not be found.` });
	});

	registerKeyCrmRoutes(app, store);

	// ---- admin ----

	app.get(`${ADMIN_PREFIX}/webhooks`, async () => ({ urls: sender.urls, deliveries: sender.deliveries }));
	app.put(`${ADMIN_PREFIX}/webhooks`, async (request, reply) => {
		const urls = (request.body as { urls?: unknown } | undefined)?.urls;
		if (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))
			return reply.code(400).send({ message: 'urls must be an array of strings' });
		sender.setTargets(urls as string[]);
		return { urls: sender.urls };
	});
	app.post(`${ADMIN_PREFIX}/webhooks/fire`, async (request, reply) => {
		const body = (request.body ?? {}) as { event?: string; orderId?: number };
		if (!ORDER_EVENTS.includes(body.event as OrderEvent))
			return reply.code(400).send({ message: `event must be one of ${ORDER_EVENTS.join(', ')}` });
		const order = store.orders.get(Number(body.orderId));
		if (!order) return reply.code(404).send({ message: `no order ${body.orderId}` });
		return { deliveries: await webhooks.fire(body.event as OrderEvent, order) };
	});
	app.put(`${ADMIN_PREFIX}/time-scale`, async (request, reply) => {
		const scale = Number((request.body as { scale?: unknown } | undefined)?.scale);
		if (!(scale > 0)) return reply.code(400).send({ message: 'scale must be a positive number' });
		limits.setTimeScale(scale);
		return { scale };
	});
	app.post(`${ADMIN_PREFIX}/generate`, async (request) => {
		const body = (request.body ?? {}) as { orders?: number; offers?: number };
		// offers first, so new orders can sell them
		const offers = addDemoOffers(store, Math.max(0, Number(body.offers) || 0)).length;
		const orders = addDemoOrders(store, Math.max(0, Number(body.orders) || 0)).length;
		return { added: { orders, offers }, ...store.counts() };
	});

	const sandbox = await startSandbox(
		app,
		{
			requests,
			faults,
			reset: async () => {
				await webhooks.settle();
				store.reset();
				requests.length = 0;
				faults.reset();
				limits.reset();
				sender.reset();
			},
			state: () => ({
				...store.counts(),
				timeScale: limits.timeScale,
				maxBatchItems: store.maxBatchItems,
				webhookUrls: sender.urls,
				webhookDeliveries: sender.deliveries.length,
			}),
		},
		options.port,
	);
	return {
		...sandbox,
		apiKey,
		baseUrl: `${sandbox.url}${API_PREFIX}`,
		store,
		webhooks: sender,
		limits,
		setTimeScale: (scale: number) => limits.setTimeScale(scale),
		settleWebhooks: () => webhooks.settle(),
		addOrders: (count: number) => addDemoOrders(store, count),
		addOffers: (count: number) => addDemoOffers(store, count),
	};
}
