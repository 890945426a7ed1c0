import type { IDataObject, INode, INodeParameters, ResourceMapperValue } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import {
	basCredentials,
	basRequests,
	CUSTOMER_ORDER,
	defineBelow,
	elements,
	firstRef,
	orderParties,
	requestTarget,
	runBasNode,
} from '../helpers/bas';

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

interface Demo {
	header: IDataObject;
	lines: IDataObject[];
	/** the document the preset picks and its goods section */
	document: string;
	section: string;
}

/** A customer order with two lines, from the sandbox's demo data, in each configuration's own terms. */
function demoOrder(bas: BasSandbox): Demo {
	const { profile } = bas;
	const { document, section } = CUSTOMER_ORDER[profile];
	const first = (set: string) => firstRef(bas, set);
	const items = elements(bas, 'Catalog_Номенклатура').map((item) => String(item.Ref_Key));
	const parties = orderParties(bas);
	if (profile === 'unf') {
		return {
			document,
			section,
			header: {
				...parties,
				СтруктурнаяЕдиницаРезерв_Key: first('Catalog_СтруктурныеЕдиницы'),
				ВидОперации: 'ЗаказНаПродажу',
				Комментарий: 'CRM order 1001',
			},
			lines: [
				{ Номенклатура: items[0], Номенклатура_Type: 'Catalog_Номенклатура', Количество: '2', Цена: 100, Сумма: 200 },
				{ Номенклатура: items[1], Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', Количество: 1.5 },
			],
		};
	}
	if (profile === 'ut') {
		return {
			document,
			section,
			header: {
				...parties,
				Склад_Key: first('Catalog_Склады'),
				Статус: 'КОтгрузке',
				Комментарий: 'CRM order 1001',
			},
			lines: [
				{ Номенклатура_Key: items[0], Количество: '2', Цена: 100, ВариантОбеспечения: 'Отгрузить' },
				{ Номенклатура_Key: items[1], Количество: 1.5 },
			],
		};
	}
	return {
		document,
		section,
		header: { ...parties, Комментарий: 'CRM order 1001' },
		lines: [
			{
				Номенклатура: items[0],
				Номенклатура_Type: 'Catalog_Номенклатура',
				Количество: '2',
				Цена: 100,
				СтавкаНДС: 'НДС20',
			},
			{ Номенклатура: items[1], Номенклатура_Type: 'Catalog_Номенклатура', Количество: 1.5 },
		],
	};
}

/** What posting the demo order leaves in the registers, where the sandbox models it. */
function postingEffect(bas: BasSandbox, ref: string): Array<{ register: string; quantity: unknown }> {
	const [register, quantity] =
		bas.profile === 'unf'
			? ['AccumulationRegister_РезервыТоваровОрганизаций', 'Количество']
			: bas.profile === 'ut'
				? ['AccumulationRegister_ТоварыНаСкладах', 'КОтгрузке']
				: [undefined, undefined];
	if (!register || !quantity) return [];
	return bas.records
		.records(register)
		.filter((record) => record.Recorder === ref)
		.map((record) => ({ register, quantity: record[quantity] }));
}

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Document through the n8n engine (%s)', (profile) => {
	let bas: BasSandbox;
	let demo: Demo;

	const run = (parameters: INode['parameters'], onError?: INode['onError']) =>
		runBasNode({
			type: 'basDocument',
			parameters,
			onError,
			credentials: basCredentials(bas, { preset: profile, timeZone: 'Europe/Kyiv' }),
		});

	const create = (header: IDataObject, lines: unknown, extra: INode['parameters'] = {}, onError?: INode['onError']) =>
		run(
			{
				operation: 'create',
				documentType: 'configurationDefault',
				columns: defineBelow(header),
				linesSection: 'configurationDefault',
				lines: typeof lines === 'string' ? lines : JSON.stringify(lines),
				...extra,
			},
			onError,
		);

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
		demo = demoOrder(bas);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it("creates and posts the configuration's customer order with its lines, as one POST and one Post", async () => {
		const result = await create({ ...demo.header, Date: '2026-03-10T09:30:00Z' }, demo.lines, {
			options: { post: true },
		});
		expect(result.error()).toBeUndefined();
		const [item] = result.output();
		expect(item.json).toMatchObject({ Posted: true, Комментарий: 'CRM order 1001' });
		const ref = String(item.json.Ref_Key);

		const stored = bas.store.get(demo.document, ref);
		// an instant is written as the base's wall-clock time (Kyiv is UTC+2 in March)
		expect(stored).toMatchObject({ Posted: true, Date: '2026-03-10T11:30:00', Комментарий: 'CRM order 1001' });
		const rows = stored[demo.section] as IDataObject[];
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ LineNumber: 1, Количество: 2 });
		expect(rows[1]).toMatchObject({ LineNumber: 2, Количество: 1.5 });
		if (profile !== 'ut') expect(rows[0].Номенклатура_Type).toBe('StandardODATA.Catalog_Номенклатура');

		const effect = postingEffect(bas, ref);
		if (profile === 'bp')
			expect(effect).toEqual([]); // an invoice to pay moves nothing
		else expect(effect.map((e) => e.quantity)).toEqual([2, 1.5]);

		const writes = basRequests(bas).writes();
		expect(writes.map(requestTarget)).toEqual([`POST ${demo.document}`, 'POST Post']);
		expect(writes[1].url).toContain('PostingModeOperational=false');
	});

	it('updates the mapped fields of the document matched by Ref_Key, replaces its lines, leaves the rest', async () => {
		const created = await create(demo.header, demo.lines);
		const ref = String(created.output()[0].json.Ref_Key);
		const result = await run({
			operation: 'update',
			documentType: demo.document,
			columns: defineBelow({ Ref_Key: ref, Комментарий: 'changed in CRM' }, ['Ref_Key']),
			linesSection: demo.section,
			lines: JSON.stringify(demo.lines.slice(0, 1)),
		});
		expect(result.error()).toBeUndefined();
		expect(result.output()[0].json).toMatchObject({ Ref_Key: ref, Комментарий: 'changed in CRM' });
		const stored = bas.store.get(demo.document, ref);
		expect(stored.Комментарий).toBe('changed in CRM');
		expect(stored.Контрагент_Key).toBe(demo.header.Контрагент_Key);
		expect(stored[demo.section]).toHaveLength(1);
		const patch = bas.requests.find((r) => r.method === 'PATCH');
		expect(patch).toBeDefined();
	});

	it.each(['[ ]', '[]', ' \n '])('an update whose Lines are %j leaves the lines as they are', async (lines) => {
		const created = await create(demo.header, demo.lines);
		const ref = String(created.output()[0].json.Ref_Key);
		const result = await run({
			operation: 'update',
			documentType: demo.document,
			columns: defineBelow({ Ref_Key: ref, Комментарий: 'lines kept' }, ['Ref_Key']),
			linesSection: demo.section,
			lines,
		});
		expect(result.error()).toBeUndefined();
		const stored = bas.store.get(demo.document, ref);
		expect(stored.Комментарий).toBe('lines kept');
		expect(stored[demo.section]).toHaveLength(demo.lines.length);
	});

	it('gets a document by Ref_Key and by number', async () => {
		const created = (await create(demo.header, demo.lines)).output()[0].json;
		const byRef = await run({ operation: 'get', documentType: demo.document, refKey: created.Ref_Key as string });
		expect(byRef.output().map((i) => i.json.Number)).toEqual([created.Number]);
		const byNumber = await run({
			operation: 'get',
			documentType: 'configurationDefault',
			getBy: 'number',
			number: created.Number as string,
			dateFrom: '2000-01-01T00:00:00',
		});
		expect(byNumber.error()).toBeUndefined();
		expect(byNumber.output().map((i) => i.json.Ref_Key)).toEqual([created.Ref_Key]);
		const missing = await run(
			{ operation: 'get', documentType: demo.document, getBy: 'number', number: 'НЕТ-1' },
			'continueErrorOutput',
		);
		expect(String(missing.output(1)[0].json.error)).toContain('no ' + demo.document + ' has the number "НЕТ-1"');
	});

	it('finds documents by field conditions, all of them with Return All', async () => {
		const customer = String(demo.header.Контрагент_Key);
		await create(demo.header, demo.lines);
		await create(demo.header, demo.lines);
		const result = await run({
			operation: 'find',
			documentType: demo.document,
			conditions: {
				condition: [
					{ field: 'Контрагент_Key', operator: 'eq', value: customer },
					{ field: 'Posted', operator: 'eq', value: 'false' },
					{ field: 'Комментарий', operator: 'contains', value: 'order 1001' },
				],
			},
			returnAll: true,
		});
		expect(result.error()).toBeUndefined();
		const found = result.output().map((i) => i.json);
		const matching = bas.store
			.list(demo.document)
			.filter(
				(doc) =>
					doc.Контрагент_Key === customer && doc.Posted === false && String(doc.Комментарий).includes('order 1001'),
			);
		expect(matching.length).toBeGreaterThanOrEqual(2);
		expect(found.map((doc) => doc.Ref_Key).sort()).toEqual(matching.map((doc) => doc.Ref_Key).sort());
		const limited = await run({
			operation: 'find',
			documentType: demo.document,
			conditions: { condition: [{ field: 'Контрагент_Key', operator: 'eq', value: customer }] },
			returnAll: false,
			limit: 1,
		});
		expect(limited.output()).toHaveLength(1);
	});

	it('unposts a posted document, which takes its register movements away', async () => {
		const created = await create(demo.header, demo.lines, { options: { post: true } });
		const ref = String(created.output()[0].json.Ref_Key);
		const result = await run({ operation: 'unpost', documentType: demo.document, refKey: ref });
		expect(result.output()[0].json).toEqual({ Ref_Key: ref, documentType: demo.document, Posted: false });
		expect(bas.store.get(demo.document, ref).Posted).toBe(false);
		expect(postingEffect(bas, ref)).toEqual([]);
		const again = await run({ operation: 'post', documentType: demo.document, refKey: ref });
		expect(again.output()[0].json.Posted).toBe(true);
		expect(bas.store.get(demo.document, ref).Posted).toBe(true);
	});

	it('marks a document for deletion with a PATCH and never deletes it', async () => {
		const created = await create(demo.header, demo.lines);
		const ref = String(created.output()[0].json.Ref_Key);
		bas.requests.splice(0);
		const result = await run({ operation: 'markForDeletion', documentType: demo.document, refKey: ref });
		expect(result.output()[0].json).toMatchObject({ Ref_Key: ref, DeletionMark: true });
		expect(bas.store.get(demo.document, ref).DeletionMark).toBe(true);
		expect(bas.requests.map((r) => r.method)).not.toContain('DELETE');
		expect(bas.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
	});

	it("reports 1C's posting refusal word for word with the document's number", async () => {
		const { Контрагент_Key: _dropped, ...withoutCustomer } = demo.header;
		const result = await create(withoutCustomer, demo.lines, { options: { post: true } }, 'continueErrorOutput');
		const [failed] = result.output(1);
		const stored = bas.store
			.list(demo.document)
			.find((doc) => doc.Контрагент_Key === EMPTY_REF && doc.Posted === false);
		expect(stored).toBeDefined();
		const number = String(stored!.Number);
		expect(String(failed.json.error)).toContain(
			`Item 0: 1C did not post ${demo.document} ${number}: Не удалось провести "${number} от`,
		);
		expect(String(failed.json.error)).toContain('не заполнено "Контрагент"');
		expect(String(failed.json.error)).toContain('(1C error code -1)');
	});
});

describe('BAS Document refuses bad input before sending anything (unf)', () => {
	let bas: BasSandbox;
	let demo: Demo;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
		demo = demoOrder(bas);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	/** Items → BAS Document (Create, fields from the items' JSON or defined below), set to continue on error. */
	const create = (options: { items?: IDataObject[]; columns?: ResourceMapperValue; lines?: unknown }) =>
		runBasNode({
			type: 'basDocument',
			parameters: {
				operation: 'create',
				documentType: 'configurationDefault',
				columns:
					options.columns ??
					({
						mappingMode: 'autoMapInputData',
						value: null,
						matchingColumns: [],
						schema: [],
					} as unknown as ResourceMapperValue),
				linesSection: 'configurationDefault',
				lines: JSON.stringify(options.lines ?? []),
			},
			items: options.items ?? [{ crmId: 7 }],
			onError: 'continueErrorOutput',
			credentials: basCredentials(bas, { preset: 'unf' }),
		});

	const writes = () => basRequests(bas).writes();

	it.each([
		[
			'an unknown field',
			{ Контрагнет_Key: 'x' },
			'Field "Контрагнет_Key": "x" cannot be written: Document_ЗаказПокупателя has no field "Контрагнет_Key" in the base\'s $metadata',
		],
		['a number that is not one', { СуммаДокумента: '12 грн' }, 'Field "СуммаДокумента": "12 грн" is not a number'],
		[
			'a value outside the enumeration',
			{ ВидОперации: 'Продажа' },
			'Field "ВидОперации": "Продажа" is not a member of the enumeration (ЗаказНаПродажу, ЗаказНаПереработку, ЗаказНаряд)',
		],
		[
			'a reference that is not a GUID',
			{ Контрагент_Key: 'ТОВ Ромашка' },
			'Field "Контрагент_Key": "ТОВ Ромашка" is not a GUID (a reference to Catalog_Контрагенты takes its Ref_Key); the empty reference is 00000000-0000-0000-0000-000000000000',
		],
		['a date that is not one', { Date: '31.02.2026' }, 'Field "Date": "31.02.2026" is not a valid date'],
		['a field 1C fills itself', { Posted: true }, 'Field "Posted": true cannot be written: 1C fills this field itself'],
	])('refuses %s, naming the item, the field and the value', async (_case, value, message) => {
		const result = await create({ columns: defineBelow({ ...demo.header, ...value }) });
		expect(result.output(0)).toHaveLength(0);
		const [failed] = result.output(1);
		expect(failed.json.error).toBe(`Item 0: ${message}`);
		expect(writes()).toEqual([]);
	});

	it('refuses a bad line, naming the line; the other items are written and the failed one keeps its data', async () => {
		const result = await create({
			items: [
				{ ...demo.header, crmId: 1 },
				{ ...demo.header, crmId: 2, Комментарий: 'second' },
			].map(({ crmId, ...header }) => ({ ...header, ...(crmId === 2 ? { ДатаОтгрузки: 'завтра' } : {}) })),
			lines: demo.lines,
		});
		expect(result.output(0)).toHaveLength(1);
		const [failed] = result.output(1);
		expect(failed.json.error).toBe('Item 1: Field "ДатаОтгрузки": "завтра" is not a valid date');
		// n8n's error output keeps the input item's data
		expect(failed.json.Комментарий).toBe('second');
		expect(writes()).toHaveLength(1);

		const badLine = await create({
			columns: defineBelow(demo.header),
			lines: [demo.lines[0], { ...demo.lines[1], Колво: 3 }],
		});
		expect(badLine.output(1)[0].json.error).toBe(
			'Item 0: Запасы line 2, field "Колво": 3 cannot be written: Document_ЗаказПокупателя_Запасы has no field "Колво" in the base\'s $metadata',
		);
		const typeless = await create({
			columns: defineBelow(demo.header),
			lines: [{ Номенклатура: demo.lines[0].Номенклатура, Количество: 1 }],
		});
		expect(typeless.output(1)[0].json.error).toContain(
			'Запасы line 1, field "Номенклатура": "' +
				String(demo.lines[0].Номенклатура) +
				'" is a reference, so Номенклатура_Type must name',
		);
		expect(writes()).toHaveLength(1);
	});
});

describe('BAS Document Find on a composite field (unf)', () => {
	// the order's state is composite (СостояниеЗаказа + _Type): customer-order or work-order states
	const ORDER = 'Document_ЗаказПокупателя';
	const STATES = 'Catalog_СостоянияЗаказовПокупателей';
	let bas: BasSandbox;
	let demo: Demo;

	const run = (parameters: INode['parameters']) =>
		runBasNode({
			type: 'basDocument',
			parameters,
			items: [{ crmId: 7 }],
			onError: 'continueErrorOutput',
			credentials: basCredentials(bas, { preset: 'unf' }),
		});
	const find = (condition: INodeParameters[]) =>
		run({ operation: 'find', documentType: ORDER, conditions: { condition }, returnAll: true });
	const create = (header: IDataObject) =>
		run({
			operation: 'create',
			documentType: ORDER,
			columns: defineBelow(header),
			linesSection: 'configurationDefault',
			lines: JSON.stringify(demo.lines),
		});

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
		demo = demoOrder(bas);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('finds orders by their state: the Ref_Key cast to the chosen Value Type', async () => {
		const [inWork, done] = bas.store.list(STATES).map((state) => String(state.Ref_Key));
		const stated = (state: string) => ({ ...demo.header, СостояниеЗаказа: state, СостояниеЗаказа_Type: STATES });
		const wanted = [(await create(stated(inWork))).json()[0], (await create(stated(inWork))).json()[0]];
		await create(stated(done));
		bas.requests.splice(0);

		const result = await find([{ field: 'СостояниеЗаказа', operator: 'eq', value: inWork, valueType: STATES }]);
		expect(result.error()).toBeUndefined();
		const expected = bas.store.list(ORDER).filter((order) => order.СостояниеЗаказа === inWork);
		expect(expected.map((order) => order.Ref_Key).sort()).toEqual(wanted.map((order) => order.Ref_Key).sort());
		expect(
			result
				.json()
				.map((order) => order.Ref_Key)
				.sort(),
		).toEqual(wanted.map((order) => order.Ref_Key).sort());
		// every page read asks for the cast
		const urls = basRequests(bas)
			.data()
			.map((r) => decodeURIComponent(r.url));
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) expect(url).toContain(`$filter=СостояниеЗаказа eq cast(guid'${inWork}', '${STATES}')&`);

		// a text value is compared as text, as before
		const text = await find([{ field: 'СостояниеЗаказа', operator: 'eq', value: 'В роботі' }]);
		expect(text.error()).toBeUndefined();
		expect(text.json()).toEqual([]);
	});

	it('refuses a state without a Value Type, or with one the base does not publish, naming item, field and value', async () => {
		const state = String(bas.store.list(STATES)[0].Ref_Key);
		const untyped = await find([{ field: 'СостояниеЗаказа', operator: 'eq', value: state }]);
		expect(untyped.json(1)).toEqual([
			expect.objectContaining({
				crmId: 7,
				error: `Item 0: The value "${state}" for СостояниеЗаказа in ${ORDER} is a reference, but the field can hold several types: set its Value Type to the catalog the value belongs to (e.g. Catalog_Склады)`,
			}),
		]);
		const unknown = await find([
			{ field: 'СостояниеЗаказа', operator: 'eq', value: state, valueType: 'Catalog_СостоянияЗаказов' },
		]);
		expect(unknown.json(1)).toEqual([
			expect.objectContaining({
				crmId: 7,
				error: `Item 0: The value "${state}" for СостояниеЗаказа in ${ORDER} has the Value Type "Catalog_СостоянияЗаказов", which is no catalog or other reference type the base publishes`,
			}),
		]);
		expect(basRequests(bas).data()).toHaveLength(0);
	});
});
