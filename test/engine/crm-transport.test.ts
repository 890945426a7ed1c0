/**
 * The SalesDrive and KeyCRM transports' Return All, error reading and cancellation inside real
 * n8n node contexts against the sandboxes: pages asked for by their number, duplicates dropped,
 * malformed and validation replies reported without retries, the SalesDrive credential test
 * run as n8n runs it, the Max Total Wait cap, and a cancelled execution sending nothing more.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import {
	getKeyCrmConnection,
	type KeyCrmConnection,
	keyCrmListPages,
	keyCrmRequest,
} from '../../nodes/KeyCrm/transport';
import { partialItemsOf } from '../../nodes/common/pagination';
import {
	getSalesDriveConnection,
	type SalesDriveConnection,
	salesDriveListAll,
	salesDriveListPages,
	salesDriveRequest,
} from '../../nodes/SalesDrive/transport';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { loadPackage, withNodeContext } from '../helpers/engine';

/** 10 list calls per 2 s on the sandbox; the credentials below set their own client limits */
const TIME_SCALE = 30;

interface StoppedList {
	message: string;
	description?: string;
	context?: IDataObject;
}

/** What a node sees when a call fails: the error's message, description and context. */
function caught(error: unknown): StoppedList {
	const e = error as StoppedList;
	return { message: e.message, description: e.description, context: e.context };
}

const listPage = (page: number, pageCount: number, ids: number[]) => ({
	status: 200,
	body: JSON.stringify({
		status: 'success',
		data: ids.map((id) => ({ id, updateAt: `2026-03-0${page} 10:00:00` })),
		pagination: { currentPage: page, pageCount, perPage: ids.length },
	}),
});

/** lodash's `get` for dotted keys, as n8n reads a rule's key */
const valueAt = (data: unknown, key: string) =>
	key.split('.').reduce<unknown>((value, part) => (value as IDataObject | undefined)?.[part], data);

/**
 * The node context with a count of the replies its HTTP helper has handed back: once a reply is
 * counted the transport has acted on it (it runs on before the next timer), so a test can cancel
 * at a known point instead of racing a reply in flight.
 */
function countingReplies(ctx: IExecuteFunctions) {
	const counter = { replies: 0 };
	const send = ctx.helpers.httpRequestWithAuthentication;
	const helpers = Object.create(ctx.helpers, {
		httpRequestWithAuthentication: {
			value: async (...args: Parameters<typeof send>) => {
				const reply: unknown = await send.apply(ctx, args);
				counter.replies++;
				return reply;
			},
		},
	}) as IExecuteFunctions['helpers'];
	return { ctx: Object.create(ctx, { helpers: { value: helpers } }) as IExecuteFunctions, counter };
}

async function waitUntil(check: () => boolean): Promise<void> {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

type Probe<C> = (ctx: IExecuteFunctions, connection: C) => Promise<void>;
type Runner<C> = (
	probe: Probe<C>,
	extra: ICredentialDataDecryptedObject,
	cancelSignal: AbortSignal,
) => Promise<unknown>;

/**
 * Runs `send` in an execution, cancels the execution once `replies` replies came back, and
 * returns the message `send` failed with — after giving a stray request every chance to arrive.
 */
async function cancelAfterReplies<C>(
	replies: number,
	run: Runner<C>,
	send: (ctx: IExecuteFunctions, connection: C) => Promise<unknown>,
	extra: ICredentialDataDecryptedObject = {},
): Promise<string | undefined> {
	const cancel = new AbortController();
	let failure: string | undefined;
	let counter = { replies: 0 };
	const running = run(
		async (nodeCtx, connection) => {
			const watched = countingReplies(nodeCtx);
			counter = watched.counter;
			try {
				await send(watched.ctx, connection);
			} catch (error) {
				failure = (error as Error).message;
			}
		},
		extra,
		cancel.signal,
	);
	await waitUntil(() => counter.replies === replies);
	cancel.abort();
	await running;
	await new Promise((resolve) => setTimeout(resolve, 300));
	return failure;
}

describe('SalesDrive transport in an n8n node context', () => {
	let sd: SalesDriveSandbox;

	const credentials = (extra: ICredentialDataDecryptedObject = {}) => ({
		salesDriveApi: { apiKey: sd.apiKey, baseUrl: sd.url, limitTimeScale: TIME_SCALE, ...extra },
	});

	function run<T>(
		probe: (ctx: IExecuteFunctions, connection: SalesDriveConnection) => Promise<T>,
		extra?: ICredentialDataDecryptedObject,
		cancelSignal?: AbortSignal,
	): Promise<T> {
		return withNodeContext(credentials(extra), async (ctx) => await probe(ctx, await getSalesDriveConnection(ctx)), {
			cancelSignal,
		});
	}

	const listRequests = () => sd.requests.filter((request) => request.url.startsWith('/api/order/list/'));
	const pageOf = (url: string) => Number(new URLSearchParams(url.split('?')[1]).get('page'));

	beforeAll(async () => {
		sd = await startSalesDriveSandbox({ timeScale: TIME_SCALE });
	});
	afterAll(async () => sd.close());
	beforeEach(() => {
		sd.requests.splice(0);
		sd.faults.reset();
	});

	it('asks for the page after the one it asked for, whatever page number the reply echoes, and drops rows seen twice', async () => {
		sd.faults.inject(
			listPage(1, 3, [30, 29]),
			// a wrong echo of the page number, and a row that moved down while the list was read
			listPage(1, 3, [29, 28]),
			listPage(3, 3, [27]),
		);
		const rows = await run((ctx, c) => salesDriveListAll(ctx, c, '/api/order/list/', {}, { pageSize: 2 }));
		expect(rows.map((row) => row.id)).toEqual([30, 29, 28, 27]);
		expect(listRequests().map((request) => pageOf(request.url))).toEqual([1, 2, 3]);
	});

	it('refuses a list reply without its pagination block, naming the request and keeping the rows read', async () => {
		sd.faults.inject(listPage(1, 3, [30, 29]), {
			status: 200,
			body: JSON.stringify({ status: 'success', data: [{ id: 28 }] }),
		});
		const outcome = await run(async (ctx, c) => {
			try {
				await salesDriveListAll(ctx, c, '/api/order/list/', {}, { pageSize: 2 });
				return undefined;
			} catch (error) {
				return { ...caught(error), partial: partialItemsOf(error)?.map((row) => row.id as number) };
			}
		});
		expect(outcome?.message).toBe('SalesDrive answered a list request without its `pagination` block');
		expect(outcome?.description).toContain(`Request: GET ${sd.url}/api/order/list/?page=2&limit=2`);
		expect(outcome?.description).toContain('Read 1 page (2 rows) before stopping; a next run can continue from page 2');
		expect(outcome?.partial).toEqual([30, 29]);
		expect(listRequests()).toHaveLength(2);
	});

	it('reports a 400 about the limit parameter once, as a validation error, without retrying', async () => {
		sd.faults.inject({ status: 400, body: JSON.stringify({ status: 'error', message: 'limit must be ≤ 100' }) });
		await expect(
			run((ctx, c) =>
				salesDriveRequest(ctx, c, { method: 'GET', path: '/api/order/list/', qs: { limit: 500 }, paced: true }),
			),
		).rejects.toMatchObject({ message: 'SalesDrive HTTP 400: limit must be ≤ 100' });
		expect(sd.requests.map((request) => request.status)).toEqual([400]);
	});

	it('takes a null body and `error: false` as success', async () => {
		sd.faults.inject(
			{ status: 200, body: 'null' },
			{ status: 200, body: JSON.stringify({ success: true, error: false }) },
		);
		const replies = await run(async (ctx, c) => [
			await salesDriveRequest(ctx, c, { method: 'POST', path: '/api/order/update/', body: { id: 1, data: {} } }),
			await salesDriveRequest(ctx, c, { method: 'POST', path: '/api/order/update/', body: { id: 1, data: {} } }),
		]);
		expect(replies).toEqual([{}, { success: true, error: false }]);
	});

	it('fails the credential test on a 200 with success: false, as n8n runs it', async () => {
		const { credentialTypes } = await loadPackage();
		const test = credentialTypes.salesDriveApi.test!;
		/**
		 * n8n's CredentialsTester (packages/cli): a temporary node whose one property routes the test
		 * request, run by a RoutingNode in its own execute context; then the rules on the reply body.
		 */
		const testCredential = () =>
			run(async (ctx) => {
				const nodeType: INodeType = {
					description: {
						displayName: 'Temp',
						name: 'temp',
						group: ['transform'],
						version: 1,
						description: '',
						defaults: {},
						inputs: [],
						outputs: [],
						credentials: [{ name: 'salesDriveApi', required: true }],
						properties: [
							{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' },
						],
					},
				};
				const node: INode = {
					id: 'temp',
					name: 'Temp-Node',
					type: 'temp',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
					credentials: { salesDriveApi: { id: 'salesDriveApi', name: 'salesDriveApi' } },
				};
				const nodeTypes: INodeTypes = {
					getByName: () => nodeType,
					getByNameAndVersion: () => nodeType,
					getKnownTypes: () => ({}),
				};
				const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
				const { additionalData } = ctx as unknown as { additionalData: IWorkflowExecuteAdditionalData };
				const context = new ExecuteContext(
					workflow,
					node,
					additionalData,
					'internal',
					createRunExecutionData({}),
					0,
					[],
					{ main: [[{ json: {} }]] },
					{ node, data: {}, source: null },
					[],
				);
				const data = await ctx.getCredentials('salesDriveApi');
				const routing = new RoutingNode(context, nodeType, {
					id: 'salesDriveApi',
					name: 'salesDriveApi',
					type: 'salesDriveApi',
					data,
				});
				const response = await routing.runNode();
				for (const rule of test.rules ?? []) {
					if (rule.type !== 'responseSuccessBody') continue;
					if (valueAt(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
						return { status: 'Error', message: rule.properties.message };
					}
				}
				return { status: 'OK' };
			});

		expect(await testCredential()).toEqual({ status: 'OK' });
		expect(sd.requests.map((request) => [request.url, request.status])).toEqual([['/api/statuses/', 200]]);

		sd.faults.inject({ status: 200, body: JSON.stringify({ success: false, message: 'api key is invalid' }) });
		expect(await testCredential()).toEqual({ status: 'Error', message: expect.stringContaining('did not accept') });
		sd.faults.inject({ status: 200, body: JSON.stringify({ status: 'error', message: 'Access denied' }) });
		expect(await testCredential()).toEqual({ status: 'Error', message: expect.stringContaining('did not accept') });
	});

	it('stops Return All at the Max Total Wait with the limit, the rows read (yielded as they came) and where to continue', async () => {
		// a client limit of 2 per minute (not scaled): the third page would wait about a minute
		const outcome = await run(
			async (ctx, c) => {
				const pages: number[][] = [];
				try {
					for await (const rows of salesDriveListPages(
						ctx,
						c,
						'/api/order/list/',
						{},
						{ pageSize: 1, maxWaitMs: 1000 },
					)) {
						pages.push(rows.map((row) => row.id as number));
					}
					return { pages };
				} catch (error) {
					return { pages, ...caught(error) };
				}
			},
			{ listPerMinute: 2, limitTimeScale: 1 },
		);
		expect(outcome.pages).toHaveLength(2);
		expect(outcome).toMatchObject({
			message: expect.stringMatching(/^SalesDrive Return All stopped: .*2 per minute.*Max Total Wait of 1 s$/),
			description: expect.stringMatching(
				/^Read 2 pages \(2 rows\) before stopping; a next run can continue from page 3/,
			),
			context: { returnAll: { pagesRead: 2, rowsRead: 2, nextPage: 3 } },
		});
		expect(listRequests().map((request) => pageOf(request.url))).toEqual([1, 2]);
	});

	it('ends a wait for a rate-limit slot when the execution is cancelled, and sends nothing after', async () => {
		const failure = await cancelAfterReplies<SalesDriveConnection>(
			3,
			run,
			async (ctx, c) => await salesDriveListAll(ctx, c, '/api/order/list/', {}, { pageSize: 1 }),
			// 3 per minute (not scaled): the fourth page waits about a minute for its slot
			{ listPerMinute: 3, limitTimeScale: 1 },
		);
		expect(failure).toBe('The execution was cancelled');
		expect(listRequests().map((request) => pageOf(request.url))).toEqual([1, 2, 3]);
	}, 30_000);

	it('ends a retry pause (Retry-After) when the execution is cancelled, and sends nothing after', async () => {
		sd.faults.inject({
			status: 429,
			headers: { 'Retry-After': '100' },
			body: JSON.stringify({ message: 'Too many requests' }),
		});
		const failure = await cancelAfterReplies<SalesDriveConnection>(
			1,
			run,
			async (ctx, c) => await salesDriveRequest(ctx, c, { method: 'GET', path: '/api/statuses/' }),
		);
		expect(failure).toBe('The execution was cancelled');
		expect(sd.requests.map((request) => request.status)).toEqual([429]);
	}, 30_000);
});

describe('KeyCRM transport in an n8n node context', () => {
	let kc: KeyCrmSandbox;

	function run<T>(
		probe: (ctx: IExecuteFunctions, connection: KeyCrmConnection) => Promise<T>,
		extra: ICredentialDataDecryptedObject = {},
		cancelSignal?: AbortSignal,
	): Promise<T> {
		return withNodeContext(
			{ keyCrmApi: { apiKey: kc.apiKey, baseUrl: kc.baseUrl, limitTimeScale: TIME_SCALE, ...extra } },
			async (ctx) => await probe(ctx, await getKeyCrmConnection(ctx)),
			{ cancelSignal },
		);
	}

	const orderRequests = () =>
		kc.requests.filter((request) => request.url.startsWith('/v1/order?') || request.url.startsWith('/order?'));
	const pageOf = (url: string) => Number(new URLSearchParams(url.split('?')[1]).get('page'));

	beforeAll(async () => {
		kc = await startKeyCrmSandbox({ timeScale: TIME_SCALE });
		kc.addOrders(Math.max(0, 70 - kc.store.orders.size));
	});
	afterAll(async () => kc.close());
	beforeEach(() => {
		kc.requests.splice(0);
		kc.faults.reset();
	});

	it('stops Return All at the Max Total Wait naming 60 per minute, with the rows read', async () => {
		const outcome = await run(
			async (ctx, c) => {
				const pages: number[][] = [];
				try {
					for await (const rows of keyCrmListPages(
						ctx,
						c,
						'/order',
						{ sort: 'id' },
						{ pageSize: 1, maxWaitMs: 1000 },
					)) {
						pages.push(rows.map((row) => row.id as number));
					}
					return { pages };
				} catch (error) {
					return { pages, ...caught(error) };
				}
			},
			// the documented 60 per minute, not scaled: page 61 would wait about a minute
			{ limitTimeScale: 1 },
		);
		expect(outcome.pages).toHaveLength(60);
		expect(outcome).toMatchObject({
			message: expect.stringMatching(/^KeyCRM Return All stopped: .*60 per minute.*Max Total Wait of 1 s$/),
			description: expect.stringMatching(
				/^Read 60 pages \(60 rows\) before stopping; a next run can continue from page 61/,
			),
		});
		expect(orderRequests().map((request) => pageOf(request.url))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
	});

	it('ends the pause after a 429 when the execution is cancelled, and sends nothing after', async () => {
		kc.faults.inject({
			status: 429,
			headers: { 'Retry-After': '100' },
			body: JSON.stringify({ message: 'Too Many Attempts.' }),
		});
		const failure = await cancelAfterReplies<KeyCrmConnection>(
			1,
			run,
			async (ctx, c) => await keyCrmRequest(ctx, c, { method: 'GET', path: '/order/status' }),
		);
		expect(failure).toBe('The execution was cancelled');
		expect(kc.requests.map((request) => request.status)).toEqual([429]);
	}, 30_000);
});

describe('a write whose reply was lost', () => {
	it('is not sent again, and the error says to check the CRM before sending it once more', async () => {
		// a server that reads each request and then breaks the connection without answering
		const { createServer } = await import('node:http');
		const received: string[] = [];
		const server = createServer((request, response) => {
			received.push(`${request.method} ${request.url}`);
			request.resume();
			request.on('end', () => response.socket?.destroy());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as { port: number };
		try {
			const credentials = { salesDriveApi: { apiKey: 'k', baseUrl: `http://127.0.0.1:${port}` } };
			const outcome = await withNodeContext(credentials, async (ctx) => {
				const connection = await getSalesDriveConnection(ctx);
				const write = await salesDriveRequest(ctx, connection, {
					method: 'POST',
					path: '/handler/',
					body: { form: 'x' },
					itemIndex: 0,
				}).catch(caught);
				return { write };
			});
			expect(outcome.write.message).toMatch(/^Item 0: SalesDrive no reply: /);
			expect(outcome.write.description).toContain(
				'SalesDrive may have carried out this POST before the connection broke, so it was not sent again: check SalesDrive for it before sending it once more.',
			);
			expect(received).toEqual(['POST /handler/']);
		} finally {
			server.close();
		}
	}, 60_000);
});
