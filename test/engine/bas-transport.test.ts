/**
 * The BAS transport's own behaviour inside real n8n-core runs against the BAS sandbox: errors
 * answered with 200, which failures are retried, TLS with "Ignore SSL Issues", the `$metadata`
 * cache per credentials, the cap on requests in flight, Return All paging, what error messages
 * show, and which requests are never sent twice.
 */
import { createServer, type Server, type Socket } from 'node:net';

import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { literal } from '../../nodes/Bas/odata/filter';
import { conditionLiteral, functionCall, resourcePath } from '../../nodes/Bas/odata/url';
import { eq } from '../../nodes/Bas/odata/filter';
import {
	type BasConnection,
	basListAll,
	basMetadata,
	basRequest,
	basServiceDocument,
	getBasConnection,
} from '../../nodes/Bas/transport';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, runBasNode } from '../helpers/bas';
import { withNodeContext } from '../helpers/engine';

type Probe<T> = (ctx: IExecuteFunctions, connection: BasConnection) => Promise<T>;

/** An error as the probe node ended with it (message and description of the NodeApiError). */
type RunError = Error & { description?: string };

const odataError = (status: number, code: string | undefined, value: string) => ({
	status,
	body: JSON.stringify({ 'odata.error': { ...(code === undefined ? {} : { code }), message: { lang: 'ru', value } } }),
});

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('BAS transport through the n8n engine', () => {
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
	});
	afterAll(async () => bas.close());
	beforeEach(async () => {
		await bas.reset();
		bas.traffic.received = 0;
	});

	const withBas = <T>(probe: Probe<T>, extra: ICredentialDataDecryptedObject = {}) =>
		withNodeContext(basCredentials(bas, extra), async (ctx) => await probe(ctx, await getBasConnection(ctx)));
	/** runs the probe and returns what it failed with */
	const failureOf = async (probe: Probe<unknown>, extra: ICredentialDataDecryptedObject = {}) =>
		await withBas(probe, extra).then(
			() => {
				throw new Error('expected the probe to fail');
			},
			(error: RunError) => error,
		);
	const firstItem = () => String(bas.store.list('Catalog_Номенклатура').find((e) => e.IsFolder !== true)?.Ref_Key);

	describe('errors answered with status 200', () => {
		const cases: Array<[string, Probe<unknown>]> = [
			['a list', async (ctx, c) => await basListAll(ctx, c, resourcePath('Catalog_Номенклатура'))],
			[
				'a single entity',
				async (ctx, c) =>
					await basRequest(ctx, c, {
						method: 'GET',
						path: resourcePath('Catalog_Номенклатура', literal.guid(firstItem())),
					}),
			],
			['the service document', async (ctx, c) => await basServiceDocument(ctx, c)],
			[
				'a function call',
				async (ctx, c) =>
					await basRequest(ctx, c, {
						method: 'GET',
						path: resourcePath(
							'AccumulationRegister_ЗапасыНаСкладах',
							undefined,
							functionCall('Balance', {
								Condition: conditionLiteral(eq('Номенклатура_Key', literal.guid(firstItem()))),
							}),
						),
					}),
			],
		];

		it.each(cases)('become the readable 1C error for %s, after one request', async (_what, probe) => {
			bas.injectReplies(odataError(200, '14', 'Ошибка разбора параметра запроса'));
			const error = await failureOf(probe);
			expect(error.message).toBe('BAS HTTP 200: Ошибка разбора параметра запроса (1C error code 14)');
			expect(bas.traffic.received).toBe(1);
		});
	});

	describe('retries', () => {
		const list = (ctx: IExecuteFunctions, c: BasConnection) =>
			basListAll(ctx, c, resourcePath('Catalog_СтруктурныеЕдиницы'));

		it.each([
			[406, '3', 'Представление не поддерживается'],
			[500, '14', 'Ошибка разбора параметра запроса'],
			[500, '8', 'Не найден тип сущности'],
			[500, '0', 'Не поддерживается'],
			[503, '6', 'Неправильный адрес'],
			[500, '-1', 'Ошибка при выполнении обработчика'],
			[403, undefined, 'Недостаточно прав'],
		])('fail at once on HTTP %i with 1C code %s', async (status, code, value) => {
			bas.injectReplies(odataError(status, code, value));
			const error = await failureOf(list);
			expect(error.message).toContain(`BAS HTTP ${status}: ${value}`);
			expect(bas.traffic.received).toBe(1);
		});

		it('fail at once on a wrong password (401)', async () => {
			const error = await failureOf(list, { password: 'wrong' });
			expect(error.message).toMatch(/^BAS HTTP 401:/);
			expect(bas.traffic.received).toBe(1);
		});

		it.each([
			['a busy session pool (406 without a code)', odataError(406, undefined, 'Пул сеансов исчерпан')],
			['a gateway error (503)', { status: 503, body: 'Service Unavailable', contentType: 'text/plain' }],
			[
				'a 500 without a 1C code',
				{ status: 500, body: '<html>Internal Server Error</html>', contentType: 'text/html' },
			],
		])('retry %s and then succeed', async (_what, fault) => {
			bas.injectReplies(fault);
			const rows = await withBas(list);
			expect(rows).toHaveLength(bas.store.list('Catalog_СтруктурныеЕдиницы').length);
			// the failed request, the retried page, and the empty page that ends the list
			expect(bas.traffic.received).toBe(3);
		});
	});

	describe('$metadata', () => {
		it('is cached per password: a wrong password never gets what a right one loaded', async () => {
			const metadataRequests = () => bas.requests.filter((r) => r.url.includes('$metadata')).length;
			const model = await withBas(async (ctx, c) => Object.keys((await basMetadata(ctx, c)) as object).length);
			expect(model).toBeGreaterThan(0);
			await withBas(async (ctx, c) => await basMetadata(ctx, c));
			expect(metadataRequests()).toBe(1);
			const error = await failureOf(async (ctx, c) => await basMetadata(ctx, c), { password: 'wrong' });
			expect(error.message).toMatch(/^BAS HTTP 401:/);
			expect(metadataRequests()).toBe(2);
		});
	});

	describe('Return All', () => {
		const catalog = resourcePath('Catalog_Номенклатура');
		const select = ['Ref_Key', 'Description'];
		const all = () => withBas(async (ctx, c) => await basListAll(ctx, c, catalog, { select }, { pageSize: 1000 }));
		const page = (rows: IDataObject[]) => ({ status: 200, body: JSON.stringify({ value: rows }) });

		it('goes on past a page a proxy capped below $top, until an empty page', async () => {
			const expected = await all();
			bas.requests.splice(0);
			bas.injectReplies(page(expected.slice(0, 3)));
			const rows = await withBas(async (ctx, c) => await basListAll(ctx, c, catalog, { select }, { pageSize: 7 }));
			expect(rows).toEqual(expected);
			expect(bas.requests[1].url).toContain('$top=7&$skip=3');
		});

		it('drops rows that come again on a later page', async () => {
			const expected = await all();
			// three rows inserted before the cursor push the last three of page one onto page two
			bas.injectReplies(page(expected.slice(0, 7)), page(expected.slice(4, 11)));
			const rows = await withBas(async (ctx, c) => await basListAll(ctx, c, catalog, { select }, { pageSize: 7 }));
			expect(rows.map((r) => r.Ref_Key)).toEqual(
				[...expected.slice(0, 11), ...expected.slice(14)].map((r) => r.Ref_Key),
			);
		});

		it('stops with an error, not an endless loop, when the server sends the same page again', async () => {
			const expected = await all();
			bas.injectReplies(page(expected.slice(0, 7)), page(expected.slice(0, 7)));
			const error = await failureOf(async (ctx, c) => await basListAll(ctx, c, catalog, { select }, { pageSize: 7 }));
			expect(error.message).toBe(
				'BAS sent only rows it had already sent for $skip=7: it does not page with $skip here',
			);
		});

		it('ends the order in Ref_Key, or in the key fields the caller names', async () => {
			const register = 'AccumulationRegister_ЗапасыНаСкладах';
			const movements = bas.records.records(register).length;
			const [items, records] = await withBas(async (ctx, c) => [
				await basListAll(ctx, c, catalog, { orderBy: ['Description desc'] }, { pageSize: 50 }),
				await basListAll(
					ctx,
					c,
					resourcePath(`${register}_RecordType`),
					{ orderBy: ['Period'] },
					{ pageSize: 10, keyFields: ['Recorder', 'LineNumber'] },
				),
			]);
			expect(items).toHaveLength(bas.store.list('Catalog_Номенклатура').length);
			expect(movements).toBeGreaterThan(10);
			expect(records).toHaveLength(movements);
			const urls = bas.requests.map((r) => r.url);
			expect(urls[0]).toContain('$orderby=Description desc,Ref_Key&');
			expect(urls[urls.length - 1]).toContain('$orderby=Period,Recorder,LineNumber&');
		});
	});

	describe('error messages', () => {
		it('never show a user and password typed into the publication URL', async () => {
			const url = bas.publicationUrl.replace('://', '://someone:s3cret@');
			bas.injectReplies(odataError(404, '9', 'Объект не найден'));
			const error = await failureOf(async (ctx, c) => await basListAll(ctx, c, resourcePath('Catalog_Номенклатура')), {
				url,
			});
			expect(error.description).toContain(
				`Request: GET ${bas.publicationUrl}/odata/standard.odata/Catalog_Номенклатура?`,
			);
			expect(`${error.message} ${error.description}`).not.toMatch(/someone|s3cret/);
		});
	});

	describe('a POST is never repeated once it may have arrived', () => {
		const create = (timeoutMs?: number) => async (ctx: IExecuteFunctions, c: BasConnection) =>
			await basRequest(ctx, c, {
				method: 'POST',
				path: resourcePath('Catalog_Контрагенты'),
				body: { Description: 'Один раз' },
				timeoutMs,
			});

		it('after a 5xx', async () => {
			bas.injectReplies({ status: 503, body: 'Service Unavailable', contentType: 'text/plain' });
			const error = await failureOf(create());
			expect(error.message).toMatch(/^BAS HTTP 503:/);
			expect(bas.traffic.received).toBe(1);
		});

		it('after a timeout', async () => {
			bas.faults.set({ timeoutRate: 1 });
			const error = await failureOf(create(500));
			expect(error.message).toMatch(/^BAS no reply:/);
			expect(error.description).toContain('Network error ECONNABORTED (timeout of 500ms exceeded)');
			expect(bas.traffic.received).toBe(1);
		});

		describe('against a server that resets every connection', () => {
			let server: Server;
			let connections = 0;
			beforeAll(async () => {
				server = createServer((socket: Socket) => {
					connections++;
					socket.once('data', () => socket.resetAndDestroy());
				});
				await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			});
			afterAll(async () => await new Promise((resolve) => server.close(resolve)));

			it('after a connection reset', async () => {
				const { port } = server.address() as { port: number };
				const error = await failureOf(create(), { url: `http://127.0.0.1:${port}/demo` });
				expect(error.message).toMatch(/^BAS no reply:/);
				expect(error.description).toContain('Network error ECONNRESET');
				expect(connections).toBe(1);
			});
		});

		it('but is repeated when the connection was refused (it never arrived)', async () => {
			const port = await closedPort();
			const error = await failureOf(create(), { url: `http://127.0.0.1:${port}/demo` });
			// the first attempt and all four retries
			expect(error.message).toMatch(/^BAS no reply after 5 attempts:/);
			expect(error.description).toContain('Network error ECONNREFUSED');
		});
	});
});

describe('BAS over HTTPS with a self-signed certificate', () => {
	let bas: BasSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', https: true, demo: { items: 5, customers: 2 } });
	});
	afterAll(async () => bas.close());

	const withBas = <T>(ignoreSslIssues: boolean, probe: Probe<T>) =>
		withNodeContext(
			basCredentials(bas, { ignoreSslIssues }),
			async (ctx) => await probe(ctx, await getBasConnection(ctx)),
		);
	const list = async (ctx: IExecuteFunctions, c: BasConnection) =>
		await basListAll(ctx, c, resourcePath('Catalog_Контрагенты'));
	const metadata = async (ctx: IExecuteFunctions, c: BasConnection) =>
		Object.keys((await basMetadata(ctx, c)) as object).length;
	const create = async (ctx: IExecuteFunctions, c: BasConnection) =>
		(await basRequest(ctx, c, {
			method: 'POST',
			path: resourcePath('Catalog_Контрагенты'),
			body: { Description: 'Через TLS' },
		})) as IDataObject;

	it.each([
		['a list', list],
		['$metadata', metadata],
		['a write', create],
	])('refuses the certificate for %s unless told to ignore SSL issues', async (_what, probe: Probe<unknown>) => {
		const error = await withBas(false, probe).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/self[- ]signed certificate/);
	});

	it('reads, loads $metadata and writes with "Ignore SSL Issues"', async () => {
		const result = await withBas(true, async (ctx, c) => ({
			rows: await list(ctx, c),
			metadata: await metadata(ctx, c),
			created: await create(ctx, c),
		}));
		expect(result.rows.length).toBeGreaterThan(0);
		expect(result.metadata).toBeGreaterThan(0);
		expect(result.created).toMatchObject({ Description: 'Через TLS' });
		expect(bas.store.list('Catalog_Контрагенты').some((e) => e.Description === 'Через TLS')).toBe(true);
	});
});

describe('requests in flight per publication, across executions', () => {
	let bas: BasSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 5, customers: 2 } });
	});
	afterAll(async () => bas.close());

	/** 20 executions of one BAS Catalog node listing the publication's objects (the compiled node, as n8n loads it) */
	const runAtOnce = (count: number, extra: ICredentialDataDecryptedObject = {}) =>
		Promise.all(
			Array.from({ length: count }, () =>
				runBasNode({
					type: 'basCatalog',
					parameters: { resource: 'publication', operation: 'listObjects' },
					credentials: basCredentials(bas, extra),
				}),
			),
		);

	it.each([
		['the default of 4', {}, 4],
		['a setting of 2', { maxConcurrentRequests: 2 }, 2],
	])('20 executions at once never have more than %s requests in flight', async (_what, extra, cap) => {
		bas.faults.set({ latencyMs: 100 });
		bas.traffic.received = 0;
		bas.traffic.maxInFlight = 0;
		const runs = await runAtOnce(20, extra);
		expect(runs.map((run) => run.status)).toEqual(Array(20).fill('success'));
		expect(runs.every((run) => run.output().length > 0)).toBe(true);
		expect(bas.traffic.received).toBe(20);
		expect(bas.traffic.maxInFlight).toBeLessThanOrEqual(cap);
		expect(bas.traffic.inFlight).toBe(0);
	});
});
