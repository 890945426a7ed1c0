/**
 * Stock Export's pure parts: the stock and cost formulas (parsed, then checked against a base's
 * `$metadata`), the delta state (what was last accepted, what goes next run, how big it gets),
 * the memory of SKUs KeyCRM does not know, the warehouse mapping and the CRM row builders.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import type { BasReader } from '../../nodes/StockExport/basRequests';
import { CONFIGURATION_DEFAULTS, type Configuration } from '../../nodes/StockExport/configuration';
import { parseCostFormula, resolveCostFormula } from '../../nodes/StockExport/costFormula';
import { keyCrmRow, type OutgoingCell, salesDriveRow } from '../../nodes/StockExport/crmSenders';
import { differences, lastSent, loadTable, markSent, sentCells } from '../../nodes/StockExport/deltaState';
import { type FormulaTerm, parseFormula, resolveFormula, type StockSource } from '../../nodes/StockExport/formula';
import { crmKeyOf, readWarehouseMap } from '../../nodes/StockExport/matching';
import { holdKnownMissing, loadMissing, rememberMissing } from '../../nodes/StockExport/missingSkus';
import { renderEdmx } from '../../sandbox/bas/edmx';
import { buildSchema } from '../../sandbox/bas/schema';

const metadataOf = (profile: Configuration) => parseMetadata(renderEdmx(buildSchema(profile)));
const LEDGER = { item: 'ExtDimension1', warehouse: 'ExtDimension2' };

describe('parseFormula', () => {
	it('reads each configuration’s default stock formula', () => {
		expect(parseFormula(CONFIGURATION_DEFAULTS.unf.stockFormula)).toEqual([
			{ sign: 1, register: 'ЗапасыНаСкладах', resource: 'Количество' },
			{ sign: -1, register: 'РезервыТоваровОрганизаций', resource: 'Количество' },
		]);
		expect(parseFormula(CONFIGURATION_DEFAULTS.ut.stockFormula)).toEqual([
			{ sign: 1, register: 'ТоварыНаСкладах', resource: 'ВНаличии' },
			{ sign: -1, register: 'ТоварыНаСкладах', resource: 'КОтгрузке' },
		]);
		expect(parseFormula(CONFIGURATION_DEFAULTS.bp.stockFormula)).toEqual([
			{ sign: 1, register: 'Хозрасчетный', resource: 'Количество' },
		]);
	});

	it('takes a bare resource as of the term before, a first term without sign as added, and "- X" as "-X"', () => {
		expect(parseFormula('ТоварыНаСкладах.ВНаличии - КОтгрузке')).toEqual([
			{ sign: 1, register: 'ТоварыНаСкладах', resource: 'ВНаличии' },
			{ sign: -1, register: 'ТоварыНаСкладах', resource: 'КОтгрузке' },
		]);
	});

	it.each([
		['', /^The stock formula is empty/],
		['   ', /^The stock formula is empty/],
		['+ЗапасыНаСкладах.Количество *2', /^"\*2" is not a term: write a sign and Register.Resource/],
		['+ЗапасыНаСкладах.Кількість.Залишок', /^"\+ЗапасыНаСкладах.Кількість.Залишок" is not a term/],
		['-Количество', /^"-Количество" names no register, and no term before it does/],
	])('refuses %j, naming the term', (formula, message) => {
		expect(parseFormula(formula)).toMatch(message);
	});
});

describe('resolveFormula against a base’s $metadata', () => {
	const unf = metadataOf('unf');
	const resolve = (metadata: ReturnType<typeof metadataOf>, formula: string, warehouseDimension?: string) =>
		resolveFormula(metadata, parseFormula(formula) as FormulaTerm[], { warehouseDimension, ledger: LEDGER });

	it('reads UNF stock and reserves by item, characteristic and structural unit, each register once', () => {
		const sources = resolve(unf, CONFIGURATION_DEFAULTS.unf.stockFormula) as StockSource[];
		expect(
			sources.map(({ set, ledger, columns, item, characteristic, warehouse }) => ({
				set: set.name,
				ledger,
				columns,
				item,
				characteristic,
				warehouse,
			})),
		).toEqual([
			{
				set: 'AccumulationRegister_ЗапасыНаСкладах',
				ledger: false,
				columns: [{ column: 'КоличествоBalance', sign: 1 }],
				item: 'Номенклатура_Key',
				characteristic: 'Характеристика_Key',
				warehouse: 'СтруктурнаяЕдиница_Key',
			},
			{
				set: 'AccumulationRegister_РезервыТоваровОрганизаций',
				ledger: false,
				columns: [{ column: 'КоличествоBalance', sign: -1 }],
				item: 'Номенклатура_Key',
				characteristic: 'Характеристика_Key',
				warehouse: 'СтруктурнаяЕдиница_Key',
			},
		]);
		const ut = resolve(metadataOf('ut'), CONFIGURATION_DEFAULTS.ut.stockFormula) as StockSource[];
		expect(ut).toHaveLength(1);
		expect(ut[0].columns).toEqual([
			{ column: 'ВНаличииBalance', sign: 1 },
			{ column: 'КОтгрузкеBalance', sign: -1 },
		]);
	});

	it('reads BAS Accounting from the ledger’s sub-accounts', () => {
		const [source] = resolve(metadataOf('bp'), CONFIGURATION_DEFAULTS.bp.stockFormula) as StockSource[];
		expect(source).toEqual(
			expect.objectContaining({
				ledger: true,
				item: 'ExtDimension1',
				warehouse: 'ExtDimension2',
				characteristic: undefined,
			}),
		);
	});

	it.each([
		['+Склади.Количество', /^The base publishes no register "Склади" with balances/],
		[
			'+ЗапасыНаСкладах.Вага',
			/^AccumulationRegister_ЗапасыНаСкладах has no resource "Вага" \(its Balance has: Количество, КоличествоИнт\)$/,
		],
	])('refuses %j, naming what the base lacks', (formula, message) => {
		expect(resolve(unf, formula)).toMatch(message);
	});

	it('refuses a register not kept by item, and a warehouse dimension the register lacks', () => {
		expect(resolve(metadataOf('ut'), '+РезервыТоваровОрганизаций.Количество')).toBe(
			'AccumulationRegister_РезервыТоваровОрганизаций is not kept by item and warehouse: its Balance lacks Номенклатура_Key',
		);
		expect(resolve(unf, '+ЗапасыНаСкладах.Количество', 'Склад_Key')).toBe(
			'AccumulationRegister_ЗапасыНаСкладах is not kept by item and warehouse: its Balance lacks Склад_Key',
		);
	});
});

describe('parseCostFormula and resolveCostFormula', () => {
	it('reads each configuration’s default cost formula', () => {
		expect(parseCostFormula(CONFIGURATION_DEFAULTS.unf.costFormula)).toEqual({
			register: 'Запасы',
			amount: 'Сумма',
			quantity: 'Количество',
		});
		expect(parseCostFormula(CONFIGURATION_DEFAULTS.ut.costFormula)).toEqual({
			register: 'СебестоимостьТоваров',
			amount: 'Стоимость',
			quantity: 'Количество',
		});
		expect(parseCostFormula('Хозрасчетный.Сумма/Количество')).toEqual({
			register: 'Хозрасчетный',
			amount: 'Сумма',
			quantity: 'Количество',
		});
	});

	it.each([
		['', /^The cost formula is empty/],
		['Запасы.Сумма', /^"Запасы.Сумма" is not a cost formula: write one amount divided by one quantity/],
		['Запасы.Сумма / Запасы.Количество / 2', /is not a cost formula/],
		['Сумма / Запасы.Количество', /^"Сумма" is not a term: write Register.Resource/],
		['Запасы.Сумма / Запасы Количество', /^"Запасы Количество" is not a term/],
		[
			'Запасы.Сумма / ЗапасыНаСкладах.Количество',
			/^"ЗапасыНаСкладах.Количество" is of another register than "Запасы.Сумма"/,
		],
	])('refuses %j, naming the term', (formula, message) => {
		expect(parseCostFormula(formula)).toMatch(message);
	});

	const resolve = (profile: Configuration, formula = CONFIGURATION_DEFAULTS[profile].costFormula) => {
		const parsed = parseCostFormula(formula);
		if (typeof parsed === 'string') throw new Error(parsed);
		const source = resolveCostFormula(metadataOf(profile), parsed, { ledger: LEDGER });
		return typeof source === 'string' ? source : { ...source, set: source.set.name };
	};

	it('reads UNF cost by item, characteristic and structural unit; UT through its key catalog; BP from the ledger', () => {
		expect(resolve('unf')).toEqual({
			set: 'AccumulationRegister_Запасы',
			ledger: false,
			amount: 'СуммаBalance',
			quantity: 'КоличествоBalance',
			item: 'Номенклатура_Key',
			characteristic: 'Характеристика_Key',
			warehouse: 'СтруктурнаяЕдиница_Key',
		});
		expect(resolve('ut')).toEqual({
			set: 'AccumulationRegister_СебестоимостьТоваров',
			ledger: false,
			amount: 'СтоимостьBalance',
			quantity: 'КоличествоBalance',
			item: 'АналитикаУчетаНоменклатуры_Key',
			keys: {
				catalog: 'Catalog_КлючиАналитикиУчетаНоменклатуры',
				item: 'Номенклатура_Key',
				characteristic: 'Характеристика_Key',
				warehouse: 'Склад_Key',
			},
		});
		expect(resolve('bp')).toEqual({
			set: 'AccountingRegister_Хозрасчетный',
			ledger: true,
			amount: 'СуммаBalance',
			quantity: 'КоличествоBalance',
			item: 'ExtDimension1',
			warehouse: 'ExtDimension2',
		});
	});

	it('names the register or resource the base lacks', () => {
		expect(resolve('unf', 'Запасы.Стоимость / Запасы.Количество')).toMatch(
			/^AccumulationRegister_Запасы has no resource "Стоимость" \(its Balance has: Количество, Сумма, /,
		);
		expect(resolve('bp', 'Запасы.Сумма / Запасы.Количество')).toMatch(
			/^The base publishes no register "Запасы" with balances/,
		);
	});
});

describe('delta state', () => {
	const desired = (rows: Record<string, Record<string, number>>) =>
		new Map(Object.entries(rows).map(([key, row]) => [key, new Map(Object.entries(row))]));
	const keys = (cells: OutgoingCell[]) => cells.map((cell) => `${cell.key}@${cell.column}=${cell.value}`);

	it('records only what the CRM accepted, so a refused row is sent again next run', () => {
		const table = loadTable({}, 'stock', 'keyCrm:stock:1,2');
		const now = desired({ A: { '1': 5, '2': 0 }, B: { '1': 3 } });
		const first = differences(table, now, { sendAll: false, wholeRow: false });
		expect(keys(first.outgoing)).toEqual(['A@1=5', 'A@2=0', 'B@1=3']);
		expect(first.changed).toBe(3);
		// the CRM accepted A's cells and refused B's
		for (const cell of first.outgoing.filter((c) => c.key === 'A')) markSent(table, cell.key, cell.column, cell.value);
		const second = differences(table, now, { sendAll: false, wholeRow: false });
		expect(keys(second.outgoing)).toEqual(['B@1=3']);
		expect(second.changed).toBe(1);
		expect(lastSent(table, 'B', '1')).toBeUndefined();
		expect(lastSent(table, 'A', '2')).toBe(0);
	});

	it('sends a changed SalesDrive row whole, and everything with Send All', () => {
		const table = loadTable({}, 'stock', 'salesDrive:stock:1,2');
		markSent(table, 'A', '1', 5);
		markSent(table, 'A', '2', 1);
		const now = desired({ A: { '1': 4, '2': 1 } });
		expect(keys(differences(table, now, { sendAll: false, wholeRow: true }).outgoing)).toEqual(['A@1=4', 'A@2=1']);
		expect(differences(table, now, { sendAll: false, wholeRow: true }).changed).toBe(1);
		markSent(table, 'A', '1', 4);
		expect(differences(table, now, { sendAll: false, wholeRow: true }).outgoing).toEqual([]);
		expect(keys(differences(table, now, { sendAll: true, wholeRow: false }).outgoing)).toEqual(['A@1=4', 'A@2=1']);
	});

	it('keeps one table per target: another CRM, warehouses or price type starts empty', () => {
		const staticData: IDataObject = {};
		const table = loadTable(staticData, 'stock', 'keyCrm:stock:1,2');
		markSent(table, 'A', '2', 7);
		expect(loadTable(staticData, 'stock', 'keyCrm:stock:1,2')).toBe(table);
		expect(loadTable(staticData, 'stock', 'keyCrm:stock:1,2,3').rows).toEqual({});
		markSent(table, 'B', '1', 1);
		expect([...sentCells(table)]).toEqual([
			['A', '2', 7],
			['B', '1', 1],
		]);
		expect([...sentCells(table, ['B', 'C'])]).toEqual([['B', '1', 1]]);
	});

	it('keeps 20,000 items × 3 warehouses in less than 600 KB of JSON', () => {
		const staticData: IDataObject = {};
		const table = loadTable(staticData, 'stock', 'keyCrm:stock:1,2,3');
		for (let i = 0; i < 20_000; i++) {
			const sku = `ОД-${String(i + 1).padStart(5, '0')}`;
			for (const column of ['1', '2', '3']) markSent(table, sku, column, (i * 7 + Number(column)) % 250);
		}
		table.cursor = new Date(0).toISOString();
		table.retry = [];
		const bytes = Buffer.byteLength(JSON.stringify(staticData), 'utf8');
		expect(bytes).toBeLessThan(600 * 1024);
		expect(bytes).toBeGreaterThan(20_000 * 3 * 2);
	});
});

describe('SKUs KeyCRM does not know', () => {
	const cell = (key: string, column = '1'): OutgoingCell => ({ key, column, value: 1 });

	it('holds back the known missing, forgets one accepted, keeps when one was first missed', () => {
		const staticData: IDataObject = {};
		const missing = loadMissing(staticData);
		rememberMissing(missing, [], [cell('X'), cell('X', '2')], new Date('2026-01-01T00:00:00Z'));
		expect(staticData.keyCrmMissing).toEqual({ X: '2026-01-01T00:00:00.000Z' });
		expect(loadMissing(staticData)).toBe(missing);

		const { send, held } = holdKnownMissing([cell('A'), cell('X'), cell('X', '2')], missing);
		expect(send).toEqual([cell('A')]);
		expect(held).toEqual([cell('X'), cell('X', '2')]);

		rememberMissing(missing, [], [cell('X'), cell('Y')], new Date('2026-02-01T00:00:00Z'));
		expect(missing).toEqual({ X: '2026-01-01T00:00:00.000Z', Y: '2026-02-01T00:00:00.000Z' });
		rememberMissing(missing, [cell('X')], [], new Date('2026-03-01T00:00:00Z'));
		expect(missing).toEqual({ Y: '2026-02-01T00:00:00.000Z' });
	});
});

describe('CRM rows and keys', () => {
	it('builds one SalesDrive product row with its warehouses, prices and cost', () => {
		expect(
			salesDriveRow('ОД-00001', [
				{ key: 'ОД-00001', column: '1', value: 4 },
				{ key: 'ОД-00001', column: '3', value: 0 },
			]),
		).toEqual({ id: 'ОД-00001', stockBalanceByStock: { '1': 4, '3': 0 } });
		expect(
			salesDriveRow('A', [
				{ key: 'A', column: 'costPerItem', value: 250 },
				{ key: 'A', column: 'additionalPrices:Оптова', value: 200 },
				{ key: 'A', column: 'expenses', value: 150.5 },
			]),
		).toEqual({
			id: 'A',
			costPerItem: 250,
			additionalPrices: [{ priceType: 'Оптова', priceValue: 200 }],
			expenses: 150.5,
		});
	});

	it('builds KeyCRM rows by SKU, never with stock below zero', () => {
		expect(keyCrmRow({ key: 'A', column: '2', value: -3 }, 'stock')).toEqual({ sku: 'A', quantity: 0 });
		expect(keyCrmRow({ key: 'A', column: '2', value: 7 }, 'stock')).toEqual({ sku: 'A', quantity: 7 });
		expect(keyCrmRow({ key: 'A', column: 'purchased_price', value: 99.9 }, 'price')).toEqual({
			sku: 'A',
			purchased_price: 99.9,
		});
	});

	it('keys an item by its SKU and a characteristic by the Variant Key template', () => {
		expect(crmKeyOf('ОД-00001', '', '{sku}-{characteristic}')).toBe('ОД-00001');
		expect(crmKeyOf('ОД-00001', 'XL', '{sku}-{characteristic}')).toBe('ОД-00001-XL');
		expect(crmKeyOf('ОД-00001', 'XL', '{characteristic}/{sku}')).toBe('XL/ОД-00001');
		expect(crmKeyOf(undefined, 'XL', '{sku}-{characteristic}')).toBeUndefined();
		expect(crmKeyOf('', '', '{sku}')).toBeUndefined();
	});
});

describe('readWarehouseMap', () => {
	const MAIN = '11111111-1111-1111-1111-111111111111';
	const SHOP = '22222222-2222-2222-2222-222222222222';
	const CATALOG = [
		{ Ref_Key: MAIN, Description: 'Основний склад' },
		{ Ref_Key: SHOP, Description: 'Магазин' },
		{ Ref_Key: '33333333-3333-3333-3333-333333333333', Description: 'Магазин' },
	];
	const node = { name: 'Stock Export' } as INode;
	const contextOf = (parameters: IDataObject, items: IDataObject[] = [{}]) =>
		({
			getNode: () => node,
			getNodeParameter: (name: string, _index: number, fallback?: unknown) => parameters[name] ?? fallback,
			getInputData: () => items.map((json) => ({ json })),
		}) as unknown as IExecuteFunctions;
	const reader = { all: async () => CATALOG } as unknown as BasReader;

	it('maps warehouses given by name or GUID from the table, or from input items', async () => {
		const table = contextOf({
			'warehouses.warehouse': [
				{ bas: 'Основний склад', crm: '1' },
				{ bas: SHOP.toUpperCase(), crm: '2' },
			],
		});
		expect(await readWarehouseMap(table, reader, 'Catalog_Склады')).toEqual(
			new Map([
				[MAIN, '1'],
				[SHOP, '2'],
			]),
		);
		const input = contextOf({ warehousesFrom: 'input', basWarehouseField: 'склад', crmWarehouseField: 'id' }, [
			{ склад: 'Основний склад', id: 5 },
		]);
		expect(await readWarehouseMap(input, reader, 'Catalog_Склады')).toEqual(new Map([[MAIN, '5']]));
	});

	it('stops on an incomplete pair, no pairs, or a name that is not exactly one warehouse', async () => {
		const run = (rows: IDataObject[]) =>
			readWarehouseMap(contextOf({ 'warehouses.warehouse': rows }), reader, 'Catalog_Склады');
		await expect(run([{ bas: 'Основний склад', crm: '' }])).rejects.toThrow(
			'A warehouse pair is incomplete (BAS "Основний склад", CRM "")',
		);
		await expect(run([])).rejects.toThrow('No warehouses to export');
		await expect(run([{ bas: 'Магазин', crm: '2' }])).rejects.toThrow(
			'Catalog_Склады has no single warehouse named "Магазин"',
		);
		await expect(run([{ bas: 'Склад Одеса', crm: '2' }])).rejects.toThrow(
			'Catalog_Склады has no single warehouse named "Склад Одеса"',
		);
	});
});
