/**
 * Templates 3–5 in real n8n: BAS → CRM order status and amount (BAS Trigger), stock on a schedule
 * with a nightly full reconciliation, prices and cost prices — imported from workflows/,
 * credentials bound, published, and run in production mode (static data is saved only then):
 * the polling template by publishing again (n8n polls on activation), the scheduled ones by their
 * Schedule Trigger set to fire every few seconds. What they did is read back from the CRM
 * sandboxes (orders, notes, products, offers, the request logs) and compared with BAS over OData.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basRows,
	connectE2e,
	type E2eState,
	eventually,
	finishedExecutions,
	keyCrmApi,
	loadTemplate,
	pickBasValues,
	nodeOf,
	salesDriveApi,
	sandboxCall,
	type WorkflowJson,
} from '../helpers/e2e';
import {
	basCrmKeys,
	basFreeStock,
	basPrices,
	basToday,
	basUnitCosts,
	createDocument,
	fireEverySeconds,
	keyCrmOffers,
	pollNow,
	publishPolling,
	receiveStock,
	refByName,
	salesDriveProducts,
	seedCrmProducts,
	unpublish,
	updateDocument,
	writesSince,
} from '../helpers/e2e-bas-to-crm';

jest.setTimeout(300_000);

const ORDER = 'Document_ЗаказПокупателя';
const ORDER_STATES = 'Catalog_СостоянияЗаказовПокупателей';
const MAP = 'Map BAS state → CRM status';
/** BAS warehouses as the stock templates list them, with their CRM warehouse IDs */
const WAREHOUSES = { 'Основний склад': 1, 'Магазин на Хрещатику': 2, 'Склад інтернет-магазину': 3 };

let n8n: N8nClient;
let state: E2eState;
const published = new Set<string>();

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	// the CRM status changes made here must not reach templates other files left published
	await sandboxCall(`${state.sandboxes.salesDrive.url}/__sandbox/webhooks`, 'PUT', { urls: [] });
	await sandboxCall(`${state.sandboxes.keyCrm.url}/__sandbox/webhooks`, 'PUT', { urls: [] });
});

afterAll(async () => {
	for (const id of published) await unpublish(n8n, id).catch(() => undefined);
});

async function importTemplate(template: WorkflowJson): Promise<string> {
	const { id } = await n8n.importWorkflow(template);
	published.add(id);
	return id;
}

/** A BAS customer order as an exchange or a person leaves it: the CRM order id (if any), a state, a total. */
async function basOrder(crmId: string, stateName: string, total: number): Promise<string> {
	const order = await createDocument(state, ORDER, {
		Date: basToday(),
		Организация_Key: (await basRows(state, 'Catalog_Организации'))[0].Ref_Key,
		Контрагент_Key: (await basRows(state, 'Catalog_Контрагенты'))[0].Ref_Key,
		НомерВходящегоДокумента: crmId,
		СостояниеЗаказа: await refByName(state, ORDER_STATES, stateName),
		СостояниеЗаказа_Type: `StandardODATA.${ORDER_STATES}`,
		СуммаДокумента: total,
	});
	return String(order.Ref_Key);
}

async function changeBasOrder(ref: string, change: { state?: string; total?: number }): Promise<void> {
	await updateDocument(state, ORDER, ref, {
		...(change.state ? { СостояниеЗаказа: await refByName(state, ORDER_STATES, change.state) } : {}),
		...(change.total === undefined ? {} : { СуммаДокумента: change.total }),
	});
}

describe('template 3: BAS order → CRM status and amount', () => {
	const TRIGGER = 'BAS order changed';

	async function salesDriveOrder(phone: string): Promise<{ id: number; amount: number; statusId: number }> {
		const created = await salesDriveApi<{ data: { orderId: number } }>(state, 'POST', '/handler/', {
			getResultData: 1,
			fName: 'Марія',
			lName: 'Гончар',
			phone,
			products: [{ sku: 'ОД-00001', name: 'Футболка', costPerItem: 450, amount: 2 }],
		});
		return await readSalesDriveOrder(created.data.orderId);
	}

	async function readSalesDriveOrder(id: number) {
		const list = await salesDriveApi<{ data: Array<{ id: number; paymentAmount: number; statusId: number }> }>(
			state,
			'GET',
			`/api/order/list/?filter[id]=${id}&filter[statusId]=__ALL__`,
		);
		return { id, amount: Number(list.data[0].paymentAmount), statusId: Number(list.data[0].statusId) };
	}

	it('SalesDrive: the status follows the BAS state, a changed total adds a note; BAS-only orders and an unmapped state write nothing', async () => {
		const template = loadTemplate('bas-status-to-salesdrive.json', state);
		// what the user picks in the table: SalesDrive status ← BAS state ("Завершено" left out)
		await pickBasValues(state, nodeOf(template, MAP), 'orderStatusTable', ORDER_STATES, {
			1: 'Новий',
			2: 'В роботі',
			4: 'Виконано',
		});
		const [a, b, d] = [
			await salesDriveOrder('+380671410001'),
			await salesDriveOrder('+380671410002'),
			await salesDriveOrder('+380671410003'),
		];
		const orderA = await basOrder(String(a.id), 'Новий', a.amount);
		const orderB = await basOrder(String(b.id), 'Новий', b.amount);
		const orderC = await basOrder('', 'Новий', 800); // taken by phone in BAS: no CRM id
		const orderD = await basOrder(String(d.id), 'Новий', d.amount);

		const workflowId = await importTemplate(template);
		await publishPolling(n8n, workflowId, TRIGGER);
		await changeBasOrder(orderA, { state: 'В роботі', total: a.amount + 150 });
		await changeBasOrder(orderB, { state: 'Виконано' });
		await changeBasOrder(orderC, { state: 'В роботі' });
		await changeBasOrder(orderD, { state: 'Завершено' });
		const since = Date.now();
		await pollNow(n8n, workflowId);

		const [run] = await finishedExecutions(n8n, workflowId, 1);
		expect(run).toMatchObject({ status: 'success', mode: 'trigger' });
		const execution = (await n8n.readExecution(run.id))!;
		expect(execution.output(TRIGGER).map((i) => i.json.Ref_Key)).toEqual(
			expect.arrayContaining([orderA, orderB, orderC, orderD]),
		);
		expect(execution.output('Came from SalesDrive?', 1).map((i) => i.json.Ref_Key)).toEqual([orderC]);
		expect(execution.output(MAP, 1).map((i) => i.json)).toEqual([
			expect.objectContaining({ field: 'СостояниеЗаказа', label: 'Завершено' }),
		]);

		expect((await readSalesDriveOrder(a.id)).statusId).toBe(2);
		expect((await readSalesDriveOrder(b.id)).statusId).toBe(4);
		expect((await readSalesDriveOrder(d.id)).statusId).toBe(d.statusId);
		const writes = await writesSince(state.sandboxes.salesDrive.url, since);
		const updates = writes.filter((w) => w.url.startsWith('/api/order/update/')).map((w) => w.body as { id: number });
		expect(updates.sort((x, y) => x.id - y.id)).toEqual([
			{ id: a.id, data: { statusId: 2 } },
			{ id: b.id, data: { statusId: 4 } },
		]);
		const notes = writes
			.filter((w) => w.url.startsWith('/api/order/note/'))
			.map((w) => w.body as { orderId: number; note: string });
		expect(notes).toHaveLength(1);
		expect(notes[0].orderId).toBe(a.id);
		expect(notes[0].note).toContain(
			`Сума замовлення в BAS змінилася: ${a.amount + 150} грн (у SalesDrive ${a.amount} грн)`,
		);
		await unpublish(n8n, workflowId);
	});

	it('KeyCRM: the status follows the BAS state; a changed total goes into the manager comment, also without a status change', async () => {
		const template = loadTemplate('bas-status-to-keycrm.json', state);
		await pickBasValues(state, nodeOf(template, MAP), 'orderStatusTable', ORDER_STATES, {
			1: 'Новий',
			2: 'В роботі',
			4: 'Виконано',
		});
		const keyCrmOrder = async (phone: string) => {
			const created = await keyCrmApi<{ id: number }>(state, 'POST', '/order', {
				source_id: 1,
				buyer: { full_name: 'Петро Мельник', phone },
				products: [{ sku: 'ОД-00001', name: 'Футболка', price: 300, quantity: 2 }],
			});
			return await keyCrmApi<{ id: number; grand_total: number; status_id: number; manager_comment: string | null }>(
				state,
				'GET',
				`/order/${created.id}`,
			);
		};
		const a = await keyCrmOrder('+380671420001');
		const b = await keyCrmOrder('+380671420002');
		expect([a.status_id, b.status_id]).toEqual([1, 1]);
		const orderA = await basOrder(String(a.id), 'Новий', a.grand_total);
		const orderB = await basOrder(String(b.id), 'Новий', b.grand_total);

		const workflowId = await importTemplate(template);
		await publishPolling(n8n, workflowId, TRIGGER);
		await changeBasOrder(orderA, { state: 'В роботі', total: a.grand_total + 100 });
		await changeBasOrder(orderB, { total: b.grand_total - 50 });
		const since = Date.now();
		await pollNow(n8n, workflowId);

		const [run] = await finishedExecutions(n8n, workflowId, 1);
		expect(run).toMatchObject({ status: 'success', mode: 'trigger' });
		const after = async (id: number) =>
			await keyCrmApi<{ status_id: number; manager_comment: string | null }>(state, 'GET', `/order/${id}`);
		const [afterA, afterB] = [await after(a.id), await after(b.id)];
		expect(afterA.status_id).toBe(2);
		expect(afterA.manager_comment).toContain(
			`Сума замовлення в BAS змінилася: ${a.grand_total + 100} грн (у KeyCRM ${a.grand_total} грн)`,
		);
		expect(afterB.status_id).toBe(1);
		expect(afterB.manager_comment).toContain(`Сума замовлення в BAS змінилася: ${b.grand_total - 50} грн`);
		// one status update and two comments: nothing for B's unchanged status
		const writes = await writesSince(state.sandboxes.keyCrm.url, since);
		expect(writes.map((w) => `${w.method} ${w.url.replace(/^\/v1/, '')}`).sort()).toEqual(
			[`PUT /order/${a.id}`, `PUT /order/${a.id}`, `PUT /order/${b.id}`].sort(),
		);
		await unpublish(n8n, workflowId);
	});
});

/** The workflow's first finished execution that started at or after `since`. */
async function runStartedAfter(workflowId: string, since: number) {
	const [run] = await eventually(
		() => n8n.listExecutions(workflowId),
		(list) =>
			list.some((e) => Date.parse(String(e.startedAt)) >= since && !['new', 'running', 'waiting'].includes(e.status)),
		`a run of workflow ${workflowId} started after the change`,
	).then((list) =>
		list.filter((e) => Date.parse(String(e.startedAt)) >= since && !['new', 'running', 'waiting'].includes(e.status)),
	);
	expect(run.status).toBe('success');
	return (await n8n.readExecution(run.id))!;
}

describe('templates 4 and 5: BAS stock, prices and cost prices → CRM on a schedule', () => {
	let keys: string[];
	const warehouseRefs = new Map<string, number>();

	beforeAll(async () => {
		keys = (await basCrmKeys(state)).map((k) => k.key);
		await seedCrmProducts(state, keys);
		for (const [name, crm] of Object.entries(WAREHOUSES))
			warehouseRefs.set(await refByName(state, 'Catalog_СтруктурныеЕдиницы', name), crm);
	});

	/** BAS free stock as the CRM should hold it: key → CRM warehouse → quantity (0 for none or below zero). */
	async function expectedStock(): Promise<Map<string, Record<number, number>>> {
		const expected = new Map<string, Record<number, number>>();
		for (const [key, byWarehouse] of await basFreeStock(state)) {
			const row: Record<number, number> = { 1: 0, 2: 0, 3: 0 };
			for (const [ref, quantity] of byWarehouse) {
				const crm = warehouseRefs.get(ref);
				if (crm !== undefined) row[crm] += quantity;
			}
			for (const crm of [1, 2, 3]) row[crm] = Math.max(0, row[crm]);
			expected.set(key, row);
		}
		return expected;
	}

	async function expectCrmStockAsInBas() {
		const expected = await expectedStock();
		expect(expected.size).toBeGreaterThan(10);
		const products = await salesDriveProducts(state);
		const offers = new Map((await keyCrmOffers(state, [...expected.keys()])).map((o) => [o.sku, o]));
		for (const [key, row] of expected) {
			const salesDrive = products.get(key)!.stockBalanceByStock;
			const keyCrm = Object.fromEntries(offers.get(key)!.warehouse.map((w) => [w.id, w.quantity]));
			for (const crm of [1, 2, 3]) {
				expect([key, crm, Number(salesDrive[crm])]).toEqual([key, crm, row[crm]]);
				expect([key, crm, keyCrm[crm] ?? 0]).toEqual([key, crm, row[crm]]);
			}
		}
		return expected;
	}

	it('stock: the first run makes both CRMs hold BAS free stock; a receipt in BAS then sends that one balance only', async () => {
		const ids: Record<'salesDrive' | 'keyCrm', string> = { salesDrive: '', keyCrm: '' };
		const started = Date.now();
		for (const [crm, file] of [
			['salesDrive', 'bas-stock-to-salesdrive.json'],
			['keyCrm', 'bas-stock-to-keycrm.json'],
		] as const) {
			const template = loadTemplate(file, state);
			fireEverySeconds(template, 'Every 10 minutes', 5);
			ids[crm] = await importTemplate(template);
			await n8n.publishWorkflow(ids[crm]);
		}
		for (const id of Object.values(ids)) {
			const first = await runStartedAfter(id, started);
			expect(first.runData['Full reconciliation']).toBeUndefined();
			expect(first.output('Send stock changes')[0].json).toMatchObject({
				export: 'stock',
				mode: 'delta',
				notFoundCount: 0,
			});
		}
		const before = await expectCrmStockAsInBas();

		// a supplier's delivery of one variant to the shop
		const [variant] = (await basCrmKeys(state)).filter((k) => k.key.includes('-') && before.has(k.key));
		const shop = [...warehouseRefs].find(([, crm]) => crm === 2)![0];
		const since = Date.now();
		await receiveStock(state, {
			item: variant.item,
			characteristic: variant.characteristic,
			warehouse: shop,
			quantity: 7,
		});
		const expectedRow = { ...before.get(variant.key)!, 2: before.get(variant.key)![2] + 7 };
		// one value changed; SalesDrive takes a product's warehouses together, so its row of 3 goes out
		for (const [crm, id] of Object.entries(ids)) {
			const run = await runStartedAfter(id, since + 1);
			const sent = crm === 'salesDrive' ? 3 : 1;
			expect(run.output('Send stock changes')[0].json).toMatchObject({ changed: 1, sent });
		}
		for (const id of Object.values(ids)) await unpublish(n8n, id);

		// only that balance went out: one SalesDrive row (its warehouses together), one KeyCRM stock row
		const salesDriveWrites = await writesSince(state.sandboxes.salesDrive.url, since);
		expect(salesDriveWrites.map((w) => (w.body as { product: unknown[] }).product)).toEqual([
			[expect.objectContaining({ id: variant.key, stockBalanceByStock: expectedRow })],
		]);
		const keyCrmWrites = await writesSince(state.sandboxes.keyCrm.url, since);
		expect(keyCrmWrites.map((w) => [w.method, w.url.replace(/^\/v1/, ''), w.body])).toEqual([
			['PUT', '/offers/stocks', { warehouse_id: 2, stocks: [{ sku: variant.key, quantity: expectedRow[2] }] }],
		]);
		await expectCrmStockAsInBas();
	});

	it('stock, nightly: the full reconciliation puts right a balance changed in the CRM by hand', async () => {
		const expected = await expectedStock();
		const [key] = [...expected.keys()];
		await salesDriveApi(state, 'POST', '/product-handler/', {
			action: 'update',
			product: [{ id: key, stockBalanceByStock: { 1: 999, 2: 999, 3: 999 } }],
			dontUpdateFields: ['name', 'costPerItem'],
		});
		await keyCrmApi(state, 'PUT', '/offers/stocks', { warehouse_id: 1, stocks: [{ sku: key, quantity: 999 }] });

		const started = Date.now();
		const ids: string[] = [];
		for (const file of ['bas-stock-to-salesdrive.json', 'bas-stock-to-keycrm.json']) {
			const template = loadTemplate(file, state);
			fireEverySeconds(template, 'Every night at 03:00', 5);
			const id = await importTemplate(template);
			await n8n.publishWorkflow(id);
			ids.push(id);
		}
		for (const id of ids) {
			const run = await runStartedAfter(id, started);
			expect(run.runData['Send stock changes']).toBeUndefined();
			expect(run.output('Full reconciliation')[0].json).toMatchObject({ mode: 'full', notFoundCount: 0 });
			await unpublish(n8n, id);
		}
		await expectCrmStockAsInBas();
	});

	it('prices and cost prices: SalesDrive main price and purchase price, KeyCRM price and purchased price as in BAS', async () => {
		const started = Date.now();
		const ids: string[] = [];
		for (const file of ['bas-prices-to-salesdrive.json', 'bas-prices-to-keycrm.json']) {
			const template = loadTemplate(file, state);
			fireEverySeconds(template, 'Every hour', 5);
			const id = await importTemplate(template);
			await n8n.publishWorkflow(id);
			ids.push(id);
		}
		for (const id of ids) {
			const run = await runStartedAfter(id, started);
			await unpublish(n8n, id);
			expect(run.output('Send prices')[0].json).toMatchObject({ export: 'prices', notFoundCount: 0 });
			expect(run.output('Send cost prices')[0].json).toMatchObject({ export: 'costPrices', notFoundCount: 0 });
		}
		const prices = await basPrices(state, 'Роздрібна ціна');
		const costs = await basUnitCosts(state);
		expect(prices.size).toBeGreaterThan(10);
		expect(costs.size).toBeGreaterThan(10);
		const products = await salesDriveProducts(state);
		const offers = new Map((await keyCrmOffers(state, keys)).map((o) => [o.sku, o]));
		for (const [key, price] of prices) {
			expect([key, products.get(key)!.costPerItem]).toEqual([key, price]);
			expect([key, offers.get(key)!.price]).toEqual([key, price]);
		}
		for (const [key, cost] of costs) {
			expect([key, Number(products.get(key)!.expenses)]).toEqual([key, cost]);
			expect([key, offers.get(key)!.purchased_price]).toEqual([key, cost]);
		}
	});
});
