/**
 * KeyCRM Trigger through n8n-core: the KeyCRM sandbox sends its real automation webhooks (POST,
 * and GET where a target asks for it) at the trigger served as n8n serves a production webhook
 * (test/helpers/webhook.ts); the trigger re-fetches the full order from the sandbox's API.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { loadPackage } from '../helpers/engine';
import { serveTrigger, type TriggerServer, triggerSecret, type WebhookSecret } from '../helpers/webhook';

const SECRET = 'kc-secret-0123456789abcdef';
const TIME_SCALE = 30;

let kc: KeyCrmSandbox;
let packageName: string;
let server: TriggerServer | undefined;

beforeAll(async () => {
	kc = await startKeyCrmSandbox({ timeScale: TIME_SCALE });
	packageName = (await loadPackage()).packageName;
});

afterAll(async () => {
	await kc.close();
});

beforeEach(async () => {
	await kc.reset();
});

afterEach(async () => {
	await server?.stop();
	server = undefined;
});

async function serve(
	parameters: IDataObject = {},
	withCredentials = true,
	secret: Partial<WebhookSecret> = {},
	typeVersion = 1.1,
): Promise<TriggerServer> {
	const given = triggerSecret(typeVersion, { token: SECRET, ...secret });
	const node: INode = {
		id: 'kc-trigger',
		name: 'KeyCRM Trigger',
		type: `${packageName}.keyCrmTrigger`,
		typeVersion,
		position: [0, 0],
		parameters: { ...given.parameters, ...(parameters as INodeParameters) },
		credentials: {
			...given.nodeCredentials,
			...(withCredentials ? { keyCrmApi: { id: 'keyCrmApi', name: 'keyCrmApi' } } : {}),
		},
	};
	return await serveTrigger({
		workflow: { nodes: [node], connections: {} },
		trigger: node.name,
		credentials: {
			...given.credentials,
			...(withCredentials ? { keyCrmApi: { apiKey: kc.apiKey, baseUrl: kc.baseUrl, limitTimeScale: TIME_SCALE } } : {}),
		},
	});
}

/** Fires an order event from the sandbox (its admin route), as KeyCRM's automation would. */
async function fire(event: string, orderId: number): Promise<Array<{ status?: number }>> {
	const reply = await fetch(`${kc.url}/__sandbox/webhooks/fire`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ event, orderId }),
	});
	return ((await reply.json()) as { deliveries: Array<{ status?: number }> }).deliveries;
}

const firstOrder = () => [...kc.store.orders.values()][0];

describe('KeyCRM Trigger', () => {
	it('refuses to publish without a secret token', async () => {
		await expect(serve({}, true, { token: '' })).rejects.toThrow(
			'Choose a CRM Webhook API credential with a Secret Token before publishing this workflow',
		);
		await expect(serve({}, true, { token: '' }, 1)).rejects.toThrow('Set a Secret Token before publishing this workflow');
	});

	it('starts on a real status-change webhook and re-fetches the order with its lines and buyer', async () => {
		server = await serve();
		kc.webhooks.setTargets([server.url({ token: SECRET })]);
		const order = firstOrder();
		const otherStatus = kc.store.statuses.find((status) => status.id !== order.status_id)!.id;

		// a status change through the real API: KeyCRM's automation posts after its reply
		const changed = await fetch(`${kc.baseUrl}/order/${order.id}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${kc.apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
			body: JSON.stringify({ status_id: otherStatus }),
		});
		expect(changed.status).toBe(202);
		await kc.settleWebhooks();

		const runs = await server.settled();
		expect(runs).toHaveLength(1);
		const item = runs[0].output('KeyCRM Trigger')[0].json;
		expect(item).toMatchObject({
			event: 'order.change_order_status',
			context: { id: order.id, status_id: otherStatus },
			order: {
				id: order.id,
				buyer: { id: order.buyer_id },
				products: expect.arrayContaining([
					expect.objectContaining({ offer: expect.objectContaining({ sku: expect.any(String) }) }),
				]),
				payments: expect.any(Array),
				status: expect.objectContaining({ id: otherStatus }),
			},
		});
		const context = item.context as IDataObject;
		expect(item.eventKey).toBe(`${order.id}|${String(context.status_changed_at)}|${otherStatus}`);
		const refetch = kc.requests.filter(
			(request) => request.method === 'GET' && request.url.startsWith(`/v1/order/${order.id}`),
		);
		expect(refetch).toHaveLength(1);
		expect(refetch[0].url).toContain('include=products.offer,buyer,payments,shipping,custom_fields,status,marketing');
	});

	it('starts on a lead moved to another status through the API, keyed by the card, with no order read', async () => {
		server = await serve();
		kc.webhooks.setTargets([server.url({ token: SECRET })]);
		const card = [...kc.store.cards.values()][0];
		const otherStatus = kc.store.statusesOf(card.pipeline_id).find((status) => status.id !== card.status_id)!.id;
		const moved = await fetch(`${kc.baseUrl}/pipelines/cards/${card.id}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${kc.apiKey}`, accept: 'application/json', 'content-type': 'application/json' },
			body: JSON.stringify({ status_id: otherStatus }),
		});
		expect(moved.ok).toBe(true);
		await kc.settleWebhooks();
		const runs = await server.settled();
		expect(runs).toHaveLength(1);
		const item = runs[0].output('KeyCRM Trigger')[0].json;
		expect(item).toMatchObject({
			event: 'lead.change_lead_status',
			context: { id: card.id, status_id: otherStatus },
			order: null,
		});
		expect(item.eventKey).toBe(`${card.id}|${String((item.context as IDataObject).status_changed_at)}|${otherStatus}`);
		expect(kc.requests.filter((request) => request.method === 'GET' && request.url.startsWith('/v1/'))).toHaveLength(0);
	});

	it('gives the same delivery twice the same event key; a payment event keys on the payment status', async () => {
		server = await serve();
		kc.webhooks.setTargets([server.url({ token: SECRET })]);
		const order = firstOrder();
		await fire('order.change_order_status', order.id);
		await fire('order.change_order_status', order.id);
		await fire('order.change_payment_status', order.id);
		const items = (await server.settled()).map((run) => run.output('KeyCRM Trigger')[0].json);
		const keys = items.map((item) => item.eventKey);
		expect(keys[0]).toBe(keys[1]);
		const context = items[2].context as IDataObject;
		expect(keys[2]).toBe(`${order.id}|${String(context.status_changed_at)}|payment:${String(context.payment_status)}`);
	});

	it('accepts GET webhooks (payload in the query) and a secret in a header; refuses a wrong or missing secret with 401', async () => {
		server = await serve({ fetchFullOrder: false }, false, { location: 'header', name: 'X-KeyCRM-Token' });
		kc.webhooks.setTargets([
			{ url: server.url({}, 'GET'), method: 'GET', headers: { 'X-KeyCRM-Token': SECRET } },
			{ url: server.url(), headers: { 'X-KeyCRM-Token': 'wrong' } },
			server.url({ token: SECRET }),
		]);
		const order = firstOrder();
		const deliveries = await fire('order.change_order_status', order.id);
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200, 401, 401]);

		const runs = await server.settled();
		expect(runs).toHaveLength(1);
		expect(runs[0].output('KeyCRM Trigger')[0].json).toMatchObject({
			event: 'order.change_order_status',
			context: { id: order.id },
			order: null,
		});
		// without the re-fetch no API request is made
		expect(kc.requests.filter((request) => request.url.startsWith('/v1/'))).toHaveLength(0);
	});

	it('refuses malformed and oversized bodies and ignores unchosen events, starting nothing', async () => {
		server = await serve({ events: ['order.change_payment_status'], options: { maxBodySizeKb: 2 } });
		const post = async (body: string, contentType = 'application/json') => {
			const response = await fetch(server!.url({ token: SECRET }), {
				method: 'POST',
				headers: { 'content-type': contentType },
				body,
			});
			return [response.status, (await response.json()) as IDataObject];
		};
		expect(await post('not json', 'text/plain')).toEqual([
			400,
			{ message: expect.stringContaining('The body is not valid JSON') },
		]);
		expect(await post('{"event": "order.change_order_status"}')).toEqual([
			400,
			{ message: 'Not a KeyCRM webhook: event and context.id were expected' },
		]);
		expect(await post(JSON.stringify({ event: 'x', context: { id: 1, pad: 'x'.repeat(3000) } }))).toEqual([
			413,
			{ message: expect.stringContaining("over this trigger's limit of 2048 bytes") },
		]);
		kc.webhooks.setTargets([server.url({ token: SECRET })]);
		await fire('order.change_order_status', firstOrder().id);
		expect(server.calls.at(-1)).toMatchObject({
			status: 200,
			body: { message: 'Ignored: the trigger does not listen for order.change_order_status' },
		});
		expect(server.executions).toHaveLength(0);
	});

	it('starts with the error when the re-fetch fails, so the event is kept; or answers 500 as n8n does when told to refuse', async () => {
		const post = async (target: TriggerServer) =>
			await fetch(target.url({ token: SECRET }), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ event: 'order.change_order_status', context: { id: 999999, status_id: 1 } }),
			});
		const keeping = await serve();
		server = keeping;
		const kept = await post(keeping);
		expect(kept.status).toBe(200);
		const [run] = await keeping.settled();
		expect(run.status).toBe('success');
		expect(run.output('KeyCRM Trigger')[0].json).toMatchObject({
			event: 'order.change_order_status',
			context: { id: 999999 },
			order: null,
			orderFetchError: { message: expect.stringMatching(/not found|No query results/i) },
		});
		await keeping.stop();

		const refusing = await serve({ options: { onFetchFailure: 'refuse' } });
		server = refusing;
		const refused = await post(refusing);
		expect(refused.status).toBe(500);
		expect(await refused.json()).toEqual({
			code: 0,
			message: 'Workflow Webhook Error: Workflow could not be started!',
		});
		const [failed] = await refusing.settled();
		expect(failed.status).toBe('error');
		expect(String((failed.error('KeyCRM Trigger') as { message?: string }).message)).toMatch(
			/not found|No query results/i,
		);
	});
});
