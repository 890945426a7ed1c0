/**
 * BAS Catalog's writing operations through the n8n engine against the BAS sandbox, in UNF, UT and BP:
 * Find or Create (found / created, once however often or however concurrently it runs), Create or
 * Update (created / updated with only what differs / unchanged with no write), folder paths
 * created once for all items that share them, category trees as folders, and bad input refused
 * before anything is sent, to the error output with the item's data.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject, INode, INodeParameters, INodeType, ResourceMapperFields } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, basNode, basRequests, defineBelow, ITEM_FLAG, runBasNode } from '../helpers/bas';
import { createAdditionalData, loadPackage } from '../helpers/engine';

const CATALOG = 'Catalog_Номенклатура';

const continueOnError = 'continueErrorOutput';

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Catalog, writing catalog items (%s)', (profile) => {
	let bas: BasSandbox;
	const flag = ITEM_FLAG[profile];

	const run = (parameters: INode['parameters'], items?: IDataObject[], onError?: INode['onError']) =>
		runBasNode({
			type: 'basCatalog',
			parameters: { resource: 'catalog', catalog: CATALOG, ...parameters },
			items,
			onError,
			credentials: basCredentials(bas),
		});
	const dataRequests = () => basRequests(bas).data();
	const writes = () => basRequests(bas).writes();
	const rows = () => bas.store.list(CATALOG);
	const withSku = (sku: string) => rows().filter((row) => row.Артикул === sku && row.DeletionMark !== true);
	const folders = (name: string) => rows().filter((row) => row.IsFolder === true && row.Description === name);

	const findOrCreate = (fields: IDataObject, options: INodeParameters = {}): INodeParameters => ({
		operation: 'findOrCreate',
		matchOn: { conditions: [{ field: 'Артикул', value: '={{ $json.sku }}' }] },
		columns: defineBelow(fields),
		options,
	});
	const upsert = (fields: IDataObject, options: INodeParameters = {}, matchOn = ['Артикул']): INodeParameters => ({
		operation: 'upsert',
		columns: defineBelow(fields, matchOn),
		options,
	});

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.reset());

	/** The resource mapper's columns as the editor loads them, through n8n-core's load-options context. */
	const columnsFor = async (operation: string): Promise<ResourceMapperFields> => {
		const node = basNode('basCatalog', { resource: 'catalog', catalog: CATALOG, ...upsert({}), operation });
		const { nodeTypes } = await loadPackage();
		const graph = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const context = new LoadOptionsContext(graph, node, await createAdditionalData(basCredentials(bas)), 'columns');
		const type = nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
		return await type.methods!.resourceMapping!.getCatalogColumns.call(context);
	};

	it('offers the catalog fields from $metadata to the resource mapper, with the SKU to match on for an upsert', async () => {
		const upsertColumns = (await columnsFor('upsert')).fields;
		const byId = (id: string) => upsertColumns.find((field) => field.id === id);
		expect(byId('Артикул')).toMatchObject({ canBeUsedToMatch: true, defaultMatch: true, type: 'string' });
		expect(byId('Code')).toMatchObject({ canBeUsedToMatch: true, defaultMatch: false });
		expect(byId('Parent_Key')).toMatchObject({ canBeUsedToMatch: true, displayName: expect.stringContaining(CATALOG) });
		expect(byId(flag)).toMatchObject({ type: 'boolean' });
		expect(byId('IsFolder')).toBeUndefined();
		expect(byId('DataVersion')).toBeUndefined();
		const addColumns = (await columnsFor('findOrCreate')).fields;
		expect(addColumns.map((field) => field.id)).toEqual(upsertColumns.map((field) => field.id));
		expect(addColumns.some((field) => field.canBeUsedToMatch)).toBe(false);
	});

	describe('Find or Create', () => {
		it('creates the item once: the second item of a run and a second run find it', async () => {
			const parameters = findOrCreate({ Description: '={{ $json.name }}' });
			const first = await run(parameters, [
				{ sku: 'FOC-1', name: 'Футболка біла' },
				{ sku: 'FOC-1', name: 'Футболка біла' },
			]);
			expect(first.status).toBe('success');
			const [created, again] = first.json();
			expect(created).toMatchObject({
				status: 'created',
				Артикул: 'FOC-1',
				Description: 'Футболка біла',
				IsFolder: false,
			});
			expect(again).toMatchObject({ status: 'found', Ref_Key: created.Ref_Key, Description: 'Футболка біла' });

			const second = await run(parameters, [{ sku: 'FOC-1', name: 'Футболка біла' }]);
			expect(second.json()).toEqual([expect.objectContaining({ status: 'found', Ref_Key: created.Ref_Key })]);
			expect(withSku('FOC-1')).toHaveLength(1);
			expect(writes().filter((r) => r.method === 'POST')).toHaveLength(1);
		});

		it('finds an existing item without writing and outputs it whole', async () => {
			const item = rows().find((row) => row.IsFolder !== true && row.Артикул)!;
			const result = await run(findOrCreate({ Description: 'never used' }), [{ sku: String(item.Артикул) }]);
			expect(result.json()).toEqual([
				expect.objectContaining({
					status: 'found',
					Ref_Key: item.Ref_Key,
					Description: item.Description,
					Code: item.Code,
				}),
			]);
			expect(writes()).toEqual([]);
		});

		it('settles two executions creating the same item at once on one item', async () => {
			bas.faults.set({ latencyMs: 40 });
			const parameters = findOrCreate({ Description: 'Кепка' });
			const [a, b] = await Promise.all([run(parameters, [{ sku: 'RACE-1' }]), run(parameters, [{ sku: 'RACE-1' }])]);
			bas.faults.reset();
			const kept = withSku('RACE-1');
			expect(kept).toHaveLength(1);
			expect([...a.json(), ...b.json()].map((item) => item.Ref_Key)).toEqual([kept[0].Ref_Key, kept[0].Ref_Key]);
			// a loser's own item is marked for deletion, never deleted
			const all = rows().filter((row) => row.Артикул === 'RACE-1');
			expect(all.filter((row) => row.DeletionMark === true)).toHaveLength(all.length - 1);
		});

		it('refuses to guess between two matching items, listing them, and writes nothing', async () => {
			const one = bas.store.create(CATALOG, { Description: 'Двійник 1', Артикул: 'TWIN' });
			const two = bas.store.create(CATALOG, { Description: 'Двійник 2', Артикул: 'TWIN' });
			const result = await run(findOrCreate({ Description: 'x' }), [{ sku: 'TWIN', order: 1 }], continueOnError);
			expect(result.output(0)).toHaveLength(0);
			const [failed] = result.output(1);
			expect(failed.json).toMatchObject({ sku: 'TWIN', order: 1 });
			expect(String(failed.json.error)).toMatch(
				/^Item 0: 2 Catalog_Номенклатура objects match where Артикул equals "TWIN"/,
			);
			expect(String(failed.json.error)).toContain(String(one.Ref_Key));
			expect(String(failed.json.error)).toContain(String(two.Ref_Key));
			expect(writes()).toEqual([]);
		});
	});

	describe('Create or Update', () => {
		it('creates, then leaves an item with the same values alone, then sends only what differs', async () => {
			const fields = { Артикул: 'UPS-1', Description: 'Светр', НаименованиеПолное: 'Светр вовняний' };
			const created = await run(upsert(fields));
			expect(created.json()).toEqual([expect.objectContaining({ status: 'created', Артикул: 'UPS-1' })]);
			const [item] = withSku('UPS-1');
			const version = item.DataVersion;

			bas.requests.splice(0);
			const unchanged = await run(upsert(fields));
			expect(unchanged.json()).toEqual([
				expect.objectContaining({ status: 'unchanged', Ref_Key: item.Ref_Key, DataVersion: version }),
			]);
			expect(writes()).toEqual([]);
			expect(withSku('UPS-1')[0].DataVersion).toBe(version);

			bas.requests.splice(0);
			const updated = await run(upsert({ ...fields, Description: 'Светр теплий' }));
			expect(updated.json()).toEqual([
				expect.objectContaining({
					status: 'updated',
					Ref_Key: item.Ref_Key,
					Description: 'Светр теплий',
					changedFields: ['Description'],
				}),
			]);
			expect(writes()).toEqual([expect.objectContaining({ method: 'PATCH', body: { Description: 'Светр теплий' } })]);
			expect(withSku('UPS-1')).toHaveLength(1);
			expect(withSku('UPS-1')[0].DataVersion).not.toBe(version);
		});

		it('matches on the code too, and compares numbers and booleans as the base stores them', async () => {
			const item = rows().find((row) => row.IsFolder !== true && row.Code)!;
			const numeric = bas.schema.objects[CATALOG].fields.find((f) => f.type.kind === 'number' && !f.system)!;
			bas.store.update(CATALOG, String(item.Ref_Key), { [flag]: false, [numeric.name]: 12 });
			const same: IDataObject = {
				Code: String(item.Code),
				Description: String(item.Description),
				[flag]: 'false',
				[numeric.name]: '12',
			};
			const result = await run(upsert(same, {}, ['Code']));
			expect(result.json()).toEqual([expect.objectContaining({ status: 'unchanged', Ref_Key: item.Ref_Key })]);
			expect(writes()).toEqual([]);

			const changed = await run(upsert({ ...same, [numeric.name]: '12.5' }, {}, ['Code']));
			expect(changed.json()).toEqual([expect.objectContaining({ status: 'updated', changedFields: [numeric.name] })]);
		});

		it('refuses to guess between two matching items, and writes nothing', async () => {
			bas.store.create(CATALOG, { Description: 'Двійник 1', Артикул: 'TWIN' });
			bas.store.create(CATALOG, { Description: 'Двійник 2', Артикул: 'TWIN' });
			const result = await run(upsert({ Артикул: 'TWIN', Description: 'x' }), [{ row: 3 }], continueOnError);
			const [failed] = result.output(1);
			expect(failed.json).toMatchObject({ row: 3 });
			expect(String(failed.json.error)).toContain('2 Catalog_Номенклатура objects match where Артикул equals "TWIN"');
			expect(writes()).toEqual([]);
		});

		it.each([
			[
				'a field the catalog does not have before sending anything, naming item, field and value',
				{ Артикул: 'NEW-9', Description: 'x', НетТакогоПоля: 'abc' },
				[{ crmId: 41 }, { crmId: 42 }],
				`Item 1: Field "НетТакогоПоля": "abc" cannot be written: ${CATALOG} has no field "НетТакогоПоля" in the base's $metadata`,
			],
			[
				'a value of the wrong type, naming item, field and value',
				{ Артикул: 'NEW-10', Description: 'x', [flag]: 'maybe' },
				[{ crmId: 7 }],
				`Item 0: Field "${flag}": "maybe" is not true or false`,
			],
		])('refuses %s', async (_case, fields, items, message) => {
			const result = await run(upsert(fields), items, continueOnError);
			// every item fails the same way; the last one's error names it
			const failed = result.json(1);
			expect(failed).toHaveLength(items.length);
			expect(failed[items.length - 1]).toMatchObject(items[items.length - 1]);
			expect(String(failed[items.length - 1].error)).toBe(message);
			expect(dataRequests()).toEqual([]);
		});

		it('refuses an item with no value for the field to match on', async () => {
			const result = await run(upsert({ Артикул: '', Description: 'x' }), [{}], continueOnError);
			const [failed] = result.json(1);
			expect(String(failed.error)).toContain('no value for "Артикул"');
			expect(dataRequests()).toEqual([]);
		});
	});

	describe('folders', () => {
		const PATH = 'Тест Одяг / Футболки / Чоловічі';
		const tree = () => {
			const [top] = folders('Тест Одяг');
			const [middle] = folders('Футболки').filter((row) => row.Parent_Key === top?.Ref_Key);
			const [leaf] = folders('Чоловічі').filter((row) => row.Parent_Key === middle?.Ref_Key);
			return { top, middle, leaf };
		};
		const posts = () => writes().filter((r) => r.method === 'POST');

		it('creates a 3-level path once for 5 items that share it, and puts them in the last folder', async () => {
			const inputs = [1, 2, 3, 4, 5].map((n) => ({ sku: `TEE-${n}`, name: `Футболка ${n}` }));
			const result = await run(
				upsert({ Артикул: '={{ $json.sku }}', Description: '={{ $json.name }}' }, { folderPath: PATH }),
				inputs,
			);
			expect(result.status).toBe('success');
			expect(result.json().map((item) => item.status)).toEqual(Array(5).fill('created'));
			const { top, middle, leaf } = tree();
			expect(top).toMatchObject({ IsFolder: true, Parent_Key: '00000000-0000-0000-0000-000000000000' });
			expect(middle).toMatchObject({ IsFolder: true });
			expect(leaf).toMatchObject({ IsFolder: true });
			for (const name of ['Тест Одяг', 'Футболки', 'Чоловічі']) {
				expect(folders(name).filter((row) => row.DeletionMark !== true).length).toBeGreaterThanOrEqual(1);
			}
			// 3 folders and 5 items: no folder twice
			expect(posts()).toHaveLength(8);
			expect(posts().filter((r) => (r.body as IDataObject).IsFolder === true)).toHaveLength(3);
			for (const n of [1, 2, 3, 4, 5]) expect(withSku(`TEE-${n}`)[0].Parent_Key).toBe(leaf.Ref_Key);

			// another run, the path as an array (a CRM category and its parents): the folders are found
			bas.requests.splice(0);
			const again = await run(
				upsert(
					{ Артикул: '={{ $json.sku }}', Description: '={{ $json.name }}' },
					{ folderPath: '={{ ["Тест Одяг", "Футболки", "Чоловічі"] }}' },
				),
				[{ sku: 'TEE-6', name: 'Футболка 6' }],
			);
			expect(again.json()).toEqual([expect.objectContaining({ status: 'created', Parent_Key: leaf.Ref_Key })]);
			expect(posts()).toHaveLength(1);
			expect(folders('Чоловічі').filter((row) => row.Parent_Key === middle.Ref_Key)).toHaveLength(1);
		});

		it('moves an existing item into the folder of its path, and creates new items there with Find or Create', async () => {
			bas.store.create(CATALOG, { Description: 'Шорти', Артикул: 'MOVE-1' });
			const moved = await run(upsert({ Артикул: 'MOVE-1', Description: 'Шорти' }, { folderPath: 'Тест Одяг/Шорти' }));
			const [top] = folders('Тест Одяг');
			const [shorts] = folders('Шорти').filter((row) => row.Parent_Key === top.Ref_Key);
			expect(moved.json()).toEqual([
				expect.objectContaining({ status: 'updated', Parent_Key: shorts.Ref_Key, changedFields: ['Parent_Key'] }),
			]);

			bas.requests.splice(0);
			const created = await run(findOrCreate({ Description: 'Шорти сині' }, { folderPath: 'Тест Одяг/Шорти' }), [
				{ sku: 'FOC-SH' },
			]);
			expect(created.json()).toEqual([expect.objectContaining({ status: 'created', Parent_Key: shorts.Ref_Key })]);
			expect(posts()).toHaveLength(1);
		});

		it('lands a CRM category tree as a folder tree, each folder once', async () => {
			const categories = [
				{ id: 1, path: ['Тест Взуття'] },
				{ id: 2, path: ['Тест Взуття', 'Кросівки'] },
				{ id: 3, path: ['Тест Взуття', 'Черевики'] },
				{ id: 4, path: ['Тест Взуття', 'Кросівки'] },
			];
			const result = await run({ operation: 'findOrCreateFolders', folderPath: '={{ $json.path }}' }, categories);
			expect(result.status).toBe('success');
			const out = result.json();
			expect(out.map((item) => [item.status, item.Description])).toEqual([
				['created', 'Тест Взуття'],
				['created', 'Кросівки'],
				['created', 'Черевики'],
				['found', 'Кросівки'],
			]);
			const [shoes] = folders('Тест Взуття');
			expect(out[1]).toMatchObject({ Parent_Key: shoes.Ref_Key, createdFolders: ['Кросівки'] });
			expect(posts()).toHaveLength(3);

			bas.requests.splice(0);
			const again = await run({ operation: 'findOrCreateFolders', folderPath: 'Тест Взуття / Черевики' });
			expect(again.json()).toEqual([expect.objectContaining({ status: 'found', Ref_Key: out[2].Ref_Key })]);
			expect(posts()).toHaveLength(0);
		});

		it('refuses a folder path for a catalog without folders', async () => {
			const flat = Object.keys(bas.store.schema.objects).find(
				(set) => set.startsWith('Catalog_') && !bas.store.schema.objects[set].hierarchical,
			)!;
			const result = await run(
				{ operation: 'findOrCreateFolders', catalog: flat, folderPath: 'A / B' },
				[{}],
				continueOnError,
			);
			const [failed] = result.output(1);
			expect(String(failed.json.error)).toBe(`Item 0: ${flat} has no folders (no IsFolder and Parent_Key)`);
			expect(writes()).toEqual([]);
		});
	});
});
