/**
 * Stock Export through n8n-core against the BAS, SalesDrive and KeyCRM sandboxes: free stock
 * (on hand less reserves) per warehouse, prices and cost prices, in Changes Only, Incremental and
 * Full Reconciliation modes; only differences are sent, refused rows are sent again next run,
 * and items the CRM does not know are reported.
 */
import type { IDataObject } from 'n8n-workflow';

import { startBasSandbox, type BasSandbox } from '../../sandbox/bas/server';
import { startKeyCrmSandbox, type KeyCrmSandbox } from '../../sandbox/keycrm/server';
import { startSalesDriveSandbox, type SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { basCredentials } from '../helpers/bas';
import { keyCrmCredentials, requestsTo as keyCrmRequestsTo } from '../helpers/keyCrm';
import { requestsTo as salesDriveRequestsTo, salesDriveCredentials } from '../helpers/salesDrive';
import {
	basWarehouses,
	exportKeys,
	keyOf,
	openingRows,
	runStockExport,
	seedKeyCrm,
	seedSalesDrive,
	warehouseTable,
	writeMovements,
} from '../helpers/stockExport';

jest.setTimeout(60_000);

const UNF_STOCK = 'AccumulationRegister_ЗапасыНаСкладах';
const UNF_RESERVES = 'AccumulationRegister_РезервыТоваровОрганизаций';

describe('Stock Export: UNF stock to SalesDrive', () => {
	let bas: BasSandbox;
	let sd: SalesDriveSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 30 } });
		sd = await startSalesDriveSandbox({ demoData: false });
	});
	afterAll(async () => {
		await bas?.close();
		await sd?.close();
	});

	it('sends free stock (less reserves) once, then only changes (10 products in one request), and lists a product SalesDrive lacks every run', async () => {
		const keys = exportKeys(bas);
		const rows = openingRows(bas, UNF_STOCK, 'Количество', 'СтруктурнаяЕдиница_Key');
		const reserved = rows.find((r) => r.quantity >= 3)!;
		const missing = rows.find(
			(r) => keyOf(bas, r.item, r.characteristic) !== keyOf(bas, reserved.item, reserved.characteristic),
		)!;
		const missingKey = keyOf(bas, missing.item, missing.characteristic);
		seedSalesDrive(
			sd,
			keys.map((k) => k.key).filter((key) => key !== missingKey),
		);
		writeMovements(bas, UNF_RESERVES, [
			{
				RecordType: 'Receipt',
				Номенклатура_Key: reserved.item,
				Характеристика_Key: reserved.characteristic,
				СтруктурнаяЕдиница_Key: reserved.warehouse,
				Количество: 2,
			},
		]);
		const staticData: IDataObject = {};
		const credentials = { ...basCredentials(bas), ...salesDriveCredentials(sd, 1) };
		const parameters = {
			crm: 'salesDrive',
			export: 'stock',
			mode: 'delta',
			configuration: 'unf',
			warehouses: warehouseTable(bas),
		};
		const run = () => runStockExport({ parameters, credentials, staticData });

		const first = await run();
		expect(first.error()).toBeUndefined();
		const warehouseIds = basWarehouses(bas).map((w) => String(w.Ref_Key));
		const crmWarehouse = String(warehouseIds.indexOf(reserved.warehouse) + 1);
		const product = sd.store.products.get(keyOf(bas, reserved.item, reserved.characteristic))!;
		expect(product.stockBalanceByStock[crmWarehouse]).toBe(reserved.quantity - 2);
		const stocked = new Set(rows.map((r) => keyOf(bas, r.item, r.characteristic)));
		// every product with stock, all three warehouses in its one row, 100 products per request
		const bodies = salesDriveRequestsTo(sd, 'POST', '/product-handler/').map((r) => r.body as IDataObject);
		const sentIds = bodies.flatMap((b) => (b.product as IDataObject[]).map((p) => String(p.id)));
		expect(new Set(sentIds)).toEqual(stocked);
		for (const body of bodies)
			for (const p of body.product as IDataObject[])
				expect(Object.keys(p.stockBalanceByStock as IDataObject)).toHaveLength(3);
		expect(first.report.sent).toBe((stocked.size - 1) * 3);
		expect(first.report.notFound).toHaveLength(3);
		expect(first.report.notFound).toEqual(
			expect.arrayContaining(
				['1', '2', '3'].map((warehouse) =>
					expect.objectContaining({ sku: missingKey, warehouse, reason: expect.stringMatching(/^SalesDrive refused/) }),
				),
			),
		);

		// nothing changed: only the missing product is tried (and reported) again
		const before = salesDriveRequestsTo(sd, 'POST', '/product-handler/').length;
		const second = await run();
		expect(second.report.requests).toEqual(expect.objectContaining({ crm: 1 }));
		expect((second.report.notFound as IDataObject[]).map((n) => n.sku)).toEqual([missingKey, missingKey, missingKey]);
		expect(second.report.sent).toBe(0);

		// 10 products change: one request carries exactly them and the missing one; SalesDrive refuses a
		// call as a whole, so the ten go again alone
		const changedRows = rows
			.filter((r) => keyOf(bas, r.item, r.characteristic) !== missingKey && r.quantity >= 1)
			.filter(
				(r, i, all) =>
					all.findIndex((o) => keyOf(bas, o.item, o.characteristic) === keyOf(bas, r.item, r.characteristic)) === i,
			)
			.slice(0, 10);
		writeMovements(
			bas,
			UNF_STOCK,
			changedRows.map((r) => ({
				RecordType: 'Expense',
				Номенклатура_Key: r.item,
				Характеристика_Key: r.characteristic,
				СтруктурнаяЕдиница_Key: r.warehouse,
				Количество: 1,
			})),
		);
		const third = await run();
		const after = salesDriveRequestsTo(sd, 'POST', '/product-handler/').slice(before + 1);
		expect(after).toHaveLength(2);
		const idsOf = (n: number) =>
			new Set(((after[n].body as IDataObject).product as IDataObject[]).map((p) => String(p.id)));
		const ten = changedRows.map((r) => keyOf(bas, r.item, r.characteristic));
		expect(idsOf(0)).toEqual(new Set([...ten, missingKey]));
		expect(idsOf(1)).toEqual(new Set(ten));
		expect(third.report.sent).toBe(30);

		// full reconciliation reads the whole base and sends only what differs from what was sent
		const fullRun = (sendAll: boolean) =>
			runStockExport({ parameters: { ...parameters, mode: 'full', sendAll }, credentials, staticData });
		const sentBefore = salesDriveRequestsTo(sd, 'POST', '/product-handler/').length;
		const reconciled = await fullRun(false);
		expect(reconciled.error()).toBeUndefined();
		// only the product SalesDrive lacks differs (never accepted), and it is reported again
		expect(reconciled.report).toMatchObject({ rowsRead: first.report.rowsRead, changed: 3, sent: 0 });
		expect(reconciled.report.notFound).toHaveLength(3);
		// a drifted CRM is put right only by Send All, which sends every row again
		const drifted = keyOf(bas, reserved.item, reserved.characteristic);
		const rightValue = sd.store.products.get(drifted)!.stockBalanceByStock[crmWarehouse];
		sd.store.products.get(drifted)!.stockBalanceByStock[crmWarehouse] = 999;
		const forced = await fullRun(true);
		expect(forced.error()).toBeUndefined();
		expect(forced.report.sent).toBe((stocked.size - 1) * 3);
		expect(sd.store.products.get(drifted)!.stockBalanceByStock[crmWarehouse]).toBe(rightValue);
		expect(salesDriveRequestsTo(sd, 'POST', '/product-handler/').length - sentBefore).toBeGreaterThan(1);
	});
});

describe('Stock Export: UNF stock to KeyCRM, incremental', () => {
	let bas: BasSandbox;
	let kc: KeyCrmSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 40 } });
		kc = await startKeyCrmSandbox({ timeScale: 60 });
		seedKeyCrm(
			kc,
			exportKeys(bas).map((k) => k.key),
		);
	});
	afterAll(async () => {
		await bas?.close();
		await kc?.close();
	});

	it('sends at most one request per warehouse after 10 changes, and a push KeyCRM refused goes again next run', async () => {
		const staticData: IDataObject = {};
		const credentials = { ...basCredentials(bas), ...keyCrmCredentials(kc, 60) };
		const parameters = {
			crm: 'keyCrm',
			export: 'stock',
			mode: 'incremental',
			configuration: 'unf',
			warehouses: warehouseTable(bas),
		};
		const run = () => runStockExport({ parameters, credentials, staticData });
		const stockPuts = () => keyCrmRequestsTo(kc, 'PUT /offers/stocks');

		const first = await run();
		expect(first.error()).toBeUndefined();
		expect(first.report.notFound).toEqual([]);
		expect(stockPuts()).toHaveLength(3);

		const rows = openingRows(bas, UNF_STOCK, 'Количество', 'СтруктурнаяЕдиница_Key').filter((r) => r.quantity >= 1);
		const ten = rows.slice(0, 10);
		writeMovements(
			bas,
			UNF_STOCK,
			ten.map((r) => ({
				RecordType: 'Expense',
				Номенклатура_Key: r.item,
				Характеристика_Key: r.characteristic,
				СтруктурнаяЕдиница_Key: r.warehouse,
				Количество: 1,
			})),
		);
		const before = stockPuts().length;
		const second = await run();
		expect(second.error()).toBeUndefined();
		const puts = stockPuts().slice(before);
		const perWarehouse = new Map<number, number>();
		for (const put of puts) {
			const id = Number((put.body as IDataObject).warehouse_id);
			perWarehouse.set(id, (perWarehouse.get(id) ?? 0) + 1);
		}
		expect(Math.max(...perWarehouse.values())).toBeLessThanOrEqual(1);
		expect(second.report.sent).toBe(10);
		expect(second.report.since).toBeDefined();

		// KeyCRM refuses the next request: its rows are reported, not marked as sent, and go again
		const target = rows[20];
		writeMovements(bas, UNF_STOCK, [
			{
				RecordType: 'Expense',
				Номенклатура_Key: target.item,
				Характеристика_Key: target.characteristic,
				СтруктурнаяЕдиница_Key: target.warehouse,
				Количество: 1,
			},
		]);
		kc.faults.inject({
			status: 400,
			headers: { 'content-type': 'application/json' },
			body: '{"message":"Bad request"}',
		});
		const failed = await run();
		expect(failed.status).toBe('error');
		const sku = keyOf(bas, target.item, target.characteristic);
		const crmWarehouse = basWarehouses(bas).findIndex((w) => w.Ref_Key === target.warehouse) + 1;
		expect(kc.store.offerBySku(sku)!.stocks.get(crmWarehouse)!.quantity).toBe(target.quantity);
		const retried = await run();
		expect(retried.error()).toBeUndefined();
		expect(retried.report.sent).toBe(1);
		expect(kc.store.offerBySku(sku)!.stocks.get(crmWarehouse)!.quantity).toBe(target.quantity - 1);
	});
});

describe('Stock Export: incremental BAS requests do not grow with the catalog', () => {
	it('reads BAS the same number of times at 1,200 and 3,000 items after 10 changes', async () => {
		const requestsAt = async (items: number) => {
			const bas = await startBasSandbox({ profile: 'unf', demo: { items } });
			const sd = await startSalesDriveSandbox({ demoData: false });
			try {
				seedSalesDrive(
					sd,
					exportKeys(bas).map((k) => k.key),
				);
				const staticData: IDataObject = {};
				const credentials = { ...basCredentials(bas), ...salesDriveCredentials(sd, 1) };
				const parameters = {
					crm: 'salesDrive',
					export: 'stock',
					mode: 'incremental',
					configuration: 'unf',
					warehouses: warehouseTable(bas),
				};
				expect((await runStockExport({ parameters, credentials, staticData })).error()).toBeUndefined();
				const rows = openingRows(bas, UNF_STOCK, 'Количество', 'СтруктурнаяЕдиница_Key').filter((r) => r.quantity >= 1);
				writeMovements(
					bas,
					UNF_STOCK,
					rows.slice(0, 10).map((r) => ({
						RecordType: 'Expense',
						Номенклатура_Key: r.item,
						СтруктурнаяЕдиница_Key: r.warehouse,
						Количество: 1,
					})),
				);
				const before = bas.requests.length;
				const second = await runStockExport({ parameters, credentials, staticData });
				expect(second.report.sent).toBe(30);
				return { reported: (second.report.requests as IDataObject).bas, logged: bas.requests.length - before };
			} finally {
				await bas.close();
				await sd.close();
			}
		};
		const small = await requestsAt(1200);
		const large = await requestsAt(3000);
		expect(large).toEqual(small);
	});
});

describe('Stock Export: prices, cost prices, UT and BAS Accounting', () => {
	it('UNF prices of a type to KeyCRM price, cost prices to SalesDrive expenses', async () => {
		const bas = await startBasSandbox({ profile: 'unf', demo: { items: 12 } });
		const kc = await startKeyCrmSandbox({ timeScale: 60 });
		const sd = await startSalesDriveSandbox({ demoData: false });
		try {
			const keys = exportKeys(bas).map((k) => k.key);
			seedKeyCrm(kc, keys);
			seedSalesDrive(sd, keys);
			const prices = bas.store.infoRecords.get('InformationRegister_ЦеныНоменклатуры')!;
			const retail = String(bas.store.list('Catalog_ВидыЦен').find((t) => t.Description === 'Роздрібна ціна')!.Ref_Key);
			const sample = prices.find((p) => p.ВидЦен_Key === retail)!;
			const sampleKey = keyOf(bas, String(sample.Номенклатура_Key), String(sample.Характеристика_Key));

			const toKeyCrm = await runStockExport({
				parameters: { crm: 'keyCrm', export: 'prices', configuration: 'unf', priceType: 'Роздрібна ціна' },
				credentials: { ...basCredentials(bas), ...keyCrmCredentials(kc, 60) },
				staticData: {},
			});
			expect(toKeyCrm.error()).toBeUndefined();
			expect(kc.store.offerBySku(sampleKey)!.price).toBe(sample.Цена);
			expect(keyCrmRequestsTo(kc, 'PUT /offers')).toHaveLength(1);

			const wholesale = prices.find(
				(p) =>
					p.ВидЦен_Key !== retail &&
					p.Номенклатура_Key === sample.Номенклатура_Key &&
					p.Характеристика_Key === sample.Характеристика_Key,
			)!;
			const toSalesDrive = await runStockExport({
				parameters: {
					crm: 'salesDrive',
					export: 'costPrices',
					costSource: 'priceType',
					configuration: 'unf',
					priceType: 'Оптова ціна',
				},
				credentials: { ...basCredentials(bas), ...salesDriveCredentials(sd, 1) },
				staticData: {},
			});
			expect(toSalesDrive.error()).toBeUndefined();
			expect(sd.store.products.get(sampleKey)!.expenses).toBe(wholesale.Цена);
			const body = salesDriveRequestsTo(sd, 'POST', '/product-handler/')[0].body as IDataObject;
			expect(Object.keys((body.product as IDataObject[])[0])).toEqual(['id', 'expenses']);
		} finally {
			await bas.close();
			await kc.close();
			await sd.close();
		}
	});

	it('an incremental price run whose price KeyCRM refused reads it again next run (the cursor stays)', async () => {
		const bas = await startBasSandbox({ profile: 'unf', demo: { items: 12 } });
		const kc = await startKeyCrmSandbox({ timeScale: 60 });
		try {
			seedKeyCrm(
				kc,
				exportKeys(bas).map((k) => k.key),
			);
			const set = 'InformationRegister_ЦеныНоменклатуры';
			const retail = String(bas.store.list('Catalog_ВидыЦен').find((t) => t.Description === 'Роздрібна ціна')!.Ref_Key);
			const sample = bas.store.infoRecords.get(set)!.find((p) => p.ВидЦен_Key === retail)!;
			const sampleKey = keyOf(bas, String(sample.Номенклатура_Key), String(sample.Характеристика_Key));
			const staticData = {};
			const run = async () =>
				await runStockExport({
					parameters: {
						crm: 'keyCrm',
						export: 'prices',
						configuration: 'unf',
						priceType: 'Роздрібна ціна',
						mode: 'incremental',
						options: { lookBackMinutes: 0 },
					},
					credentials: { ...basCredentials(bas), ...keyCrmCredentials(kc, 60) },
					staticData,
				});
			expect((await run()).error()).toBeUndefined();

			// a new price KeyCRM refuses (negative), set after the first run
			await new Promise((resolve) => setTimeout(resolve, 1100));
			const record = bas.store.addInfoRecord(set, {
				ВидЦен_Key: retail,
				Номенклатура_Key: sample.Номенклатура_Key,
				Характеристика_Key: sample.Характеристика_Key,
				Цена: -5,
			});
			const other = bas.store.infoRecords
				.get(set)!
				.find((p) => p.ВидЦен_Key === retail && p.Номенклатура_Key !== sample.Номенклатура_Key)!;
			const otherKey = keyOf(bas, String(other.Номенклатура_Key), String(other.Характеристика_Key));
			bas.store.addInfoRecord(set, {
				ВидЦен_Key: retail,
				Номенклатура_Key: other.Номенклатура_Key,
				Характеристика_Key: other.Характеристика_Key,
				Цена: 777,
			});
			// whole seconds: the next run starts in a later second than the records
			await new Promise((resolve) => setTimeout(resolve, 1100));
			const refused = await run();
			expect(refused.report.refused).toEqual([expect.objectContaining({ sku: sampleKey, value: -5 })]);
			expect(kc.store.offerBySku(otherKey)!.price).toBe(777);
			await new Promise((resolve) => setTimeout(resolve, 1100));

			// corrected in BAS without a new record: only a re-read from the old cursor finds it
			record.Цена = 321;
			const again = await run();
			expect(again.error()).toBeUndefined();
			expect(kc.store.offerBySku(sampleKey)!.price).toBe(321);
		} finally {
			await bas.close();
			await kc.close();
		}
	});

	it('UT stock (in stock less to be shipped) and an additional price to SalesDrive', async () => {
		const bas = await startBasSandbox({ profile: 'ut', demo: { items: 12 } });
		const sd = await startSalesDriveSandbox({ demoData: false });
		try {
			seedSalesDrive(
				sd,
				exportKeys(bas).map((k) => k.key),
			);
			const register = 'AccumulationRegister_ТоварыНаСкладах';
			const row = openingRows(bas, register, 'ВНаличии', 'Склад_Key').find((r) => r.quantity >= 3)!;
			writeMovements(bas, register, [
				{
					RecordType: 'Receipt',
					Номенклатура_Key: row.item,
					Характеристика_Key: row.characteristic,
					Склад_Key: row.warehouse,
					КОтгрузке: 2,
				},
			]);
			const credentials = { ...basCredentials(bas), ...salesDriveCredentials(sd, 1) };
			const stock = await runStockExport({
				parameters: { crm: 'salesDrive', export: 'stock', configuration: 'ut', warehouses: warehouseTable(bas) },
				credentials,
				staticData: {},
			});
			expect(stock.error()).toBeUndefined();
			const key = keyOf(bas, row.item, row.characteristic);
			const warehouse = String(basWarehouses(bas).findIndex((w) => w.Ref_Key === row.warehouse) + 1);
			expect(sd.store.products.get(key)!.stockBalanceByStock[warehouse]).toBe(row.quantity - 2);

			const prices = await runStockExport({
				parameters: {
					crm: 'salesDrive',
					export: 'prices',
					configuration: 'ut',
					priceType: 'Оптова ціна',
					salesDrivePriceField: 'additionalPrice',
					salesDrivePriceType: 'Оптова',
				},
				credentials,
				staticData: {},
			});
			expect(prices.error()).toBeUndefined();
			expect(sd.store.products.get(key)!.additionalPrices).toEqual([expect.objectContaining({ priceType: 'Оптова' })]);
		} finally {
			await bas.close();
			await sd.close();
		}
	});

	it('BAS Accounting stock from the goods account of the ledger to KeyCRM', async () => {
		const bas = await startBasSandbox({ profile: 'bp', demo: { items: 12 } });
		const kc = await startKeyCrmSandbox({ timeScale: 60 });
		try {
			seedKeyCrm(
				kc,
				exportKeys(bas).map((k) => k.key),
			);
			const run = await runStockExport({
				parameters: { crm: 'keyCrm', export: 'stock', configuration: 'bp', warehouses: warehouseTable(bas) },
				credentials: { ...basCredentials(bas), ...keyCrmCredentials(kc, 60) },
				staticData: {},
			});
			expect(run.error()).toBeUndefined();
			const line = bas.records.records('AccountingRegister_Хозрасчетный')[0];
			const key = keyOf(bas, String(line.ExtDimensionDr1), '00000000-0000-0000-0000-000000000000');
			const warehouse = basWarehouses(bas).findIndex((w) => w.Ref_Key === line.ExtDimensionDr2) + 1;
			expect(kc.store.offerBySku(key)!.stocks.get(warehouse)!.quantity).toBe(line.КоличествоDr);
			expect(run.report.notFound).toEqual([]);
		} finally {
			await bas.close();
			await kc.close();
		}
	});
});
