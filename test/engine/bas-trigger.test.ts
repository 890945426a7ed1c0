/**
 * BAS Trigger through n8n-core's poll path against the BAS sandbox, in UNF, UT and BP: each
 * configuration's customer order (BP: the invoice to pay) and the item catalog, created and
 * changed objects emitted once each, the look-back window, filters with the status field of the
 * configuration (UNF a composite reference, UT an enum, BP a plain reference), URL sizes and the
 * manual test run.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, basNode, CUSTOMER_ORDER, firstRef } from '../helpers/bas';
import { pollTrigger, runWorkflow } from '../helpers/engine';

const ITEMS = 'Catalog_Номенклатура';

/** A status the trigger filters on: the field, the value as the node takes it, the fields a document gets. */
interface Status {
	field: string;
	value: string;
	fields: IDataObject;
}

/** Each configuration's status-like field of the order: UNF's user-defined state, UT's status enum, BP's warehouse. */
const ORDER_STATUS: Record<ProfileId, (bas: BasSandbox) => Status> = {
	unf: (bas) => {
		const state = 'Catalog_СостоянияЗаказовПокупателей';
		const shipping = String(bas.store.create(state, { Description: 'До відвантаження' }).Ref_Key);
		return {
			field: 'СостояниеЗаказа',
			value: `${state}(guid'${shipping}')`,
			fields: { СостояниеЗаказа: shipping, СостояниеЗаказа_Type: `StandardODATA.${state}` },
		};
	},
	ut: () => ({ field: 'Статус', value: 'КОтгрузке', fields: { Статус: 'КОтгрузке' } }),
	bp: (bas) => {
		const warehouse = firstRef(bas, 'Catalog_Склады');
		return { field: 'Склад_Key', value: warehouse, fields: { Склад_Key: warehouse } };
	},
};

const basTrigger = (parameters: INode['parameters']) => basNode('basTrigger', parameters);

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Trigger through n8n-core’s poll path (%s)', (profile) => {
	const ORDERS = CUSTOMER_ORDER[profile].document;
	let bas: BasSandbox;
	const credentials = (extra: Parameters<typeof basCredentials>[1] = {}) => basCredentials(bas, extra);

	/** Successive polls of one active trigger, its static data carried between them as n8n stores it. */
	function activeTrigger(parameters: INode['parameters']) {
		let staticData: IDataObject = {};
		return async () => {
			const run = await pollTrigger({ node: basTrigger(parameters), credentials: credentials(), staticData });
			staticData = run.staticData;
			return run;
		};
	}
	const changes = (items: Array<{ json: IDataObject }> | null) =>
		(items ?? []).map((item) => [item.json.Ref_Key, item.json._change]);

	/** Server wall-clock time `days` ago, as 1C stores a document's Date. */
	const daysAgo = (days: number) =>
		DateTime.now().setZone('Europe/Kyiv').minus({ days }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
	const order = (body: IDataObject = {}) => bas.store.create(ORDERS, { Date: daysAgo(1), ...body }).Ref_Key as string;
	const patch = (set: string, ref: string, body: IDataObject) => bas.store.update(set, ref, body);

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
	});
	afterAll(async () => bas.close());
	beforeEach(async () => {
		await fetch(`${bas.url}/__sandbox/reset`, { method: 'POST' });
	});

	it('stays quiet on the first poll, then emits a created and a changed document once each', async () => {
		const poll = activeTrigger({ entitySet: ORDERS });
		const existing = order({ Комментарий: 'before activation' });

		const first = await poll();
		expect(first.items).toBeNull();
		expect(first.staticDataChanged).toBe(true);

		const created = order({ Комментарий: 'new' });
		const second = await poll();
		expect(changes(second.items)).toEqual([[created, 'created']]);
		expect(second.items?.[0].json).toMatchObject({ Комментарий: 'new', _previousDataVersion: null });
		const createdVersion = second.items?.[0].json.DataVersion;

		patch(ORDERS, created, { СуммаДокумента: 1234 });
		const third = await poll();
		expect(changes(third.items)).toEqual([[created, 'changed']]);
		expect(third.items?.[0].json).toMatchObject({ СуммаДокумента: 1234, _previousDataVersion: createdVersion });
		expect(third.items?.[0].json.DataVersion).not.toBe(createdVersion);

		bas.requests.splice(0);
		const fourth = await poll();
		expect(fourth.items).toBeNull();
		// a quiet poll reads versions only: one page and the empty page that ends it
		expect(bas.requests.map((r) => decodeURIComponent(r.url))).toEqual([
			expect.stringContaining('$select=Ref_Key,DataVersion'),
			expect.stringContaining('$select=Ref_Key,DataVersion'),
		]);
		expect(decodeURIComponent(bas.requests[0].url)).toContain("$filter=Date ge datetime'");
		expect(changes(second.items).flat()).not.toContain(existing);
	});

	it('sees edits to older documents inside the look-back, and none outside it', async () => {
		const poll = activeTrigger({ entitySet: ORDERS, lookBackDays: 30 });
		const older = order({ Date: daysAgo(20) });
		const tooOld = order({ Date: daysAgo(40) });
		expect((await poll()).items).toBeNull();

		patch(ORDERS, older, { Комментарий: 'edited' });
		patch(ORDERS, tooOld, { Комментарий: 'edited' });
		const run = await poll();
		expect(changes(run.items)).toEqual([[older, 'changed']]);
		// only the documents of the window are remembered
		const cursor = run.staticData['node:BAS Trigger'] as { basTriggerCursor: { versions: IDataObject } };
		expect(Object.keys(cursor.basTriggerCursor.versions)).toEqual([older]);
	});

	it('misses no document dated the same second as one already seen', async () => {
		const poll = activeTrigger({ entitySet: ORDERS });
		const second = daysAgo(0.5);
		const first = order({ Date: second });
		expect((await poll()).items).toBeNull();

		const sameSecond = order({ Date: second });
		const run = await poll();
		expect(changes(run.items)).toEqual([[sameSecond, 'created']]);
		expect(run.items?.[0].json.Date).toBe(bas.store.get(ORDERS, first).Date);
		expect((await poll()).items).toBeNull();
	});

	it('emits in document date order and returns only the chosen fields', async () => {
		const poll = activeTrigger({ entitySet: ORDERS, options: { fields: ['Number', 'СуммаДокумента'] } });
		expect((await poll()).items).toBeNull();
		const later = order({ Date: daysAgo(1) });
		const earlier = order({ Date: daysAgo(2) });
		const run = await poll();
		expect(changes(run.items)).toEqual([
			[earlier, 'created'],
			[later, 'created'],
		]);
		expect(Object.keys(run.items?.[0].json ?? {}).sort()).toEqual(
			['DataVersion', 'Number', 'Ref_Key', 'СуммаДокумента', '_change', '_previousDataVersion'].sort(),
		);
	});

	it('filters by posted, organisation and status, with the builder', async () => {
		const organisation = bas.store.list('Catalog_Организации')[0].Ref_Key as string;
		const other = bas.store.create('Catalog_Организации', { Description: 'Інша' }).Ref_Key as string;
		const { field, value, fields: status } = ORDER_STATUS[profile](bas);
		const poll = activeTrigger({
			entitySet: ORDERS,
			filters: { postedOnly: true, organisation, statusField: field, statusValues: value },
		});
		expect((await poll()).items).toBeNull();

		const matching = order({ Организация_Key: organisation, ...status });
		const otherOrganisation = order({ Организация_Key: other, ...status });
		const otherStatus = order({ Организация_Key: organisation });
		for (const ref of [matching, otherOrganisation, otherStatus]) {
			const document = bas.store.get(ORDERS, ref);
			document.Posted = true;
			document.DataVersion = bas.store.nextDataVersion();
		}
		const notPosted = order({ Организация_Key: organisation, ...status });

		const run = await poll();
		expect(changes(run.items)).toEqual([[matching, 'created']]);
		expect(notPosted).toBeDefined();
	});

	it('refuses a filter on a field the object does not have before reading anything', async () => {
		const poll = activeTrigger({ entitySet: ORDERS, filters: { statusField: 'СтатусCRM', statusValues: 'КОтгрузке' } });
		bas.requests.splice(0);
		await expect(poll()).rejects.toThrow(`${ORDERS} has no field "СтатусCRM" (Status Field)`);
		expect(bas.requests.filter((r) => r.url.includes(ORDERS))).toEqual([]);
	});

	it('watches a catalog by DataVersion: a changed and a new item, each once', async () => {
		const poll = activeTrigger({ entitySet: ITEMS });
		expect((await poll()).items).toBeNull();

		const item = bas.store.list(ITEMS).find((row) => row.IsFolder === false)!.Ref_Key as string;
		patch(ITEMS, item, { Description: 'Футболка нова' });
		const created = bas.store.create(ITEMS, { Description: 'Кепка', Артикул: 'CAP-1' }).Ref_Key as string;
		const run = await poll();
		expect(changes(run.items)).toEqual(
			expect.arrayContaining([
				[item, 'changed'],
				[created, 'created'],
			]),
		);
		expect(run.items).toHaveLength(2);
		expect((await poll()).items).toBeNull();
	});

	it('emits what exists on the first run when asked (a backfill), then only changes', async () => {
		const poll = activeTrigger({ entitySet: ORDERS, options: { emitExistingOnFirstRun: true } });
		const a = order({ Date: daysAgo(3) });
		const b = order({ Date: daysAgo(2) });
		expect(changes((await poll()).items)).toEqual([
			[a, 'created'],
			[b, 'created'],
		]);
		expect((await poll()).items).toBeNull();
	});

	it('reads a large backlog in short URLs and leaves what the poll budget does not allow for the next poll', async () => {
		const refs = Array.from({ length: 70 }, (_, i) => order({ Date: daysAgo(3 + i / 1000) }));
		let staticData: IDataObject = {};
		const emitted: unknown[] = [];
		const budgetPolls: Array<number | null> = [];
		for (let i = 0; i < 10 && emitted.length < refs.length; i++) {
			// no time to spare: each poll reads one batch of objects and stops
			const run = await pollTrigger({
				node: basTrigger({ entitySet: ORDERS, options: { emitExistingOnFirstRun: true } }),
				credentials: credentials(),
				staticData,
				pollBudgetMs: 0,
			});
			staticData = run.staticData;
			budgetPolls.push(run.items?.length ?? null);
			emitted.push(...(run.items ?? []).map((item) => item.json.Ref_Key));
		}
		// one URL-sized batch per poll, the last one shorter
		expect(budgetPolls.length).toBe(3);
		expect(budgetPolls[0]).toBe(budgetPolls[1]);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect(new Set(emitted)).toEqual(new Set(refs));
		expect(Math.max(...bas.requests.map((r) => r.url.length))).toBeLessThanOrEqual(2000);
		const after = await pollTrigger({
			node: basTrigger({ entitySet: ORDERS, options: { emitExistingOnFirstRun: true } }),
			credentials: credentials(),
			staticData,
		});
		expect(after.items).toBeNull();
	});

	it("keeps each URL within the credential's Max URL Length", async () => {
		Array.from({ length: 40 }, (_, i) => order({ Date: daysAgo(3 + i / 1000) }));
		const firstBatch = async (maxUrlLength: number) => {
			const from = bas.requests.length;
			const run = await pollTrigger({
				node: basTrigger({ entitySet: ORDERS, options: { emitExistingOnFirstRun: true } }),
				credentials: credentials({ maxUrlLength }),
				staticData: {},
				pollBudgetMs: 0,
			});
			// the log keeps URLs decoded; what the server limits is the encoded request line
			const longest = Math.max(...bas.requests.slice(from).map((r) => encodeURI(r.url).length));
			return { read: run.items?.length ?? 0, longest };
		};
		const wide = await firstBatch(4000);
		const narrow = await firstBatch(1000);
		expect(narrow.longest).toBeLessThanOrEqual(1000);
		expect(wide.longest).toBeGreaterThan(1000);
		expect(narrow.read).toBeLessThan(wide.read);
	});

	it('starts over quietly when the filters change', async () => {
		let staticData: IDataObject = {};
		const pollWith = async (parameters: INode['parameters']) => {
			const run = await pollTrigger({ node: basTrigger(parameters), credentials: credentials(), staticData });
			staticData = run.staticData;
			return run;
		};
		order();
		expect((await pollWith({ entitySet: ORDERS, lookBackDays: 30 })).items).toBeNull();
		order({ Date: daysAgo(50) });
		// a longer window takes in older documents: they are not news
		expect((await pollWith({ entitySet: ORDERS, lookBackDays: 60 })).items).toBeNull();
		const created = order();
		expect(changes((await pollWith({ entitySet: ORDERS, lookBackDays: 60 })).items)).toEqual([[created, 'created']]);
	});

	it('shows the latest few documents, newest first, on a manual test run', async () => {
		const refs = [6, 5, 4, 3, 2, 1].map((days) => order({ Date: daysAgo(days) }));
		const result = await runWorkflow({
			workflow: { nodes: [basTrigger({ entitySet: ORDERS })], connections: {} },
			credentials: credentials(),
		});
		expect(result.status).toBe('success');
		const items = result.output('BAS Trigger').map((item) => item.json);
		expect(items.map((item) => item.Ref_Key)).toEqual(refs.slice(1).reverse());
		expect(items.every((item) => item._change === 'created')).toBe(true);
	});
});
