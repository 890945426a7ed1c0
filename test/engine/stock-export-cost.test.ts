/**
 * Stock Export of cost prices from each configuration's cost register (UNF `Запасы`, UT
 * `СебестоимостьТоваров` by its key catalog, BAS Accounting's ledger on the goods account) to
 * SalesDrive `expenses` and KeyCRM `purchased_price`: amount over quantity, weighted across the
 * chosen warehouses; an item with no quantity left is skipped and reported. And KeyCRM SKUs
 * refused as unknown are remembered, left out of later batches, and tried again on a full run.
 */
import type { IDataObject } from 'n8n-workflow';

import { startBasSandbox, type BasSandbox } from '../../sandbox/bas/server';
import type { Entity } from '../../sandbox/bas/store';
import { startKeyCrmSandbox, type KeyCrmSandbox } from '../../sandbox/keycrm/server';
import { startSalesDriveSandbox, type SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { basCredentials } from '../helpers/bas';
import { keyCrmCredentials, requestsTo as keyCrmRequestsTo } from '../helpers/keyCrm';
import { requestsTo as salesDriveRequestsTo, salesDriveCredentials } from '../helpers/salesDrive';
import {
	basWarehouses,
	costTotals,
	exportKeys,
	exportState,
	keyOf,
	openingRows,
	runStockExport,
	seedKeyCrm,
	seedSalesDrive,
	unitCost,
	warehouseTable,
	writeMovements,
} from '../helpers/stockExport';

jest.setTimeout(60_000);

type Profile = 'unf' | 'ut';
type Crm = 'salesDrive' | 'keyCrm';

/** Where each profile's demo keeps cost, and how a record names its item and warehouse. */
const COST = {
	unf: {
		register: 'AccumulationRegister_Запасы',
		resources: { amount: 'Сумма', quantity: 'Количество' },
		placeOf: () => (r: Entity) => ({
			item: String(r.Номенклатура_Key),
			characteristic: String(r.Характеристика_Key),
			warehouse: String(r.СтруктурнаяЕдиница_Key),
		}),
	},
	ut: {
		register: 'AccumulationRegister_СебестоимостьТоваров',
		resources: { amount: 'Стоимость', quantity: 'Количество' },
		placeOf: (bas: BasSandbox) => {
			const keys = new Map(bas.store.list('Catalog_КлючиАналитикиУчетаНоменклатуры').map((k) => [k.Ref_Key, k]));
			return (r: Entity) => {
				const key = keys.get(r.АналитикаУчетаНоменклатуры_Key)!;
				return {
					item: String(key.Номенклатура_Key),
					characteristic: String(key.Характеристика_Key),
					warehouse: String(key.Склад_Key),
				};
			};
		},
	},
} as const;

const RESERVED = new Set(['Recorder', 'Recorder_Type', 'Period', 'LineNumber', 'Active', 'RecordType']);

/** A movement on the same dimensions as `record` (same item, warehouse, key…), with new resources. */
function movementLike(record: Entity, recordType: 'Receipt' | 'Expense', resources: Entity) {
	const dimensions = Object.fromEntries(Object.entries(record).filter(([name]) => !RESERVED.has(name)));
	return { ...dimensions, RecordType: recordType, ...resources };
}

async function startCrm(crm: Crm, keys: string[]) {
	if (crm === 'salesDrive') {
		const sd = await startSalesDriveSandbox({ demoData: false });
		seedSalesDrive(sd, keys);
		return { close: () => sd.close(), credentials: salesDriveCredentials(sd, 1), sd };
	}
	const kc = await startKeyCrmSandbox({ timeScale: 60 });
	seedKeyCrm(kc, keys);
	return { close: () => kc.close(), credentials: keyCrmCredentials(kc, 60), kc };
}

/** Each CRM key and the cost the CRM got for it, from every cost row sent. */
function sentCosts(crm: { sd?: SalesDriveSandbox; kc?: KeyCrmSandbox }): Map<string, number> {
	const sent = new Map<string, number>();
	if (crm.sd) {
		for (const request of salesDriveRequestsTo(crm.sd, 'POST', '/product-handler/')) {
			for (const row of (request.body as IDataObject).product as IDataObject[]) {
				expect(Object.keys(row)).toEqual(['id', 'expenses']);
				sent.set(String(row.id), Number(row.expenses));
			}
		}
	} else {
		for (const request of keyCrmRequestsTo(crm.kc!, 'PUT /offers')) {
			for (const row of (request.body as IDataObject).offers as IDataObject[]) {
				expect(Object.keys(row)).toEqual(['sku', 'purchased_price']);
				sent.set(String(row.sku), Number(row.purchased_price));
			}
		}
	}
	return sent;
}

describe.each([
	['unf', 'salesDrive'],
	['unf', 'keyCrm'],
	['ut', 'salesDrive'],
	['ut', 'keyCrm'],
] as Array<[Profile, Crm]>)('Stock Export: %s cost register to %s', (profile, crmName) => {
	let bas: BasSandbox;
	let crm: Awaited<ReturnType<typeof startCrm>>;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile, demo: { items: 12 } });
		crm = await startCrm(
			crmName,
			exportKeys(bas).map((k) => k.key),
		);
	});
	afterAll(async () => {
		await bas?.close();
		await crm?.close();
	});

	it('sends amount / quantity weighted over the warehouses, and skips and reports an item with no quantity left', async () => {
		const cost = COST[profile];
		const placeOf = cost.placeOf(bas);
		const records = bas.records.records(cost.register);
		const keyOfRecord = (r: Entity) => keyOf(bas, placeOf(r).item, placeOf(r).characteristic);
		// one item gets a receipt at another price on another warehouse's line; another is sold out
		const dearer = records[0];
		const soldOutKey = keyOfRecord(records.find((r) => keyOfRecord(r) !== keyOfRecord(dearer))!);
		const soldOut = records.filter((r) => keyOfRecord(r) === soldOutKey);
		writeMovements(bas, cost.register, [
			movementLike(dearer, 'Receipt', { [cost.resources.quantity]: 5, [cost.resources.amount]: 5 * 999 }),
			...soldOut.map((r) =>
				movementLike(r, 'Expense', {
					[cost.resources.quantity]: r[cost.resources.quantity],
					[cost.resources.amount]: Number(r[cost.resources.amount]) / 2,
				}),
			),
		]);
		const totals = costTotals(bas, cost.register, cost.resources, placeOf);

		const run = await runStockExport({
			parameters: { crm: crmName, export: 'costPrices', configuration: profile },
			credentials: { ...basCredentials(bas), ...crm.credentials },
			staticData: {},
		});
		expect(run.error()).toBeUndefined();
		const expected = new Map(
			[...totals].filter(([, total]) => total.quantity > 0).map(([key, total]) => [key, unitCost(total)]),
		);
		expect(sentCosts(crm)).toEqual(expected);
		expect(expected.get(keyOfRecord(dearer))).toBe(unitCost(totals.get(keyOfRecord(dearer))!));
		expect(run.report.sent).toBe(expected.size);
		expect(run.report.withoutQuantity).toEqual([
			{ sku: soldOutKey, quantity: 0, amount: totals.get(soldOutKey)!.amount },
		]);
		expect(run.report.costFormula).toBe(
			profile === 'unf'
				? 'Запасы.Сумма / Запасы.Количество'
				: 'СебестоимостьТоваров.Стоимость / СебестоимостьТоваров.Количество',
		);
	});
});

describe('Stock Export: cost of chosen warehouses, and BAS Accounting cost through the ledger', () => {
	it('UNF: Cost Warehouses limits the average to the named warehouse', async () => {
		const bas = await startBasSandbox({ profile: 'unf', demo: { items: 12 } });
		const crm = await startCrm(
			'salesDrive',
			exportKeys(bas).map((k) => k.key),
		);
		try {
			const cost = COST.unf;
			const placeOf = cost.placeOf();
			const [first, second] = basWarehouses(bas);
			const onSecond = bas.records.records(cost.register).find((r) => r.СтруктурнаяЕдиница_Key === second.Ref_Key)!;
			writeMovements(bas, cost.register, [movementLike(onSecond, 'Receipt', { Количество: 10, Сумма: 10 * 777 })]);
			const run = await runStockExport({
				parameters: {
					crm: 'salesDrive',
					export: 'costPrices',
					configuration: 'unf',
					costWarehouses: String(first.Description),
				},
				credentials: { ...basCredentials(bas), ...crm.credentials },
				staticData: {},
			});
			expect(run.error()).toBeUndefined();
			const totals = costTotals(bas, cost.register, cost.resources, placeOf, (w) => w === first.Ref_Key);
			expect(sentCosts(crm)).toEqual(new Map([...totals].map(([key, total]) => [key, unitCost(total)])));
		} finally {
			await bas.close();
			await crm.close();
		}
	});

	it('BAS Accounting: sum / quantity of the goods account per item to KeyCRM purchased_price', async () => {
		const bas = await startBasSandbox({ profile: 'bp', demo: { items: 12 } });
		const crm = await startCrm(
			'keyCrm',
			exportKeys(bas).map((k) => k.key),
		);
		try {
			const run = await runStockExport({
				parameters: { crm: 'keyCrm', export: 'costPrices', configuration: 'bp' },
				credentials: { ...basCredentials(bas), ...crm.credentials },
				staticData: {},
			});
			expect(run.error()).toBeUndefined();
			const totals = costTotals(
				bas,
				'AccountingRegister_Хозрасчетный',
				{ amount: 'Сумма', quantity: 'КоличествоDr' },
				(r) => ({ item: String(r.ExtDimensionDr1), warehouse: String(r.ExtDimensionDr2) }),
			);
			expect(totals.size).toBeGreaterThan(5);
			expect(sentCosts(crm)).toEqual(new Map([...totals].map(([key, total]) => [key, unitCost(total)])));
			expect(run.report.withoutQuantity).toEqual([]);
		} finally {
			await bas.close();
			await crm.close();
		}
	});

	it('UNF incremental: only the item that moved is read again and sent; UT’s keyed register refuses incremental mode', async () => {
		const bas = await startBasSandbox({ profile: 'unf', demo: { items: 12 } });
		const crm = await startCrm(
			'keyCrm',
			exportKeys(bas).map((k) => k.key),
		);
		try {
			const staticData: IDataObject = {};
			const parameters = { crm: 'keyCrm', export: 'costPrices', configuration: 'unf', mode: 'incremental' };
			const credentials = { ...basCredentials(bas), ...crm.credentials };
			const first = await runStockExport({ parameters, credentials, staticData });
			expect(first.error()).toBeUndefined();
			const cost = COST.unf;
			const record = bas.records.records(cost.register)[0];
			writeMovements(bas, cost.register, [movementLike(record, 'Receipt', { Количество: 4, Сумма: 4 * 1234 })]);
			const before = keyCrmRequestsTo(crm.kc!, 'PUT /offers').length;
			const second = await runStockExport({ parameters, credentials, staticData });
			expect(second.error()).toBeUndefined();
			expect(second.report.since).toBeDefined();
			expect(second.report.sent).toBe(1);
			const puts = keyCrmRequestsTo(crm.kc!, 'PUT /offers').slice(before);
			const key = keyOf(bas, String(record.Номенклатура_Key), String(record.Характеристика_Key));
			const total = costTotals(bas, cost.register, cost.resources, cost.placeOf()).get(key)!;
			expect(puts.map((r) => (r.body as IDataObject).offers)).toEqual([
				[{ sku: key, purchased_price: unitCost(total) }],
			]);
		} finally {
			await bas.close();
			await crm.close();
		}
		const ut = await startBasSandbox({ profile: 'ut', demo: { items: 3 } });
		const kc = await startCrm('keyCrm', []);
		try {
			const staticData: IDataObject = {};
			const parameters = { crm: 'keyCrm', export: 'costPrices', configuration: 'ut', mode: 'incremental' };
			const credentials = { ...basCredentials(ut), ...kc.credentials };
			expect((await runStockExport({ parameters, credentials, staticData })).error()).toBeUndefined();
			const second = await runStockExport({ parameters, credentials, staticData });
			expect(second.error()?.message).toBe(
				'Incremental mode cannot find moved items in AccumulationRegister_СебестоимостьТоваров: use Changes Only or Full Reconciliation',
			);
		} finally {
			await ut.close();
			await kc.close();
		}
	});

	it('a cost formula naming a resource the register lacks stops the run, naming it', async () => {
		const bas = await startBasSandbox({ profile: 'unf', demo: { items: 3 } });
		const crm = await startCrm('keyCrm', []);
		try {
			const run = await runStockExport({
				parameters: {
					crm: 'keyCrm',
					export: 'costPrices',
					configuration: 'unf',
					costFormula: 'Запасы.Стоимость / Запасы.Количество',
				},
				credentials: { ...basCredentials(bas), ...crm.credentials },
				staticData: {},
			});
			expect(run.error()?.message).toMatch(/AccumulationRegister_Запасы has no resource "Стоимость"/);
			expect(keyCrmRequestsTo(crm.kc!, 'PUT /offers')).toEqual([]);
		} finally {
			await bas.close();
			await crm.close();
		}
	});
});

describe('Stock Export: SKUs KeyCRM does not know', () => {
	let bas: BasSandbox;
	let kc: KeyCrmSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 12 } });
		kc = await startKeyCrmSandbox({ timeScale: 60 });
	});
	afterAll(async () => {
		await bas?.close();
		await kc?.close();
	});

	it('are remembered, left out of later runs yet still reported, and tried again on a full run', async () => {
		const rows = openingRows(bas, 'AccumulationRegister_ЗапасыНаСкладах', 'Количество', 'СтруктурнаяЕдиница_Key');
		const missingKey = keyOf(bas, rows[0].item, rows[0].characteristic);
		seedKeyCrm(
			kc,
			exportKeys(bas)
				.map((k) => k.key)
				.filter((key) => key !== missingKey),
		);
		const staticData: IDataObject = {};
		const parameters = {
			crm: 'keyCrm',
			export: 'stock',
			mode: 'delta',
			configuration: 'unf',
			warehouses: warehouseTable(bas),
		};
		const credentials = { ...basCredentials(bas), ...keyCrmCredentials(kc, 60) };
		const run = (mode = 'delta') => runStockExport({ parameters: { ...parameters, mode }, credentials, staticData });
		const stockPuts = () => keyCrmRequestsTo(kc, 'PUT /offers/stocks');
		const carrying = (requests: ReturnType<typeof stockPuts>) =>
			requests.filter((r) => ((r.body as IDataObject).stocks as IDataObject[]).some((row) => row.sku === missingKey));

		const first = await run();
		expect(first.error()).toBeUndefined();
		// one refused request per warehouse names the SKU
		expect(carrying(stockPuts())).toHaveLength(3);
		expect((first.report.notFound as IDataObject[]).map((n) => [n.sku, n.warehouse])).toEqual(
			expect.arrayContaining([
				[missingKey, '1'],
				[missingKey, '2'],
				[missingKey, '3'],
			]),
		);
		expect(first.report.notFoundCount).toBe(3);
		const since = (exportState(staticData).keyCrmMissing as IDataObject)[missingKey];
		expect(typeof since).toBe('string');

		// nothing changed: no request at all, and the SKU is still listed, as known missing
		const before = stockPuts().length;
		const second = await run();
		expect(second.error()).toBeUndefined();
		expect(stockPuts()).toHaveLength(before);
		expect(second.report.requests).toEqual(expect.objectContaining({ crm: 0 }));
		expect(second.report.notFound).toHaveLength(3);
		expect(second.report.notFound).toEqual(
			expect.arrayContaining(
				['1', '2', '3'].map((warehouse) =>
					expect.objectContaining({
						sku: missingKey,
						warehouse,
						knownMissingSince: since,
						reason: expect.stringMatching(/^known missing since /),
					}),
				),
			),
		);
		expect(second.report.notFoundCount).toBe(3);

		// a full run tries it again; still unknown, it keeps the time it was first missed
		const third = await run('full');
		expect(carrying(stockPuts().slice(before))).toHaveLength(3);
		expect((third.report.notFound as IDataObject[]).every((n) => n.knownMissingSince === undefined)).toBe(true);
		expect((exportState(staticData).keyCrmMissing as IDataObject)[missingKey]).toBe(since);

		// once KeyCRM has the offer, the next full run sends it and forgets it was missing
		seedKeyCrm(kc, [missingKey]);
		const fourth = await run('full');
		expect(fourth.report.notFound).toEqual([]);
		expect(exportState(staticData).keyCrmMissing).toEqual({});
		const fifth = await run();
		expect(fifth.report.notFound).toEqual([]);
		expect(fifth.report.sent).toBe(0);
	});
});
