/**
 * SalesDrive Trigger and SalesDrive Poll Trigger through n8n-core: the SalesDrive sandbox POSTs
 * its real order webhooks at the trigger served as n8n serves a production webhook
 * (test/helpers/webhook.ts), and the poll trigger runs as n8n's poll job runs it.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { wallClockToDate } from '../../sandbox/salesdrive/time';
import { loadPackage, pollTrigger } from '../helpers/engine';
import { serveTrigger, type TriggerServer, triggerSecret, type WebhookSecret } from '../helpers/webhook';

const SECRET = 'sd-secret-0123456789abcdef';
const TIME_SCALE = 30;

let sd: SalesDriveSandbox;
let packageName: string;

beforeAll(async () => {
	sd = await startSalesDriveSandbox({ timeScale: TIME_SCALE });
	packageName = (await loadPackage()).packageName;
});

afterAll(async () => {
	await sd.close();
});

beforeEach(async () => {
	await sd.reset();
});

const credentials = () => ({
	salesDriveApi: { apiKey: sd.apiKey, baseUrl: sd.url, limitTimeScale: TIME_SCALE },
});

function triggerNode(parameters: IDataObject = {}, typeVersion = 1.1, secret: Partial<WebhookSecret> = {}): INode {
	const given = triggerSecret(typeVersion, { token: SECRET, ...secret });
	return {
		id: 'sd-trigger',
		name: 'SalesDrive Trigger',
		type: `${packageName}.salesDriveTrigger`,
		typeVersion,
		position: [0, 0],
		parameters: { ...given.parameters, ...(parameters as INodeParameters) },
		credentials: given.nodeCredentials,
	};
}

/** The trigger alone, its secret where its version keeps it (parameters in 1, a credential from 1.1). */
async function serve(
	parameters: IDataObject = {},
	typeVersion = 1.1,
	secret: Partial<WebhookSecret> = {},
): Promise<TriggerServer> {
	return await serveTrigger({
		workflow: { nodes: [triggerNode(parameters, typeVersion, secret)], connections: {} },
		trigger: 'SalesDrive Trigger',
		credentials: triggerSecret(typeVersion, { token: SECRET, ...secret }).credentials,
	});
}

describe('SalesDrive Trigger', () => {
	let server: TriggerServer | undefined;
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});

	it('refuses to publish without a secret token (in its credential from 1.1, in a parameter in 1)', async () => {
		await expect(serve({}, 1.1, { token: '' })).rejects.toThrow(
			'Choose a CRM Webhook API credential with a Secret Token before publishing this workflow',
		);
		await expect(serve({}, 1, { token: '' })).rejects.toThrow('Set a Secret Token before publishing this workflow');
	});

	it('starts one execution per real webhook, with the order, its normalised view and its event key', async () => {
		server = await serve();
		sd.webhooks.setTargets([server.url({ token: SECRET })]);

		// a new order through the real API: SalesDrive posts new_order after its reply
		const created = await fetch(`${sd.url}/handler/`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': sd.apiKey },
			body: JSON.stringify({
				getResultData: 1,
				fName: 'Тарас',
				lName: 'Шевченко',
				phone: '+380501112233',
				products: [
					{ id: '108', name: 'Кава без кофеїну Мексика 250 г', costPerItem: 340, amount: 2, sku: 'KV-DEC-250' },
				],
				shipping_method: 'novaposhta',
				novaposhta: { ttn: '20450000099999' },
			}),
		}).then(async (response) => (await response.json()) as { data: { orderId: number } });
		const orderId = created.data.orderId;
		await waitFor(() => server!.executions.length === 1);

		const [run] = await server.settled();
		expect(run.status).toBe('success');
		const [item] = run.output('SalesDrive Trigger');
		const order = sd.store.getOrder(orderId)!;
		expect(item.json).toMatchObject({
			event: 'new_order',
			account: 'demo',
			eventKey: `${orderId}|${order.updateAt}|new_order|${order.statusId}`,
			order: { id: orderId, statusId: order.statusId },
		});
		const normalized = item.json.normalized as IDataObject;
		expect(normalized).toMatchObject({
			id: orderId,
			contact: { firstName: 'Тарас', lastName: 'Шевченко', phones: [expect.stringContaining('501112233')] },
			lines: [{ sku: 'KV-DEC-250', parameter: '108', amount: 2, price: 340, discount: 0 }],
			delivery: { ttn: '20450000099999', provider: 'novaposhta' },
			characteristics: { deliveryMethod: { value: expect.anything(), label: expect.any(String) } },
		});
		await waitFor(() => sd.webhooks.deliveries.length === 1);
		expect(sd.webhooks.deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(server.calls.map((call) => call.status)).toEqual([200]);
	});

	it('gives the same delivery twice the same event key, and labels values from meta.fields', async () => {
		server = await serve();
		sd.webhooks.setTargets([server.url({ token: SECRET })]);
		const order = sd.store.orders[0];
		await sd.fireWebhook('status_change', order.id);
		await sd.fireWebhook('status_change', order.id);

		const runs = await server.settled();
		const [first, second] = runs.map((run) => run.output('SalesDrive Trigger')[0].json);
		expect(runs).toHaveLength(2);
		expect(first.eventKey).toBe(`${order.id}|${order.updateAt}|status_change|${order.statusId}`);
		expect(second.eventKey).toBe(first.eventKey);
		const normalized = first.normalized as IDataObject;
		expect(normalized).toMatchObject({
			status: { value: order.statusId, label: expect.any(String) },
			characteristics: { site: { value: order.sajt } },
			customFields: { dzherelo: { value: order.custom.dzherelo, name: 'Джерело', label: expect.any(String) } },
		});
	});

	it('answers a missing or wrong secret with 401 and starts nothing', async () => {
		server = await serve();
		const order = sd.store.orders[0];
		sd.webhooks.setTargets([server.url(), server.url({ token: 'wrong' }), server.url({ token: `${SECRET}x` })]);
		const deliveries = await sd.fireWebhook('new_order', order.id);
		expect(deliveries.map((delivery) => delivery.status)).toEqual([401, 401, 401]);
		expect(server.calls.map((call) => call.body)).toEqual(Array(3).fill({ message: 'Missing or wrong secret token' }));
		expect(server.executions).toHaveLength(0);
	});

	it.each([1, 1.1])('takes the secret from a header when told so (version %s)', async (version) => {
		server = await serve({}, version, { location: 'header', name: 'X-Webhook-Token' });
		const order = sd.store.orders[0];
		sd.webhooks.setTargets([
			{ url: server.url(), headers: { 'X-Webhook-Token': SECRET } },
			// in the query instead of the header: refused
			server.url({ 'X-Webhook-Token': SECRET }),
		]);
		const deliveries = await sd.fireWebhook('new_order', order.id);
		expect(deliveries.map((delivery) => delivery.status).sort()).toEqual([200, 401]);
		expect(server.executions).toHaveLength(1);
	});

	it.each([1, 1.1])('refuses malformed, non-object and oversized bodies (400, 413; 422 from n8n itself) and starts nothing (version %s)', async (version) => {
		server = await serve({ options: { maxBodySizeKb: 1 } }, version);
		const post = async (body: string, contentType: string) => {
			const response = await fetch(server!.url({ token: SECRET }), {
				method: 'POST',
				headers: { 'content-type': contentType },
				body,
			});
			return { status: response.status, body: (await response.json()) as IDataObject };
		};

		// n8n parses an application/json body before the node runs and answers 422 itself
		expect(await post('{"info": {', 'application/json')).toEqual({
			status: 422,
			body: expect.objectContaining({ message: 'Failed to parse request body' }),
		});
		// other content types reach the node, which reads the raw body
		expect(await post('{"info": {', 'text/plain')).toEqual({
			status: 400,
			body: { message: expect.stringContaining('The body is not valid JSON') },
		});
		// a type n8n leaves unread above version 1: the node reads it itself
		expect(await post('{"info": {', 'application/octet-stream')).toEqual({
			status: 400,
			body: { message: expect.stringContaining('The body is not valid JSON') },
		});
		expect(await post('x'.repeat(2048), 'application/octet-stream')).toEqual({
			status: 413,
			body: { message: expect.stringMatching(/over this trigger's limit of 1024 bytes/) },
		});
		expect(await post('[1, 2]', 'application/json')).toEqual({
			status: 400,
			body: { message: 'The body is an array; a JSON object was expected' },
		});
		expect(await post('{"hello": "world"}', 'application/json')).toEqual({
			status: 400,
			body: { message: 'Not a SalesDrive order webhook: info.webhookEvent and data.id were expected' },
		});
		// a real webhook (about 4 KB) over a 1 KB limit
		sd.webhooks.setTargets([server.url({ token: SECRET })]);
		const [delivery] = await sd.fireWebhook('new_order', sd.store.orders[0].id);
		expect(delivery.status).toBe(413);
		expect(server.calls.at(-1)?.body).toEqual({
			message: expect.stringMatching(/over this trigger's limit of 1024 bytes/),
		});
		expect(server.executions).toHaveLength(0);
	});

	it('starts only for the chosen events and statuses; others are answered 200 and start nothing', async () => {
		const order = sd.store.orders[0];
		const otherStatus = sd.store.directories.statuses.find((status) => status.id !== order.statusId)!.id;
		server = await serve({ events: ['status_change'], statuses: [otherStatus] });
		sd.webhooks.setTargets([server.url({ token: SECRET })]);

		await sd.fireWebhook('new_order', order.id);
		await sd.fireWebhook('status_change', order.id);
		expect(server.calls.map((call) => [call.status, call.body])).toEqual([
			[200, { message: 'Ignored: the trigger does not listen for new_order' }],
			[200, { message: `Ignored: status ${order.statusId} is not one of the chosen statuses` }],
		]);
		expect(server.executions).toHaveLength(0);

		// the order moves into the chosen status through the API: that status_change starts the workflow
		await fetch(`${sd.url}/api/order/update/`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': sd.apiKey },
			body: JSON.stringify({ id: order.id, data: { statusId: otherStatus } }),
		});
		await waitFor(() => server!.executions.length === 1);
		const [run] = await server.settled();
		expect(run.output('SalesDrive Trigger')[0].json).toMatchObject({
			event: 'status_change',
			order: { id: order.id, statusId: otherStatus },
		});
	});
});

describe('SalesDrive Poll Trigger', () => {
	const pollNode = (parameters: IDataObject = {}): INode => ({
		id: 'sd-poll',
		name: 'SalesDrive Poll Trigger',
		type: `${packageName}.salesDrivePollTrigger`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyX', unit: 'minutes', value: 5 }] }, ...parameters },
		credentials: { salesDriveApi: { id: 'salesDriveApi', name: 'salesDriveApi' } },
	});

	it('refuses a schedule that would spend more than the allowed share of the daily list budget', async () => {
		// every minute: 1440 polls a day against 50% of 1000
		const node = pollNode({ pollTimes: { item: [{ mode: 'everyMinute' }] } });
		await expect(pollTrigger({ node, credentials: credentials() })).rejects.toMatchObject({
			message:
				'This schedule polls 1440 times a day; SalesDrive allows 1000 order-list requests a day and this trigger may use 50% of them (500)',
			description: expect.stringContaining('Poll every 3 minutes or less often'),
		});
		// the same schedule is refused against a smaller budget the credential declares
		await expect(
			pollTrigger({
				node: pollNode(),
				credentials: { salesDriveApi: { ...credentials().salesDriveApi, listPerDay: 400 } },
			}),
		).rejects.toThrow('This schedule polls 288 times a day');
		expect(sd.requests.filter((request) => request.url.startsWith('/api/order/list/'))).toHaveLength(0);
	});

	it('never skips an order changed in the same second as the cursor, and emits nothing twice', async () => {
		const node = pollNode();
		const first = await pollTrigger({ node, credentials: credentials() });
		// the first poll only marks where changes start
		expect(first.items).toBeNull();
		expect(first.staticData[`node:${node.name}`]).toEqual({
			cursor: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
			handledAtCursor: [],
		});

		// from here the cursor is a second in the future, so demo orders changed "now" stay out
		const T0 = '2031-03-01 10:00:00';
		const T1 = '2031-03-01 10:00:07';
		const [a, b] = sd.store.orders;
		const state = { [`node:${node.name}`]: { cursor: T0, handledAtCursor: [] } };
		sd.store.updateOrder({ id: a.id }, { comment: 'A changed' }, wallClockToDate(T1));

		const second = await pollTrigger({ node, credentials: credentials(), staticData: state });
		expect(second.items?.map((item) => (item.json.order as IDataObject).id)).toEqual([a.id]);
		expect(second.items?.[0].json.eventKey).toBe(`${a.id}|${T1}|order_changed|${a.statusId}`);
		// labels from the list's meta.fields, as a webhook's
		expect(second.items?.[0].json.normalized).toMatchObject({
			status: { value: a.statusId, label: expect.any(String) },
		});
		expect((second.items?.[0].json.meta as IDataObject).fields).toBeDefined();
		const afterSecond = second.staticData[`node:${node.name}`] as IDataObject;
		expect(afterSecond).toEqual({ cursor: T1, handledAtCursor: [`${a.id}|${T1}`] });

		// B changes in the very second the cursor stands at
		sd.store.updateOrder({ id: b.id }, { comment: 'B changed' }, wallClockToDate(T1));
		const third = await pollTrigger({ node, credentials: credentials(), staticData: second.staticData });
		expect(third.items?.map((item) => (item.json.order as IDataObject).id)).toEqual([b.id]);

		// nothing new: nothing emitted
		const fourth = await pollTrigger({ node, credentials: credentials(), staticData: third.staticData });
		expect(fourth.items).toBeNull();

		const lists = sd.requests.filter((request) => request.url.startsWith('/api/order/list/'));
		expect(lists).toHaveLength(3);
		expect(lists.every((request) => request.status === 200)).toBe(true);
		expect(decodeURIComponent(lists[1].url)).toContain(`filter[updateAt][from]=${T1}`);
	});
});

async function waitFor(condition: () => boolean): Promise<void> {
	for (let attempt = 0; attempt < 500 && !condition(); attempt++) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	if (!condition()) throw new Error('condition not met');
}
