/**
 * BAS Document "Create or Update" (upsert by external id) inside real n8n-core runs against the
 * BAS sandbox: created / updated / unchanged / skipped, one document however often and however
 * concurrently the same order arrives (5 deliveries, 20 executions at once, a create by another
 * worker between our look-up and our create), the external id in a header attribute or in BSP
 * additional attributes (the property given by Ref_Key or by its name in the chart), and the amount check.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { ADDITIONAL_PROPERTIES } from '../../sandbox/bas/demo';
import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import {
	basCredentials,
	basRequests,
	type BasNodeRun,
	CUSTOMER_ORDER,
	defineBelow,
	elements,
	firstRef,
	orderParties,
	runBasNode,
} from '../helpers/bas';

interface Demo {
	document: string;
	section: string;
	/** the header attribute the configuration default keeps the external id in */
	idField: string;
	header: IDataObject;
	lines: IDataObject[];
}

function demoOrder(bas: BasSandbox): Demo {
	const { profile } = bas;
	const { document, section } = CUSTOMER_ORDER[profile];
	const item = String(elements(bas, 'Catalog_Номенклатура')[0].Ref_Key);
	const currency = firstRef(bas, 'Catalog_Валюты');
	const parties = orderParties(bas);
	if (profile === 'unf') {
		return {
			document,
			section,
			idField: 'НомерВходящегоДокумента',
			header: { ...parties, ВидОперации: 'ЗаказНаПродажу', ВалютаДокумента_Key: currency, СуммаДокумента: 200 },
			lines: [{ Номенклатура: item, Номенклатура_Type: 'Catalog_Номенклатура', Количество: 2, Цена: 100 }],
		};
	}
	if (profile === 'ut') {
		return {
			document,
			section,
			idField: 'НомерПоДаннымКлиента',
			header: {
				...parties,
				Склад_Key: firstRef(bas, 'Catalog_Склады'),
				Статус: 'КОтгрузке',
				Валюта_Key: currency,
				СуммаДокумента: 200,
			},
			lines: [{ Номенклатура_Key: item, Количество: 2, Цена: 100 }],
		};
	}
	return {
		document,
		section,
		idField: 'Комментарий',
		header: { ...parties, ВалютаДокумента_Key: currency, СуммаДокумента: 200 },
		lines: [{ Номенклатура: item, Номенклатура_Type: 'Catalog_Номенклатура', Количество: 2, Цена: 100 }],
	};
}

const resultOf = (run: BasNodeRun) => run.output()[0]?.json.status;

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Document upsert by external id (%s)', (profile) => {
	let bas: BasSandbox;
	let demo: Demo;
	let counter = 0;
	/** a fresh CRM order id per test */
	const nextId = () => `CRM-${profile}-${++counter}`;

	const run = (parameters: INode['parameters'], onError?: INode['onError']) =>
		runBasNode({
			type: 'basDocument',
			parameters,
			onError,
			credentials: basCredentials(bas, { preset: profile, timeZone: 'Europe/Kyiv' }),
		});

	const upsert = (
		externalId: string,
		header: IDataObject = demo.header,
		extra: INode['parameters'] = {},
		lines: IDataObject[] = demo.lines,
	) =>
		run({
			operation: 'upsert',
			documentType: 'configurationDefault',
			externalId,
			columns: defineBelow(header),
			linesSection: 'configurationDefault',
			lines: JSON.stringify(lines),
			...extra,
		});

	/** live documents that carry the id in the default header attribute */
	const carrying = (externalId: string) =>
		bas.store.list(demo.document).filter((d) => d[demo.idField] === externalId && d.DeletionMark !== true);
	const writes = () => basRequests(bas).writes();

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
		demo = demoOrder(bas);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('the same webhook delivered 5 times gives one document: created, then unchanged 4 times', async () => {
		const id = nextId();
		const results: unknown[] = [];
		for (let delivery = 0; delivery < 5; delivery++) {
			const result = await upsert(id);
			expect(result.error()).toBeUndefined();
			results.push(resultOf(result));
		}
		expect(results).toEqual(['created', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
		const [document] = carrying(id);
		expect(carrying(id)).toHaveLength(1);
		expect(document[demo.section]).toHaveLength(1);
		// one POST; the unchanged deliveries write nothing, so the DataVersion stays the create's
		expect(writes().map((r) => r.method)).toEqual(['POST']);
		const created = bas.requests.findIndex((r) => r.method === 'POST');
		expect(decodeURIComponent(bas.requests[created - 1].url)).toContain(`${demo.idField} eq '${id}'`);
	});

	it('20 executions upserting the same id at once give one document', async () => {
		const id = nextId();
		const runs = await Promise.all(Array.from({ length: 20 }, () => upsert(id)));
		const results = runs.map(resultOf);
		expect(results.filter((r) => r === 'created')).toHaveLength(1);
		expect(results.filter((r) => r === 'unchanged')).toHaveLength(19);
		expect(carrying(id)).toHaveLength(1);
		expect(writes().filter((r) => r.method === 'POST')).toHaveLength(1);
		const refs = new Set(runs.map((r) => r.output()[0].json.Ref_Key));
		expect(refs.size).toBe(1);
	});

	it('writes only what differs: a changed header value, then changed lines', async () => {
		const id = nextId();
		await upsert(id);
		const before = carrying(id)[0];
		bas.requests.splice(0);

		const changed = await upsert(id, { ...demo.header, СуммаДокумента: 300 });
		expect(changed.output()[0].json).toMatchObject({
			status: 'updated',
			changedFields: ['СуммаДокумента'],
		});
		expect(writes()).toHaveLength(1);
		expect(writes()[0]).toMatchObject({ method: 'PATCH', body: { СуммаДокумента: 300 } });
		expect(carrying(id)[0].Ref_Key).toBe(before.Ref_Key);
		expect(Number(carrying(id)[0].СуммаДокумента)).toBe(300);

		const lines = [{ ...demo.lines[0], Количество: 3 }];
		const relined = await upsert(id, { ...demo.header, СуммаДокумента: 300 }, {}, lines);
		expect(relined.output()[0].json).toMatchObject({
			status: 'updated',
			changedFields: [demo.section],
		});
		expect((carrying(id)[0][demo.section] as IDataObject[])[0]).toMatchObject({ Количество: 3 });
		expect(carrying(id)).toHaveLength(1);
	});

	it('keeps the oldest when another worker created the same order between our look-up and our create', async () => {
		const id = nextId();
		// the other worker's document exists, but our look-up ran before it was written
		const other = bas.store.create(demo.document, { [demo.idField]: id, Date: '2026-01-05T10:00:00' });
		bas.injectReplies({ status: 200, body: JSON.stringify({ value: [] }), contentType: 'application/json' });
		const result = await upsert(id);
		expect(result.error()).toBeUndefined();
		const [item] = result.output();
		const upserted = item.json;
		expect(upserted).toMatchObject({ status: 'updated', externalId: id });
		expect(item.json.Ref_Key).toBe(other.Ref_Key);
		const ours = bas.store.get(demo.document, String(upserted.duplicateMarkedForDeletion));
		expect(ours.DeletionMark).toBe(true);
		if (demo.idField !== 'Комментарий') {
			expect(String(ours.Комментарий)).toContain(`Duplicate of ${String(other.Number)} for external id ${id}`);
		}
		// the oldest took our values; one live document carries the id
		expect(carrying(id).map((d) => [d.Ref_Key, Number(d.СуммаДокумента)])).toEqual([[other.Ref_Key, 200]]);
		expect(writes().map((r) => r.method)).toEqual(['POST', 'PATCH', 'PATCH']);
		// the next delivery finds the oldest and has nothing to change
		expect(resultOf(await upsert(id))).toBe('unchanged');
	});

	it('refuses an empty external id naming the item and the field, writing nothing', async () => {
		const result = await run(
			{
				operation: 'upsert',
				documentType: 'configurationDefault',
				externalId: '  ',
				columns: defineBelow(demo.header),
				linesSection: 'none',
			},
			'continueErrorOutput',
		);
		const [failed] = result.output(1);
		expect(String(failed.json.error)).toBe('Item 0: the field "External ID" is empty');
		expect(basRequests(bas).data()).toEqual([]);
	});

	it('reports a BAS amount that differs from the CRM amount, with a text for the CRM comment', async () => {
		const id = nextId();
		const result = await upsert(id, demo.header, { expectedAmount: '250' });
		expect(result.output()[0].json.amountCheck).toEqual({
			matches: false,
			expected: 250,
			inBas: 200,
			difference: -50,
			currency: 'UAH',
			comment: 'Attention: order amount changed – 200.00 UAH',
		});
		const same = await upsert(id, demo.header, { expectedAmount: '200.00' });
		expect(same.output()[0].json.amountCheck).toMatchObject({ matches: true, difference: 0 });
		expect(same.output()[0].json.amountCheck).not.toHaveProperty('comment');
	});

	it('skips a posted document when told not to touch posted ones, and posts only what it wrote', async () => {
		const id = nextId();
		const options = { upsertOptions: { post: 'whenWritten', postedDocuments: 'skip' } };
		const created = await upsert(id, demo.header, options);
		expect(created.error()).toBeUndefined();
		expect(created.output()[0].json).toMatchObject({ status: 'created', Posted: true });
		expect(carrying(id)[0].Posted).toBe(true);
		bas.requests.splice(0);

		const again = await upsert(id, { ...demo.header, СуммаДокумента: 999 }, options);
		expect(again.output()[0].json).toMatchObject({ status: 'skipped', skippedBecause: 'posted' });
		expect(writes()).toEqual([]);
		expect(Number(carrying(id)[0].СуммаДокумента)).toBe(200);
	});

	it('"until posted" posts an unchanged document an interrupted run left unposted, and nothing once it is posted', async () => {
		const id = nextId();
		// a run that created the order, then died before posting it (a killed worker)
		const interrupted = await upsert(id, demo.header, { upsertOptions: { post: 'never' } });
		expect(interrupted.output()[0].json).toMatchObject({ status: 'created', Posted: false });
		const whenWritten = await upsert(id, demo.header, { upsertOptions: { post: 'whenWritten' } });
		expect(whenWritten.output()[0].json).toMatchObject({ status: 'unchanged', Posted: false });
		bas.requests.splice(0);

		const retried = await upsert(id, demo.header, { upsertOptions: { post: 'untilPosted' } });
		expect(retried.error()).toBeUndefined();
		expect(retried.output()[0].json).toMatchObject({ status: 'unchanged', Posted: true });
		expect(carrying(id)[0].Posted).toBe(true);
		expect(writes()).toHaveLength(1);
		bas.requests.splice(0);

		const repeated = await upsert(id, demo.header, { upsertOptions: { post: 'untilPosted' } });
		expect(repeated.output()[0].json).toMatchObject({ status: 'unchanged', Posted: true });
		expect(writes()).toEqual([]);
	});

	it('skips an order only documents marked for deletion carry, unless told to create a new one', async () => {
		const id = nextId();
		const marked = bas.store.create(demo.document, { [demo.idField]: id, DeletionMark: true });
		const skipped = await upsert(id);
		expect(skipped.output()[0].json).toMatchObject({
			Ref_Key: marked.Ref_Key,
			status: 'skipped',
			skippedBecause: 'markedForDeletion',
		});
		expect(writes()).toEqual([]);

		const created = await upsert(id, demo.header, { upsertOptions: { markedForDeletion: 'createNew' } });
		expect(resultOf(created)).toBe('created');
		expect(carrying(id)).toHaveLength(1);
		expect(carrying(id)[0].Ref_Key).not.toBe(marked.Ref_Key);
	});

	if (profile !== 'bp') {
		it('keeps the id in an additional attribute (BSP), found with an any() filter, other rows left alone', async () => {
			const id = nextId();
			const property = '7d2f6a10-0c1e-4a5b-9f3e-2b1c0d9e8f70';
			const extra = { externalIdLocation: 'additionalAttribute', externalIdProperty: property };
			const created = await upsert(id, demo.header, extra);
			expect(created.error()).toBeUndefined();
			expect(resultOf(created)).toBe('created');
			const ref = String(created.output()[0].json.Ref_Key);
			expect(bas.store.get(demo.document, ref).ДополнительныеРеквизиты).toEqual([
				expect.objectContaining({ Свойство_Key: property, Значение: id, Значение_Type: 'Edm.String' }),
			]);
			// someone adds another additional attribute in BAS; an update must not drop it
			const otherRow = {
				Свойство_Key: '11111111-2222-3333-4444-555555555555',
				Значение: 'VIP',
				Значение_Type: 'Edm.String',
			};
			bas.store.update(demo.document, ref, {
				ДополнительныеРеквизиты: [{ Свойство_Key: property, Значение: id, Значение_Type: 'Edm.String' }, otherRow],
			});
			bas.requests.splice(0);

			expect(resultOf(await upsert(id, demo.header, extra))).toBe('unchanged');
			expect(decodeURIComponent(bas.requests[0].url)).toContain(
				`ДополнительныеРеквизиты/any(r: (r/Свойство_Key eq guid'${property}') and (r/Значение eq '${id}'))`,
			);
			expect(resultOf(await upsert(id, { ...demo.header, СуммаДокумента: 210 }, extra))).toBe('updated');
			const stored = bas.store.get(demo.document, ref);
			expect(Number(stored.СуммаДокумента)).toBe(210);
			expect(stored.ДополнительныеРеквизиты).toHaveLength(2);
			// the same id under another property is another order
			expect(resultOf(await upsert(id, demo.header, { ...extra, externalIdProperty: otherRow.Свойство_Key }))).toBe(
				'created',
			);
		});

		describe('the additional attribute named by its property', () => {
			const TITLE = 'Номер замовлення CRM';
			const byName = { externalIdLocation: 'additionalAttribute', externalIdProperty: TITLE };
			const properties = () => bas.store.list(ADDITIONAL_PROPERTIES);
			const propertyRef = (title: string) => String(properties().find((p) => p.Заголовок === title)!.Ref_Key);
			const chartReads = () => basRequests(bas).count(`GET ${ADDITIONAL_PROPERTIES}`);

			it('finds the property in the chart by its name and keeps the id under its Ref_Key', async () => {
				const id = nextId();
				const property = propertyRef(TITLE);
				const created = await upsert(id, demo.header, byName);
				expect(created.error()).toBeUndefined();
				expect(created.output()[0].json).toMatchObject({ status: 'created', externalId: id });
				const ref = String(created.output()[0].json.Ref_Key);
				expect(bas.store.get(demo.document, ref).ДополнительныеРеквизиты).toEqual([
					expect.objectContaining({ Свойство_Key: property, Значение: id, Значение_Type: 'Edm.String' }),
				]);
				// one look-up of the property by its name, before the order's
				expect(chartReads()).toBe(1);
				const [lookup] = basRequests(bas).data();
				expect(decodeURIComponent(lookup.url)).toContain(`Заголовок eq '${TITLE}'`);

				// the same order named by the property's Ref_Key is the same document, and by name again too
				const byKey = await upsert(id, demo.header, { ...byName, externalIdProperty: property });
				expect(byKey.output()[0].json).toMatchObject({ status: 'unchanged', Ref_Key: ref });
				expect(resultOf(await upsert(id, demo.header, byName))).toBe('unchanged');
				// another property of the chart keeps another order; it belongs to a set, so BSP stores it
				// as "Title (Set)" in Description and its plain title, by which it is named, in Заголовок
				const sourceProperty = properties().find((p) => p.Заголовок === 'Джерело замовлення')!;
				expect(sourceProperty.Description).toBe('Джерело замовлення (Замовлення покупців)');
				const source = await upsert(id, demo.header, { ...byName, externalIdProperty: 'Джерело замовлення' });
				expect(source.output()[0].json).toMatchObject({ status: 'created' });
				expect(source.output()[0].json.Ref_Key).not.toBe(ref);
				expect(bas.store.get(demo.document, String(source.output()[0].json.Ref_Key)).ДополнительныеРеквизиты).toEqual([
					expect.objectContaining({ Свойство_Key: sourceProperty.Ref_Key, Значение: id }),
				]);
				expect(writes().map((r) => r.method)).toEqual(['POST', 'POST']);
			});

			it('names the property when none or several have that name, and writes nothing', async () => {
				const missing = await run(
					{
						operation: 'upsert',
						documentType: 'configurationDefault',
						externalId: nextId(),
						columns: defineBelow(demo.header),
						linesSection: 'none',
						...byName,
						externalIdProperty: 'Номер замовлення',
					},
					'continueErrorOutput',
				);
				expect(missing.output(0)).toEqual([]);
				const [notFound] = missing.json(1);
				expect(notFound.error).toBe(`No ${ADDITIONAL_PROPERTIES} found where Заголовок equals "Номер замовлення"`);

				const twin = bas.store.create(ADDITIONAL_PROPERTIES, { Description: TITLE, Заголовок: TITLE });
				try {
					const ambiguous = await run(
						{
							operation: 'upsert',
							documentType: 'configurationDefault',
							externalId: nextId(),
							columns: defineBelow(demo.header),
							linesSection: 'none',
							...byName,
						},
						'continueErrorOutput',
					);
					const [failed] = ambiguous.json(1);
					expect(String(failed.error)).toMatch(
						`2 ${ADDITIONAL_PROPERTIES} objects match where Заголовок equals "${TITLE}"; refusing to guess`,
					);
					expect(String(failed.error)).toContain(propertyRef(TITLE));
					expect(String(failed.error)).toContain(String(twin.Ref_Key));
				} finally {
					bas.store.remove(ADDITIONAL_PROPERTIES, String(twin.Ref_Key));
				}
				expect(writes()).toEqual([]);
			});
		});
	} else {
		it('refuses additional attributes where the document has none, naming the section', async () => {
			const result = await upsert(nextId(), demo.header, {
				externalIdLocation: 'additionalAttribute',
				externalIdProperty: '7d2f6a10-0c1e-4a5b-9f3e-2b1c0d9e8f70',
			});
			expect(result.error()?.message).toContain(
				'Item 0: Document_СчетНаОплатуПокупателю has no tabular section ДополнительныеРеквизиты',
			);
			expect(writes()).toEqual([]);
		});
	}
});
