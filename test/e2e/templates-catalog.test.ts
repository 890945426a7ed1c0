/**
 * Templates 6 and 7 in real n8n: BAS items → KeyCRM products, and the KeyCRM catalog → BAS items
 * with the category tree as item folders. Each is imported from workflows/ with the credentials
 * bound and run as the editor runs it; what it did is read back from the sandboxes.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basRows,
	basWritesSince,
	connectE2e,
	type E2eState,
	keyCrmApi,
	loadTemplate,
	nodeOf,
	setSetting,
} from '../helpers/e2e';
import { basCreate, basPatch, keyCrmOffersBySku, keyCrmProductCount } from '../helpers/e2e-catalog';

jest.setTimeout(300_000);

const ITEMS = 'Catalog_Номенклатура';

let n8n: N8nClient;
let state: E2eState;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
});

describe('template 6: BAS items → KeyCRM products', () => {
	const TRIGGER = 'BAS item created or changed';
	let workflowId: string;
	let folder: string;
	const items: Array<Record<string, unknown>> = [];

	beforeAll(async () => {
		// a folder of new items, and one of their SKUs already in KeyCRM under an old name
		folder = String((await basCreate(state, ITEMS, { Description: 'E2E шаблон 6', IsFolder: true })).Ref_Key);
		for (const [sku, name] of [
			['E6-00001', 'Футболка тестова біла'],
			['E6-00002', 'Шкарпетки тестові сірі'],
		]) {
			items.push(
				await basCreate(state, ITEMS, {
					Description: name,
					НаименованиеПолное: `${name}, артикул ${sku}`,
					Артикул: sku,
					Parent_Key: folder,
				}),
			);
		}
		await keyCrmApi(state, 'POST', '/products', { name: 'Стара назва E6-00002', sku: 'E6-00002', price: 99 });

		const template = loadTemplate('bas-items-to-crm.json', state);
		// what a user does to sync one folder: the trigger watches the items whose parent is that folder
		nodeOf(template, TRIGGER).parameters.filters = { statusField: 'Parent_Key', statusValues: folder };
		workflowId = (await n8n.importWorkflow(template)).id;
	});

	it('each item becomes one KeyCRM product matched by SKU: new ones created, a known SKU updated', async () => {
		const productsBefore = await keyCrmProductCount(state);
		const execution = await n8n.runManually(workflowId, TRIGGER);
		expect(execution.status).toBe('success');
		expect(execution.output('Create the KeyCRM product')).toHaveLength(1);
		expect(execution.output('Update the KeyCRM product')).toHaveLength(1);

		const offers = await keyCrmOffersBySku(state, ['E6-00001', 'E6-00002']);
		expect(offers.map((o) => [o.sku, o.product?.name, o.product?.description])).toEqual([
			['E6-00002', 'Шкарпетки тестові сірі', 'Шкарпетки тестові сірі, артикул E6-00002'],
			['E6-00001', 'Футболка тестова біла', 'Футболка тестова біла, артикул E6-00001'],
		]);
		expect(await keyCrmProductCount(state)).toBe(productsBefore + 1);
	});

	it('a renamed item updates its product; run twice, nothing is doubled', async () => {
		await basPatch(state, ITEMS, items[0].Ref_Key, { Description: 'Футболка тестова чорна' });
		const productsBefore = await keyCrmProductCount(state);
		for (let run = 0; run < 2; run++) {
			const execution = await n8n.runManually(workflowId, TRIGGER);
			expect(execution.status).toBe('success');
			expect(execution.output('Create the KeyCRM product')).toEqual([]);
			expect(execution.output('Update the KeyCRM product')).toHaveLength(2);
		}
		const offers = await keyCrmOffersBySku(state, ['E6-00001', 'E6-00002']);
		expect(offers).toHaveLength(2);
		expect(offers.find((o) => o.sku === 'E6-00001')?.product?.name).toBe('Футболка тестова чорна');
		expect(await keyCrmProductCount(state)).toBe(productsBefore);
	});
});

describe('template 7: KeyCRM catalog → BAS items with the category tree as folders', () => {
	const TRIGGER = 'Every night';
	let workflowId: string;
	let cap: number;

	const folderNamed = async (name: string) => {
		const found = (await basRows(state, ITEMS, `Description eq '${name}' and IsFolder eq true`)).filter(
			(f) => f.DeletionMark !== true,
		);
		expect(found).toHaveLength(1);
		return found[0];
	};
	const itemsWithSku = async (sku: string) =>
		(await basRows(state, ITEMS, `Артикул eq '${sku}'`)).filter((i) => i.DeletionMark !== true);

	beforeAll(async () => {
		// a category tree of its own in KeyCRM: E2E шаблон 7 / Футболки E2E7, a product in each
		const root = await keyCrmApi<{ id: number }>(state, 'POST', '/products/categories', { name: 'E2E шаблон 7' });
		const child = await keyCrmApi<{ id: number }>(state, 'POST', '/products/categories', {
			name: 'Футболки E2E7',
			parent_id: root.id,
		});
		await keyCrmApi(state, 'POST', '/products', {
			name: 'Футболка E2E7 біла',
			sku: 'E7-TEE',
			price: 450,
			category_id: child.id,
		});
		// a product with two sizes: offers `E7-CAP/S`, `E7-CAP/M` are one BAS item `E7-CAP`
		cap = (await keyCrmApi<{ id: number }>(state, 'POST', '/products', { name: 'Кепка E2E7', category_id: root.id }))
			.id;
		await keyCrmApi(state, 'POST', `/products/${cap}/offers`, {
			offers: [
				{ sku: 'E7-CAP/S', price: 300 },
				{ sku: 'E7-CAP/M', price: 300 },
			],
		});

		const template = loadTemplate('crm-catalog-to-bas.json', state);
		setSetting(template, 'keyCrmCategoryIds', String(root.id));
		workflowId = (await n8n.importWorkflow(template)).id;
	});

	it('the chosen category tree becomes nested item folders, each variant an item by SKU in its folder', async () => {
		const execution = await n8n.runManually(workflowId, TRIGGER);
		expect(execution.status).toBe('success');
		expect(execution.output('Folders for the categories').map((f) => f.json.Description)).toEqual([
			'E2E шаблон 7',
			'Футболки E2E7',
		]);

		const root = await folderNamed('E2E шаблон 7');
		const child = await folderNamed('Футболки E2E7');
		expect(root.Parent_Key).toBe('00000000-0000-0000-0000-000000000000');
		expect(child.Parent_Key).toBe(root.Ref_Key);

		const [tee] = await itemsWithSku('E7-TEE');
		expect(tee).toMatchObject({ Description: 'Футболка E2E7 біла', Parent_Key: child.Ref_Key, IsFolder: false });
		const caps = await itemsWithSku('E7-CAP');
		expect(caps).toHaveLength(1);
		expect(caps[0]).toMatchObject({ Description: 'Кепка E2E7', Parent_Key: root.Ref_Key });
		// nothing from the rest of the KeyCRM catalog
		expect(await itemsWithSku('TSW-S')).toEqual([]);
	});

	it('run twice, nothing is doubled and nothing is written; a renamed product renames its item', async () => {
		const since = Date.now();
		const again = await n8n.runManually(workflowId, TRIGGER);
		expect(again.status).toBe('success');
		expect(await basWritesSince(state, since)).toEqual([]);
		expect(await itemsWithSku('E7-TEE')).toHaveLength(1);
		expect(await itemsWithSku('E7-CAP')).toHaveLength(1);

		const [before] = await itemsWithSku('E7-CAP');
		await keyCrmApi(state, 'PUT', `/products/${cap}`, { name: 'Кепка E2E7 літня' });
		expect((await n8n.runManually(workflowId, TRIGGER)).status).toBe('success');
		const after = await itemsWithSku('E7-CAP');
		expect(after).toHaveLength(1);
		expect(after[0]).toMatchObject({ Ref_Key: before.Ref_Key, Description: 'Кепка E2E7 літня' });
	});
});
