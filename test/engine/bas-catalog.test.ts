import type { INode } from 'n8n-workflow';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, type BasCredentials, runBasNode } from '../helpers/bas';

describe('BAS Catalog node through the n8n engine', () => {
	let bas: BasSandbox;

	/** Manual Trigger → Items → BAS Catalog with these parameters */
	const runCatalog = (
		parameters: INode['parameters'],
		options: { onError?: INode['onError']; credentials?: BasCredentials } = {},
	) =>
		runBasNode({ type: 'basCatalog', parameters, ...options, credentials: options.credentials ?? basCredentials(bas) });
	const LIST = { resource: 'publication', operation: 'listObjects' };

	beforeAll(async () => {
		bas = await startBasSandbox();
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('lists the published objects, authenticating a Cyrillic user as UTF-8 Basic', async () => {
		const result = await runCatalog(LIST);
		expect(result.status).toBe('success');
		const items = result.json();
		expect(items).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Catalog_Контрагенты', kind: 'Catalog', objectName: 'Контрагенты' }),
				expect.objectContaining({ name: 'Document_ЗаказПокупателя', kind: 'Document' }),
				expect.objectContaining({ name: 'AccumulationRegister_ЗапасыНаСкладах', kind: 'AccumulationRegister' }),
			]),
		);
		// tabular sections come with the objects that own them, not as objects of their own
		expect(items.some((item) => item.name === 'Document_ЗаказПокупателя_Запасы')).toBe(false);
		expect(items.filter((item) => item.kind === 'TabularSection')).toEqual([]);
		expect(bas.requests).toHaveLength(1);
		expect(bas.requests[0]).toMatchObject({ method: 'GET', principal: 'Адміністратор', status: 200 });
		expect(bas.requests[0].url).toContain('/odata/standard.odata?$format=json');
	});

	it('filters objects by kind', async () => {
		const result = await runCatalog({ resource: 'publication', operation: 'listObjects', kinds: ['Document'] });
		const kinds = new Set(result.output().map((item) => item.json.kind));
		expect([...kinds]).toEqual(['Document']);
	});

	it('lists the sets of tabular sections as their own kind, with their owner', async () => {
		const result = await runCatalog({ resource: 'publication', operation: 'listObjects', kinds: ['TabularSection'] });
		const items = result.json();
		expect(items).toContainEqual(
			expect.objectContaining({
				name: 'Document_ЗаказПокупателя_Запасы',
				kind: 'TabularSection',
				objectName: 'Запасы',
				owner: 'Document_ЗаказПокупателя',
			}),
		);
		expect(
			items.every((item) => item.kind === 'TabularSection' && item.name === `${item.owner}_${item.objectName}`),
		).toBe(true);
		const documents = await runCatalog({ resource: 'publication', operation: 'listObjects', kinds: ['Document'] });
		expect(documents.output().map((item) => item.json.name)).not.toContain('Document_ЗаказПокупателя_Запасы');
	});

	it('describes an object from $metadata: references, composites, tabular sections, bound functions', async () => {
		const result = await runCatalog({
			resource: 'publication',
			operation: 'describeObject',
			entitySet: 'Document_ЗаказПокупателя',
		});
		expect(result.status).toBe('success');
		const [item] = result.output();
		const properties = item.json.properties as Array<{
			name: string;
			kind: string;
			target?: string;
			columns?: Array<{ name: string; kind: string }>;
		}>;
		expect(properties).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Контрагент_Key', kind: 'reference', target: 'Catalog_Контрагенты' }),
				expect.objectContaining({ name: 'СостояниеЗаказа', kind: 'composite' }),
			]),
		);
		const lines = properties.find((p) => p.name === 'Запасы');
		expect(lines?.kind).toBe('tabularSection');
		expect(lines?.columns).toEqual(
			expect.arrayContaining([expect.objectContaining({ name: 'Номенклатура', kind: 'composite' })]),
		);
		expect((item.json.functions as Array<{ name: string }>).map((f) => f.name)).toEqual(
			expect.arrayContaining(['Post', 'Unpost']),
		);
		expect(bas.requests.map((r) => r.url)).toEqual([expect.stringContaining('/$metadata')]);
	});

	it('sends a failing item to the error output with the reason, and the rest of the run goes on', async () => {
		const result = await runCatalog(
			{ resource: 'publication', operation: 'describeObject', entitySet: 'Catalog_НетТакого' },
			{ onError: 'continueErrorOutput' },
		);
		expect(result.output(0)).toHaveLength(0);
		const [failed] = result.output(1);
		expect(String(failed.json.error)).toContain('Catalog_НетТакого');
	});

	it('knows no object named like a member of a plain JS object', async () => {
		const result = await runCatalog(
			{ resource: 'publication', operation: 'describeObject', entitySet: 'constructor' },
			{ onError: 'continueErrorOutput' },
		);
		expect(result.output(0)).toHaveLength(0);
		expect(String(result.output(1)[0].json.error)).toBe('The publication has no object "constructor"');
	});

	it('names the status, the 1C message and the request when the user is refused', async () => {
		const result = await runCatalog(LIST, {
			credentials: basCredentials(bas, { user: 'Адміністратор', password: 'wrong' }),
		});
		expect(result.status).toBe('error');
		const error = result.error();
		expect(error?.message).toMatch(/^Item 0: BAS HTTP 401: /);
		expect(error?.description).toContain('GET http://127.0.0.1');
		expect(bas.requests).toHaveLength(1); // a refusal is not retried
	});

	it('retries 503 and 406 (busy session pool) replies, honouring Retry-After', async () => {
		bas.injectReplies(
			{ status: 503, headers: { 'Retry-After': '0' }, body: '' },
			{
				status: 406,
				headers: { 'Retry-After': '0' },
				// the pool is the web server's: its refusal carries no 1C code (a 1C code would be final)
				body: '{"odata.error":{"message":{"lang":"ru","value":"pool"}}}',
			},
		);
		const result = await runCatalog(LIST);
		expect(result.status).toBe('success');
		expect(bas.requests.map((r) => r.status)).toEqual([503, 406, 200]);
	});

	it('gives up after the retries with an error naming the status, the attempts and the request', async () => {
		const busy = {
			status: 503,
			headers: { 'Retry-After': '0' },
			body: '{"odata.error":{"message":{"lang":"ru","value":"Сервер перегружен"}}}',
		};
		bas.injectReplies(busy, busy, busy, busy, busy);
		const result = await runCatalog(LIST);
		expect(result.status).toBe('error');
		const error = result.error();
		expect(error?.message).toBe('Item 0: BAS HTTP 503 after 5 attempts: Сервер перегружен');
		expect(error?.description).toContain('Request: GET http://127.0.0.1');
		expect(bas.requests).toHaveLength(5);
	});

	it('treats an HTML page answered with 200 (a web server login page) as an error, not data', async () => {
		bas.injectReplies({ status: 200, contentType: 'text/html', body: '<html><body>Вход</body></html>' });
		const result = await runCatalog(LIST);
		expect(result.status).toBe('error');
		expect(result.error()?.message).toContain('expected JSON');
	});
});
