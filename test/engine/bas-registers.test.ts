/**
 * BAS Catalog's Register resource through the n8n engine against the BAS sandbox: stock from
 * accumulation registers (Balance, Turnovers; UNF and UT) and from the goods account of the ledger
 * (Balance; BP), prices from the price register (SliceLast; all three),
 * with dimension filters sent as the virtual table's Condition, grouping dimensions, periods in
 * the base's time zone, and bad input sent to the error output with the item's data.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { startBasSandbox } from '../../sandbox/bas/server';
import type { ProfileId } from '../../sandbox/bas/schema';
import type { Entity } from '../../sandbox/bas/store';
import { basCredentials, runBasNode } from '../helpers/bas';

async function withSandbox(profile: ProfileId, quoting: 'asIs' | 'doubled' = 'asIs') {
	const bas = await startBasSandbox({ profile, conditionQuoting: quoting });
	const run = (parameters: INode['parameters'], items?: IDataObject[], onError?: INode['onError']) =>
		runBasNode({
			type: 'basCatalog',
			parameters: { resource: 'register', ...parameters },
			items,
			onError,
			credentials: basCredentials(bas, { conditionQuoting: quoting }),
		});
	return { bas, run };
}

/** `{ key → amount }` from rows, for comparing without caring about order */
function amounts(rows: Array<IDataObject | Entity>, keyFields: string[], amountField: string): Record<string, number> {
	const result: Record<string, number> = {};
	for (const row of rows) {
		const key = keyFields.map((field) => String(row[field])).join('|');
		result[key] = Math.round(((result[key] ?? 0) + Number(row[amountField])) * 1000) / 1000;
	}
	return result;
}

interface StockLayout {
	profile: ProfileId;
	register: string;
	warehouses: string;
	warehouse: string;
	quantity: string;
}

const STOCK: StockLayout[] = [
	{
		profile: 'unf',
		register: 'AccumulationRegister_ЗапасыНаСкладах',
		warehouses: 'Catalog_СтруктурныеЕдиницы',
		warehouse: 'СтруктурнаяЕдиница_Key',
		quantity: 'Количество',
	},
	{
		profile: 'ut',
		register: 'AccumulationRegister_ТоварыНаСкладах',
		warehouses: 'Catalog_Склады',
		warehouse: 'Склад_Key',
		quantity: 'ВНаличии',
	},
];

describe.each(STOCK)('BAS Catalog, Register resource: stock ($profile)', (layout) => {
	let sandbox: Awaited<ReturnType<typeof withSandbox>>;
	const records = () => sandbox.bas.records.records(layout.register);
	const warehouseRefs = () =>
		sandbox.bas.store
			.list(layout.warehouses)
			.filter((row) => row.IsFolder !== true)
			.map((row) => String(row.Ref_Key));
	const line = ['Номенклатура_Key', 'Характеристика_Key'];
	const balanceColumn = `${layout.quantity}Balance`;

	beforeAll(async () => {
		sandbox = await withSandbox(layout.profile);
	});
	afterAll(async () => sandbox.bas.close());
	beforeEach(() => sandbox.bas.requests.splice(0));

	it('reads the whole balance, one item per row, equal to the sum of the movements', async () => {
		const result = await sandbox.run({ operation: 'balance', register: layout.register, returnAll: true });
		expect(result.status).toBe('success');
		const rows = result.json();
		const keys = [...line, layout.warehouse];
		expect(amounts(rows, keys, balanceColumn)).toEqual(amounts(records(), keys, layout.quantity));
		expect(rows).toHaveLength(Object.keys(amounts(records(), keys, layout.quantity)).length);
		expect(result.output().every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('filters on a warehouse through the Condition and groups by the chosen dimensions', async () => {
		const warehouse = warehouseRefs()[1];
		const result = await sandbox.run({
			operation: 'balance',
			register: layout.register,
			returnAll: true,
			dimensions: ['Номенклатура_Key', layout.warehouse],
			dimensionFilters: { filters: [{ field: layout.warehouse, value: warehouse }] },
		});
		expect(result.status).toBe('success');
		const rows = result.json();
		const inWarehouse = records().filter((record) => record[layout.warehouse] === warehouse);
		expect(inWarehouse.length).toBeGreaterThan(0);
		// characteristics are summed up: one row per item
		expect(amounts(rows, ['Номенклатура_Key'], balanceColumn)).toEqual(
			amounts(inWarehouse, ['Номенклатура_Key'], layout.quantity),
		);
		expect(rows.every((row) => row[layout.warehouse] === warehouse && !('Характеристика_Key' in row))).toBe(true);
		const attribute = layout.warehouse.replace(/_Key$/, '');
		const urls = sandbox.bas.requests.map((r) => r.url).filter((url) => url.includes('/Balance('));
		expect(urls[0]).toContain(
			`${layout.register}/Balance(Condition='${layout.warehouse} eq guid'${warehouse}'',Dimensions='Номенклатура,${attribute}')`,
		);
	});

	it('takes several warehouses as alternatives and the attribute name of a dimension', async () => {
		const [first, , third] = warehouseRefs();
		const attribute = layout.warehouse.replace(/_Key$/, '');
		const result = await sandbox.run({
			operation: 'balance',
			register: layout.register,
			returnAll: true,
			dimensions: [attribute],
			dimensionFilters: {
				filters: [
					{ field: attribute, value: first },
					{ field: layout.warehouse, value: third },
				],
			},
		});
		const wanted = records().filter((r) => r[layout.warehouse] === first || r[layout.warehouse] === third);
		expect(amounts(result.json(), [layout.warehouse], balanceColumn)).toEqual(
			amounts(wanted, [layout.warehouse], layout.quantity),
		);
	});

	it('reads the balance at a period in the base time zone, and stops at the limit', async () => {
		// opening stock is recorded at 2026-01-01T00:00:00 server time; Kyiv is UTC+2 then
		const before = await sandbox.run({
			operation: 'balance',
			register: layout.register,
			returnAll: true,
			period: '2025-12-31T21:59:59Z',
		});
		expect(before.output()).toHaveLength(0);
		const periods = sandbox.bas.requests.map((r) => r.url).filter((url) => url.includes('/Balance('));
		expect(periods[0]).toContain("Balance(Period=datetime'2025-12-31T23:59:59')");

		const limited = await sandbox.run({
			operation: 'balance',
			register: layout.register,
			returnAll: false,
			limit: 3,
			period: '2026-01-01T00:00:01',
		});
		expect(limited.output()).toHaveLength(3);
	});

	it('reads turnovers within a period', async () => {
		const keys = ['Номенклатура_Key'];
		const within = await sandbox.run({
			operation: 'turnovers',
			register: layout.register,
			returnAll: true,
			startPeriod: '2026-01-01T00:00:00',
			endPeriod: '2026-01-31T23:59:59',
			dimensions: ['Номенклатура_Key'],
		});
		expect(within.status).toBe('success');
		const rows = within.json();
		expect(amounts(rows, keys, `${layout.quantity}Receipt`)).toEqual(amounts(records(), keys, layout.quantity));
		expect(amounts(rows, keys, `${layout.quantity}Turnover`)).toEqual(amounts(records(), keys, layout.quantity));
		expect(rows.every((row) => row[`${layout.quantity}Expense`] === 0)).toBe(true);

		const later = await sandbox.run({
			operation: 'turnovers',
			register: layout.register,
			returnAll: true,
			startPeriod: '2026-02-01T00:00:00',
		});
		expect(later.output()).toHaveLength(0);
	});

	it('sends an unknown dimension, a bad value or a wrong register to the error output, naming them', async () => {
		const inputs = [{ warehouse: 'Склад 1' }, { warehouse: warehouseRefs()[0] }];
		const result = await sandbox.run(
			{
				operation: 'balance',
				register: layout.register,
				returnAll: true,
				dimensionFilters: { filters: [{ field: layout.warehouse, value: '={{ $json.warehouse }}' }] },
			},
			inputs,
			'continueErrorOutput',
		);
		const failed = result.output(1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			warehouse: 'Склад 1',
			error: `The value "Склад 1" for ${layout.warehouse} in ${layout.register} is not a reference key (a GUID such as Ref_Key)`,
		});
		expect(result.output(0).length).toBeGreaterThan(0);
		expect(result.output(0).every((item) => (item.pairedItem as { item: number }).item === 1)).toBe(true);

		const unknownDimension = await sandbox.run(
			{
				operation: 'balance',
				register: layout.register,
				dimensionFilters: { filters: [{ field: 'Магазин', value: warehouseRefs()[0] }] },
			},
			[{ order: 5 }],
			'continueErrorOutput',
		);
		expect(String(unknownDimension.output(1)[0].json.error)).toBe(
			`${layout.register} has no field "Магазин" to filter on (value "${warehouseRefs()[0]}")`,
		);
		expect(unknownDimension.output(1)[0].json.order).toBe(5);

		const prices = await sandbox.run(
			{ operation: 'balance', register: 'InformationRegister_ЦеныНоменклатуры' },
			[{}],
			'continueErrorOutput',
		);
		expect(prices.output(1)[0].json.error).toBe(
			'"InformationRegister_ЦеныНоменклатуры" is not an accumulation register with balances: it has no Balance table',
		);
		const unknown = await sandbox.run(
			{ operation: 'turnovers', register: 'AccumulationRegister_Немає' },
			[{}],
			'continueErrorOutput',
		);
		expect(unknown.output(1)[0].json.error).toBe('The publication has no register "AccumulationRegister_Немає"');
	});
});

/**
 * BAS Accounting has no quantity register for stock: it keeps stock on the goods account (281)
 * of its ledger, item and warehouse as the account's sub-accounts, and Balance reads it there.
 */
describe('BAS Catalog, Register resource: stock on the ledger (bp)', () => {
	const LEDGER = 'AccountingRegister_Хозрасчетный';
	let sandbox: Awaited<ReturnType<typeof withSandbox>>;
	const account = (code: string) =>
		String(sandbox.bas.store.list('ChartOfAccounts_Хозрасчетный').find((row) => row.Code === code)!.Ref_Key);
	const onGoods = (goods: string) => ({ dimensionFilters: { filters: [{ field: 'Account_Key', value: goods }] } });
	/** quantity per item and warehouse on an account: its debits less its credits, sub-account by sub-account */
	const postedStock = (goods: string) => {
		const stock: Record<string, number> = {};
		for (const record of sandbox.bas.records.records(LEDGER)) {
			for (const [side, sign] of [
				['Dr', 1],
				['Cr', -1],
			] as const) {
				if (record[`Account${side}_Key`] !== goods) continue;
				const key = `${String(record[`ExtDimension${side}1`])}|${String(record[`ExtDimension${side}2`])}`;
				stock[key] = (stock[key] ?? 0) + sign * Number(record[`Количество${side}`]);
			}
		}
		return stock;
	};

	beforeAll(async () => {
		sandbox = await withSandbox('bp');
	});
	afterAll(async () => sandbox.bas.close());
	beforeEach(() => sandbox.bas.requests.splice(0));

	it('reads stock per item and warehouse from the goods account, equal to what was posted', async () => {
		const goods = account('281');
		const result = await sandbox.run({ operation: 'balance', register: LEDGER, returnAll: true, ...onGoods(goods) });
		expect(result.status).toBe('success');
		const rows = result.json();
		expect(rows.length).toBeGreaterThan(0);
		expect(rows).toHaveLength(Object.keys(postedStock(goods)).length);
		expect(amounts(rows, ['ExtDimension1', 'ExtDimension2'], 'КоличествоBalance')).toEqual(postedStock(goods));
		expect(
			rows.every(
				(row) =>
					row.Account_Key === goods &&
					row.ExtDimension1_Type === 'StandardODATA.Catalog_Номенклатура' &&
					row.ExtDimension2_Type === 'StandardODATA.Catalog_Склады' &&
					Number(row.КоличествоBalanceDr) === Number(row.КоличествоBalance),
			),
		).toBe(true);
		expect(sandbox.bas.requests.map((r) => r.url).find((url) => url.includes('/Balance('))).toContain(
			`${LEDGER}/Balance(AccountCondition='Account_Key eq guid'${goods}'')`,
		);

		// before the opening balances were posted, nothing
		const before = await sandbox.run({
			operation: 'balance',
			register: LEDGER,
			returnAll: true,
			period: '2025-12-31T23:59:59',
			...onGoods(goods),
		});
		expect(before.output()).toHaveLength(0);
		// the opening account holds the other side, with no quantity on it
		const opening = await sandbox.run({
			operation: 'balance',
			register: LEDGER,
			returnAll: true,
			...onGoods(account('00')),
		});
		expect(opening.json().length).toBeGreaterThan(0);
		expect(opening.json().every((row) => row.Account_Key === account('00') && Number(row.СуммаBalance) < 0)).toBe(true);
	});

	it('reads stock on account 281 by its code for one warehouse, one item and both, casting the sub-accounts', async () => {
		const goods = account('281');
		const stock = postedStock(goods);
		const [item, warehouse] = Object.entries(stock)
			.find(([, quantity]) => quantity !== 0)![0]
			.split('|');
		const sub = (field: string, value: string, valueType: string) => ({ field, value, valueType });
		const read = async (filters: Array<{ field: string; value: string; valueType?: string }>) => {
			sandbox.bas.requests.splice(0);
			const result = await sandbox.run({
				operation: 'balance',
				register: LEDGER,
				returnAll: true,
				dimensionFilters: { filters: [{ field: 'Account_Key', value: '281' }, ...filters] },
			});
			expect(result.status).toBe('success');
			const url = decodeURIComponent(sandbox.bas.requests.map((r) => r.url).find((u) => u.includes('/Balance('))!);
			return { rows: result.json(), url };
		};
		const expected = (keep: (key: string) => boolean) =>
			Object.fromEntries(Object.entries(stock).filter(([key, quantity]) => quantity !== 0 && keep(key)));

		const byWarehouse = await read([sub('ExtDimension2', warehouse, 'Catalog_Склады')]);
		expect(byWarehouse.url).toContain(
			`${LEDGER}/Balance(AccountCondition='Account_Key eq guid'${goods}'',Condition='ExtDimension2 eq cast(guid'${warehouse}', 'Catalog_Склады')')`,
		);
		expect(amounts(byWarehouse.rows, ['ExtDimension1', 'ExtDimension2'], 'КоличествоBalance')).toEqual(
			expected((key) => key.endsWith(`|${warehouse}`)),
		);

		const byItem = await read([sub('ExtDimension1', item, 'Catalog_Номенклатура')]);
		expect(byItem.url).toContain(`Condition='ExtDimension1 eq cast(guid'${item}', 'Catalog_Номенклатура')'`);
		expect(amounts(byItem.rows, ['ExtDimension1', 'ExtDimension2'], 'КоличествоBalance')).toEqual(
			expected((key) => key.startsWith(`${item}|`)),
		);

		const both = await read([
			sub('ExtDimension1', item, 'Catalog_Номенклатура'),
			sub('ExtDimension2', warehouse, 'Catalog_Склады'),
		]);
		expect(both.url).toContain(
			`Condition='(ExtDimension1 eq cast(guid'${item}', 'Catalog_Номенклатура')) and (ExtDimension2 eq cast(guid'${warehouse}', 'Catalog_Склады'))'`,
		);
		expect(both.rows).toHaveLength(1);
		expect(Number(both.rows[0].КоличествоBalance)).toBe(stock[`${item}|${warehouse}`]);
		expect(both.rows[0]).toMatchObject({ Account_Key: goods, ExtDimension1: item, ExtDimension2: warehouse });

		// the right GUID under the wrong catalog matches nothing, as in 1C
		const mixedUp = await read([sub('ExtDimension2', warehouse, 'Catalog_Номенклатура')]);
		expect(mixedUp.rows).toEqual([]);
	});

	it('refuses what the ledger cannot do, naming it: grouping, a sub-account by reference, Turnovers', async () => {
		const goods = account('281');
		const grouped = await sandbox.run(
			{ operation: 'balance', register: LEDGER, dimensions: ['Account_Key'], ...onGoods(goods) },
			[{ sku: 'A' }],
			'continueErrorOutput',
		);
		expect(grouped.json(1)).toEqual([
			expect.objectContaining({
				sku: 'A',
				error: `${LEDGER} cannot group its Balance by chosen dimensions: leave "Dimension Names or IDs" empty`,
			}),
		]);

		const warehouse = String(sandbox.bas.store.list('Catalog_Склады')[0].Ref_Key);
		const bySubAccount = await sandbox.run(
			{
				operation: 'balance',
				register: LEDGER,
				dimensionFilters: { filters: [{ field: 'ExtDimension2', value: warehouse }] },
			},
			[{}],
			'continueErrorOutput',
		);
		expect(bySubAccount.json(1)[0].error).toBe(
			`The value "${warehouse}" for ExtDimension2 in ${LEDGER} is a reference, but the field can hold several types: set its Value Type to the catalog the value belongs to (e.g. Catalog_Склады)`,
		);

		const wrongType = await sandbox.run(
			{
				operation: 'balance',
				register: LEDGER,
				dimensionFilters: { filters: [{ field: 'ExtDimension2', value: warehouse, valueType: 'Catalog_Склад' }] },
			},
			[{}],
			'continueErrorOutput',
		);
		expect(wrongType.json(1)[0].error).toBe(
			`The value "${warehouse}" for ExtDimension2 in ${LEDGER} has the Value Type "Catalog_Склад", which is no catalog or other reference type the base publishes`,
		);
		const notReference = await sandbox.run(
			{
				operation: 'balance',
				register: LEDGER,
				dimensionFilters: { filters: [{ field: 'ExtDimension2', value: warehouse, valueType: LEDGER }] },
			},
			[{}],
			'continueErrorOutput',
		);
		expect(notReference.json(1)[0].error).toContain(`has the Value Type "${LEDGER}", which is no catalog`);

		const unknownAccount = await sandbox.run(
			{ operation: 'balance', register: LEDGER, ...onGoods('999') },
			[{}],
			'continueErrorOutput',
		);
		expect(unknownAccount.json(1)[0].error).toBe(
			`The account "999" for ${LEDGER}: ChartOfAccounts_Хозрасчетный has no account with this code`,
		);

		const turnovers = await sandbox.run({ operation: 'turnovers', register: LEDGER }, [{}], 'continueErrorOutput');
		expect(turnovers.json(1)[0].error).toBe(`"${LEDGER}" is not an accumulation register: it has no Turnovers table`);
		expect(sandbox.bas.requests.filter((r) => r.url.includes(`${LEDGER}/`))).toEqual([]);
	});
});

interface PriceLayout {
	profile: ProfileId;
	priceTypes: string;
	priceType: string;
}

const PRICES: PriceLayout[] = [
	{ profile: 'unf', priceTypes: 'Catalog_ВидыЦен', priceType: 'ВидЦен_Key' },
	{ profile: 'ut', priceTypes: 'Catalog_ВидыЦен', priceType: 'ВидЦены_Key' },
	{ profile: 'bp', priceTypes: 'Catalog_ТипыЦенНоменклатуры', priceType: 'ТипЦен_Key' },
];
const PRICE_REGISTER = 'InformationRegister_ЦеныНоменклатуры';

describe.each(PRICES)('BAS Catalog, Register resource: prices ($profile)', (layout) => {
	let sandbox: Awaited<ReturnType<typeof withSandbox>>;
	const priceRecords = () => sandbox.bas.store.infoRecords.get(PRICE_REGISTER) ?? [];
	const priceTypes = () => sandbox.bas.store.list(layout.priceTypes).map((row) => String(row.Ref_Key));

	beforeAll(async () => {
		sandbox = await withSandbox(layout.profile);
	});
	afterAll(async () => sandbox.bas.close());
	beforeEach(() => sandbox.bas.requests.splice(0));

	it('reads the latest prices of one price type, a newer price replacing the older one', async () => {
		const retail = priceTypes()[0];
		const ofRetail = priceRecords().filter((record) => record[layout.priceType] === retail);
		const changed = ofRetail[2];
		sandbox.bas.store.addInfoRecord(PRICE_REGISTER, { ...changed, Period: '2026-03-01T00:00:00', Цена: 999.5 });

		const parameters = {
			operation: 'sliceLast',
			register: PRICE_REGISTER,
			returnAll: true,
			dimensionFilters: { filters: [{ field: layout.priceType, value: retail }] },
		};
		const current = await sandbox.run(parameters);
		expect(current.status).toBe('success');
		const rows = current.json();
		expect(rows).toHaveLength(ofRetail.length);
		expect(rows.every((row) => row[layout.priceType] === retail)).toBe(true);
		const expected = amounts(ofRetail, ['Номенклатура_Key', 'Характеристика_Key'], 'Цена');
		expected[`${String(changed.Номенклатура_Key)}|${String(changed.Характеристика_Key)}`] = 999.5;
		expect(amounts(rows, ['Номенклатура_Key', 'Характеристика_Key'], 'Цена')).toEqual(expected);
		expect(sandbox.bas.requests.map((r) => r.url).find((url) => url.includes('SliceLast'))).toContain(
			`${PRICE_REGISTER}/SliceLast(Condition='${layout.priceType} eq guid'${retail}'')`,
		);

		// at a moment before the change, the older price
		const earlier = await sandbox.run({ ...parameters, period: '2026-02-01T00:00:00' });
		expect(amounts(earlier.json(), ['Номенклатура_Key', 'Характеристика_Key'], 'Цена')).toEqual(
			amounts(ofRetail, ['Номенклатура_Key', 'Характеристика_Key'], 'Цена'),
		);
	});

	it('refuses a register without SliceLast, naming it', async () => {
		const result = await sandbox.run(
			{ operation: 'sliceLast', register: 'InformationRegister_ДополнительныеСведения' },
			[{ sku: 'X' }],
			'continueErrorOutput',
		);
		expect(result.output(1)[0].json).toMatchObject({
			sku: 'X',
			error:
				'"InformationRegister_ДополнительныеСведения" is not a periodic information register: it has no SliceLast table',
		});
	});
});

describe('BAS Catalog, Register resource: Condition quoting', () => {
	it('doubles the quotes inside the Condition when the credentials say the base wants that', async () => {
		const { bas, run } = await withSandbox('unf', 'doubled');
		try {
			const warehouse = String(
				bas.store.list('Catalog_СтруктурныеЕдиницы').find((row) => row.IsFolder !== true)!.Ref_Key,
			);
			const result = await run({
				operation: 'balance',
				register: 'AccumulationRegister_ЗапасыНаСкладах',
				returnAll: true,
				dimensionFilters: { filters: [{ field: 'СтруктурнаяЕдиница_Key', value: warehouse }] },
			});
			expect(result.status).toBe('success');
			const rows = result.json();
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.every((row) => row.СтруктурнаяЕдиница_Key === warehouse)).toBe(true);
			expect(bas.requests.map((r) => r.url).find((url) => url.includes('/Balance('))).toContain(
				`Balance(Condition='СтруктурнаяЕдиница_Key eq guid''${warehouse}''')`,
			);
		} finally {
			await bas.close();
		}
	});
});
