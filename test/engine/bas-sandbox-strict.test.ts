/**
 * The BAS sandbox is as strict as a real 1C publication: Atom XML unless JSON is asked for,
 * Edm.Int64 values as JSON strings, owner keys and navigation links, navigation GETs, 1C's error
 * codes, and the documented quoting of a virtual table's Condition (switchable at run time).
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { and, eq, literal, or } from '../../nodes/Bas/odata/filter';
import { type ConditionQuoting, conditionLiteral, functionCall, resourcePath } from '../../nodes/Bas/odata/url';
import { type BasConnection, basRequest, getBasConnection } from '../../nodes/Bas/transport';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials } from '../helpers/bas';
import { withNodeContext } from '../helpers/engine';

type Entity = IDataObject & { Ref_Key: string };

describe('BAS sandbox answers like a real publication', () => {
	let bas: BasSandbox;
	const odata = () => `${bas.publicationUrl}/odata/standard.odata`;
	const auth = () => `Basic ${Buffer.from(`${bas.users[0].name}:${bas.users[0].password}`).toString('base64')}`;
	/** a plain HTTP call, as a client that does not know 1C's defaults would make it */
	const call = async (
		path: string,
		init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
	) => {
		const response = await fetch(`${odata()}${path}`, {
			method: init.method ?? 'GET',
			headers: {
				authorization: auth(),
				...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
				...init.headers,
			},
			body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
		});
		return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
	};
	const json = async (path: string, init?: Parameters<typeof call>[1]) => {
		const reply = await call(path, init);
		return { ...reply, body: JSON.parse(reply.text) as IDataObject };
	};
	const withBas = <T>(
		probe: (ctx: IExecuteFunctions, connection: BasConnection) => Promise<T>,
		extra: ICredentialDataDecryptedObject = {},
	) => withNodeContext(basCredentials(bas, extra), async (ctx) => await probe(ctx, await getBasConnection(ctx)));
	const items = () => bas.store.list('Catalog_Номенклатура').filter((e) => e.IsFolder !== true);
	const codeOf = (body: IDataObject) => (body['odata.error'] as { code: string }).code;

	/** an order with two lines, written straight into the store */
	let order: Entity;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 12, customers: 3 } });
		const line = (item: Record<string, unknown>) => ({
			Номенклатура: item.Ref_Key,
			Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура',
			Количество: 1.5,
			Цена: 10,
		});
		order = bas.store.create('Document_ЗаказПокупателя', {
			Организация_Key: bas.store.list('Catalog_Организации')[0].Ref_Key,
			Контрагент_Key: bas.store.list('Catalog_Контрагенты')[0].Ref_Key,
			Запасы: [line(items()[0]), line(items()[1])],
		}) as Entity;
	});
	afterAll(async () => bas.close());
	afterEach(() => {
		bas.settings.conditionQuoting = 'asIs';
	});

	describe('representation: Atom XML unless JSON is asked for', () => {
		it('answers a collection as an Atom feed, one entry per object', async () => {
			const reply = await call('/Catalog_Номенклатура?$top=5');
			expect(reply.status).toBe(200);
			expect(reply.type).toContain('application/atom+xml');
			expect(reply.text).toMatch(/^<\?xml[^>]*\?><feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
			expect(reply.text.match(/<entry>/g)).toHaveLength(5);
			expect(reply.text).toContain('<category term="StandardODATA.Catalog_Номенклатура"');
			expect(reply.text).toContain('<d:Description>');
			expect(reply.text).toMatch(/<d:Ref_Key m:type="Edm.Guid">[0-9a-f-]{36}<\/d:Ref_Key>/);
		});

		it('answers one entity as an Atom entry, with navigation links and typed tabular-section rows', async () => {
			const reply = await call(`/Document_ЗаказПокупателя(guid'${String(order.Ref_Key)}')`);
			expect(reply.status).toBe(200);
			expect(reply.type).toContain('type=entry');
			expect(reply.text).toMatch(/^<\?xml[^>]*\?><entry /);
			expect(reply.text).toContain(
				`<link rel="http://schemas.microsoft.com/ado/2007/08/dataservices/related/Контрагент" type="application/atom+xml;type=entry" title="Контрагент" href="Document_ЗаказПокупателя(guid'${String(order.Ref_Key)}')/Контрагент"/>`,
			);
			expect(reply.text).toContain(
				'<d:Запасы m:type="Collection(StandardODATA.Document_ЗаказПокупателя_Запасы_RowType)">',
			);
			expect(reply.text).toContain('<d:LineNumber m:type="Edm.Int64">1</d:LineNumber>');
		});

		it('answers the service document as AtomPub service XML', async () => {
			const reply = await call('');
			expect(reply.type).toContain('application/atomsvc+xml');
			expect(reply.text).toContain('<service xmlns="http://www.w3.org/2007/app"');
			expect(reply.text).toContain(
				'<collection href="Catalog_Контрагенты"><atom:title>Catalog_Контрагенты</atom:title></collection>',
			);
		});

		it('answers errors as <m:error> XML', async () => {
			const reply = await call(`/Catalog_Номенклатура(guid'00000000-0000-0000-0000-00000000abcd')`);
			expect(reply.status).toBe(404);
			expect(reply.type).toContain('application/xml');
			expect(reply.text).toMatch(
				/<m:error xmlns:m="[^"]+"><m:code>9<\/m:code><m:message xml:lang="ru">[^<]+<\/m:message><\/m:error>$/,
			);
		});

		it('answers POST and PATCH with Atom entries, and virtual tables with an element collection', async () => {
			const created = await call('/Catalog_Контрагенты', { method: 'POST', body: { Description: 'Атом' } });
			expect(created.status).toBe(201);
			expect(created.text).toMatch(/<entry [^>]*>.*<d:Description>Атом<\/d:Description>/);
			const key = /<d:Ref_Key m:type="Edm.Guid">([^<]+)</.exec(created.text)?.[1];
			const patched = await call(`/Catalog_Контрагенты(guid'${key}')`, {
				method: 'PATCH',
				body: { Description: 'Атом 2' },
			});
			expect(patched.status).toBe(200);
			expect(patched.text).toContain('<d:Description>Атом 2</d:Description>');
			const balance = await call('/AccumulationRegister_ЗапасыНаСкладах/Balance()');
			expect(balance.text).toMatch(
				/<d:Balance [^>]*m:type="Collection\(StandardODATA\.AccumulationRegister_ЗапасыНаСкладах_Balance\)"><d:element>/,
			);
			expect(balance.text).toMatch(/<d:КоличествоBalance m:type="Edm.Double">\d+(\.\d+)?<\/d:КоличествоBalance>/);
		});

		it('answers JSON for $format=json or an Accept header with any odata= variant; $metadata stays EDMX', async () => {
			const byFormat = await json('/Catalog_Номенклатура?$format=json&$top=1');
			expect(byFormat.body['odata.metadata']).toBe(`${odata()}/$metadata#Catalog_Номенклатура`);
			const byAccept = await json('/Catalog_Номенклатура?$top=1', { headers: { accept: 'application/json' } });
			expect(byAccept.body).toEqual(byFormat.body);
			const none = await json('/Catalog_Номенклатура?$top=1', {
				headers: { accept: 'application/json;odata=nometadata' },
			});
			expect(none.body).not.toHaveProperty('odata.metadata');
			expect(Object.keys((none.body.value as IDataObject[])[0]).some((k) => k.includes('@'))).toBe(false);
			const full = await json('/Catalog_Номенклатура?$top=1&$format=application/json;odata=fullmetadata');
			expect((full.body.value as IDataObject[])[0]['odata.type']).toBe('StandardODATA.Catalog_Номенклатура');
			const metadata = await call('/$metadata', { headers: { accept: 'application/json' } });
			expect(metadata.text).toMatch(/^<\?xml[^>]*\?><edmx:Edmx/);
			const unknown = await call('/Catalog_Номенклатура?$format=csv');
			expect(unknown.status).toBe(400);
			expect(unknown.text).toContain('<m:code>3</m:code>');
		});

		it('catches a node that forgets to ask for JSON: it gets Atom XML text, not objects', async () => {
			const [careless, careful] = await withBas(async (ctx, connection) => [
				// n8n's default Accept (`application/json, text/plain, */*`) does not ask for JSON alone
				await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'basODataApi', {
					url: `${connection.root}/Catalog_Контрагенты`,
				}),
				await basRequest(ctx, connection, { method: 'GET', path: resourcePath('Catalog_Контрагенты') }),
			]);
			expect(typeof careless).toBe('string');
			expect(String(careless)).toMatch(/^<\?xml[^>]*\?><feed /);
			expect((careful as { value: unknown[] }).value).toHaveLength(bas.store.list('Catalog_Контрагенты').length);
		});
	});

	describe('values typed as 1C writes them', () => {
		it('writes Edm.Int64 as strings, Edm.Double as numbers, rows with the owner key, and navigation links', async () => {
			const key = String(order.Ref_Key);
			const read = (await withBas(
				async (ctx, connection) =>
					await basRequest(ctx, connection, {
						method: 'GET',
						path: resourcePath('Document_ЗаказПокупателя', literal.guid(key)),
					}),
			)) as Entity & { Запасы: IDataObject[] };
			expect(read.Ref_Key).toBe(key);
			expect(read['Контрагент@navigationLinkUrl']).toBe(`Document_ЗаказПокупателя(guid'${key}')/Контрагент`);
			expect(read['Организация@navigationLinkUrl']).toBe(`Document_ЗаказПокупателя(guid'${key}')/Организация`);
			// a composite attribute has no navigation property
			expect(read).not.toHaveProperty('СостояниеЗаказа@navigationLinkUrl');
			expect(read.Запасы.map((row) => row.LineNumber)).toEqual(read.Запасы.map((_row, index) => String(index + 1)));
			expect(Object.keys(read.Запасы[0]).slice(0, 2)).toEqual(['Ref_Key', 'LineNumber']);
			expect(read.Запасы.every((row) => row.Ref_Key === key)).toBe(true);
			expect(typeof read.Запасы[0].Количество).toBe('number');
			expect(read.Запасы[0]['Характеристика@navigationLinkUrl']).toBe(
				`Document_ЗаказПокупателя_Запасы(Ref_Key=guid'${key}',LineNumber=1)/Характеристика`,
			);
		});

		it('takes Int64 as a number or a numeric string on input and refuses a fraction (code 4)', async () => {
			const asNumber = await json('/Catalog_Номенклатура?$format=json', {
				method: 'POST',
				body: { Description: 'Int64 число', СрокПополнения: 7 },
			});
			const asString = await json('/Catalog_Номенклатура?$format=json', {
				method: 'POST',
				body: { Description: 'Int64 рядок', СрокПополнения: '8' },
			});
			const fraction = await json('/Catalog_Номенклатура?$format=json', {
				method: 'POST',
				body: { Description: 'Int64 дріб', СрокПополнения: '1.5' },
			});
			expect([asNumber.status, asString.status]).toEqual([201, 201]);
			expect([asNumber.body.СрокПополнения, asString.body.СрокПополнения]).toEqual(['7', '8']);
			expect(typeof asNumber.body.ВерхняяГраницаОстатков).toBe('number');
			expect(fraction.status).toBe(400);
			expect(codeOf(fraction.body)).toBe('4');
		});

		it('filters and orders by LineNumber on its own numbers while writing it as strings', async () => {
			const key = String(order.Ref_Key);
			const rows = (await withBas(
				async (ctx, connection) =>
					await basRequest(ctx, connection, {
						method: 'GET',
						path: resourcePath('Document_ЗаказПокупателя_Запасы'),
						query: {
							filter: and(
								eq('Ref_Key', literal.guid(key)),
								or(eq('LineNumber', literal.number(1)), eq('LineNumber', literal.number(2))),
							),
							orderBy: ['LineNumber desc'],
						},
					}),
			)) as { value: IDataObject[] };
			expect(rows.value.map((row) => row.LineNumber)).toEqual(['2', '1']);
			expect(rows.value.every((row) => row.Ref_Key === key)).toBe(true);
			const counted = await json(
				`/Document_ЗаказПокупателя_Запасы?$format=json&$inlinecount=allpages&$filter=LineNumber ge 2`,
			);
			expect(typeof counted.body['odata.count']).toBe('string');
		});
	});

	describe('navigation and error codes', () => {
		it('follows a reference to the referenced object; an empty or dangling one is 404 with code 9', async () => {
			const item = items()[0];
			const unit = await json(`/Catalog_Номенклатура(guid'${String(item.Ref_Key)}')/ЕдиницаИзмерения?$format=json`);
			expect(unit.status).toBe(200);
			expect(unit.body['odata.metadata']).toBe(`${odata()}/$metadata#Catalog_КлассификаторЕдиницИзмерения/@Element`);
			expect(unit.body.Ref_Key).toBe(item.ЕдиницаИзмерения_Key);
			const folder = bas.store.list('Catalog_Номенклатура').find((e) => e.IsFolder === true)!;
			const empty = await json(`/Catalog_Номенклатура(guid'${String(folder.Ref_Key)}')/ЕдиницаИзмерения?$format=json`);
			expect(empty.status).toBe(404);
			expect(codeOf(empty.body)).toBe('9');
			const atom = await call(`/Catalog_Номенклатура(guid'${String(item.Ref_Key)}')/ЕдиницаИзмерения`);
			expect(atom.text).toContain('<category term="StandardODATA.Catalog_КлассификаторЕдиницИзмерения"');
		});

		it('answers 1C codes: 6 for an unknown segment, 11 for a function the set lacks, 0 for an unknown option, 14 for one that does not parse', async () => {
			const key = String(items()[0].Ref_Key);
			const unknownSegment = await json(`/Catalog_Номенклатура(guid'${key}')/Щось?$format=json`);
			const missingFunction = await json(`/Catalog_Номенклатура(guid'${key}')/Post?$format=json`, {
				method: 'POST',
				body: {},
			});
			const unknownOption = await json('/Catalog_Номенклатура?$format=json&$expan=Parent');
			const badOption = await json('/Catalog_Номенклатура?$format=json&$top=many');
			expect(
				[unknownSegment, missingFunction, unknownOption, badOption].map((r) => [r.status, codeOf(r.body)]),
			).toEqual([
				[400, '6'],
				[400, '11'],
				[400, '0'],
				[400, '14'],
			]);
		});
	});

	describe('Condition quoting of virtual tables', () => {
		const prices = () => bas.store.infoRecords.get('InformationRegister_ЦеныНоменклатуры') ?? [];
		const item = () => String(prices()[0].Номенклатура_Key);
		const priceType = () => String(prices()[0].ВидЦен_Key);
		/** one row per characteristic of the item with a price of that type */
		const expected = () => {
			const matching = prices().filter((r) => r.Номенклатура_Key === item() && r.ВидЦен_Key === priceType());
			return { rows: new Set(matching.map((r) => r.Характеристика_Key)).size };
		};
		const priceSlice = async (quoting: ConditionQuoting) => {
			const condition = and(eq('Номенклатура_Key', literal.guid(item())), eq('ВидЦен_Key', literal.guid(priceType())))!;
			return await withBas(async (ctx, connection) => {
				const path = resourcePath(
					'InformationRegister_ЦеныНоменклатуры',
					undefined,
					functionCall('SliceLast', { Condition: conditionLiteral(condition, quoting) }),
				);
				return await basRequest(ctx, connection, { method: 'GET', path }).then(
					(reply) => ({ rows: (reply as { value: IDataObject[] }).value.length }),
					(error: Error) => ({ error: error.message }),
				);
			});
		};

		it('takes the documented form by default and refuses doubled inner quotes with code 14', async () => {
			expect(expected().rows).toBeGreaterThan(0);
			expect(await priceSlice('asIs')).toEqual(expected());
			expect(await priceSlice('doubled')).toEqual({
				error: expect.stringMatching(/^BAS HTTP 400: Ошибка разбора параметра Condition.*\(1C error code 14\)$/),
			});
		});

		it('switches at run time over the admin route, and a reset restores the documented form', async () => {
			const settings = (body: unknown) =>
				fetch(`${bas.url}/__sandbox/settings`, {
					method: 'PUT',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
			expect(await (await settings({ conditionQuoting: 'doubled' })).json()).toEqual({ conditionQuoting: 'doubled' });
			expect(await priceSlice('doubled')).toEqual(expected());
			expect(await priceSlice('asIs')).toHaveProperty('error');
			await settings({ conditionQuoting: 'both' });
			expect([await priceSlice('asIs'), await priceSlice('doubled')]).toEqual([expected(), expected()]);
			expect((await settings({ conditionQuoting: 'sometimes' })).status).toBe(400);
			await fetch(`${bas.url}/__sandbox/reset`, { method: 'POST' });
			expect(await (await fetch(`${bas.url}/__sandbox/settings`)).json()).toEqual({ conditionQuoting: 'asIs' });
		});

		it('the credential setting reaches the connection: documented form by default, doubled when chosen', async () => {
			const [byDefault, doubled] = [
				await withBas(async (_ctx, connection) => connection.conditionQuoting),
				await withBas(async (_ctx, connection) => connection.conditionQuoting, { conditionQuoting: 'doubled' }),
			];
			expect([byDefault, doubled]).toEqual(['asIs', 'doubled']);
		});
	});
});
