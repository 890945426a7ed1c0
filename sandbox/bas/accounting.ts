/**
 * BAS Accounting keeps stock in the accounting register (goods accounts with item and warehouse
 * as analytics), not in a quantity register. This models the part an exchange reads: a chart of
 * accounts and the register `Хозрасчетный` with debit/credit sides, sub-accounts (ExtDimension1..3)
 * and a Balance virtual table with Dr/Cr columns. Its exact column names in BAS are UNCERTAIN
 * (1C documents the shape, not BAS's names); the sandbox uses the platform's naming pattern.
 */
import type { Entity } from './store';
import { fieldsOf, type FieldDef, type ObjectDef } from './schema';

export const CHART_OF_ACCOUNTS = 'ChartOfAccounts_Хозрасчетный';
export const LEDGER = 'AccountingRegister_Хозрасчетный';

/** Accounts the demo and posting use (Ukrainian chart: goods, cost of sales, revenue, opening balances). */
export const ACCOUNTS = {
	goods: { code: '281', name: 'Товари на складі', quantitative: true },
	costOfSales: { code: '902', name: 'Собівартість реалізованих товарів', quantitative: false },
	revenue: { code: '702', name: 'Дохід від реалізації товарів', quantitative: false },
	opening: { code: '00', name: 'Допоміжний рахунок', quantitative: false },
} as const;

const SUB_ACCOUNT_TARGETS = ['Catalog_Номенклатура', 'Catalog_Склады', 'Catalog_Контрагенты'];

export function accountingObjects(): ObjectDef[] {
	const side = (side: 'Dr' | 'Cr'): FieldDef[] => [
		...fieldsOf(`Account${side}`, { kind: 'ref', target: CHART_OF_ACCOUNTS }),
		...[1, 2, 3].flatMap((n) =>
			fieldsOf(`ExtDimension${side}${n}`, { kind: 'composite', targets: SUB_ACCOUNT_TARGETS }),
		),
	];
	return [
		{
			set: CHART_OF_ACCOUNTS,
			kind: 'ChartOfAccounts',
			objectName: 'Хозрасчетный',
			codeLength: 0,
			tabularSections: {},
			fields: [
				{ name: 'Ref_Key', attribute: 'Ref', type: { kind: 'guid' }, key: true, system: true },
				{ name: 'DataVersion', attribute: 'DataVersion', type: { kind: 'string' }, system: true },
				{ name: 'DeletionMark', attribute: 'DeletionMark', type: { kind: 'boolean' } },
				{ name: 'Predefined', attribute: 'Predefined', type: { kind: 'boolean' }, system: true },
				{ name: 'PredefinedDataName', attribute: 'PredefinedDataName', type: { kind: 'string' }, system: true },
				{ name: 'Code', attribute: 'Code', type: { kind: 'string' } },
				{ name: 'Description', attribute: 'Description', type: { kind: 'string' } },
				{ name: 'Количественный', attribute: 'Количественный', type: { kind: 'boolean' } },
			],
		},
		{
			set: LEDGER,
			kind: 'AccountingRegister',
			objectName: 'Хозрасчетный',
			tabularSections: {},
			fields: [
				{ name: 'Recorder', attribute: 'Recorder', type: { kind: 'composite', targets: [] }, key: true, system: true },
				{ name: 'Recorder_Type', attribute: 'Recorder', type: { kind: 'string' }, typeCompanion: true, system: true },
				{ name: 'Period', attribute: 'Period', type: { kind: 'date' } },
				{
					name: 'LineNumber',
					attribute: 'LineNumber',
					type: { kind: 'number', integer: true },
					key: true,
					system: true,
				},
				{ name: 'Active', attribute: 'Active', type: { kind: 'boolean' } },
				...side('Dr'),
				...side('Cr'),
				...fieldsOf('Организация', { kind: 'ref', target: 'Catalog_Организации' }),
				{ name: 'Сумма', attribute: 'Сумма', type: { kind: 'number', integer: false } },
				{ name: 'КоличествоDr', attribute: 'КоличествоDr', type: { kind: 'number', integer: false } },
				{ name: 'КоличествоCr', attribute: 'КоличествоCr', type: { kind: 'number', integer: false } },
			],
			register: { dimensions: ['Организация'], resources: ['Сумма', 'Количество'], balance: true, periodic: false },
		},
	];
}

/** Columns of one Balance row: account, sub-accounts, organisation. */
export const LEDGER_BALANCE_DIMENSIONS = [
	'Account_Key',
	'ExtDimension1',
	'ExtDimension1_Type',
	'ExtDimension2',
	'ExtDimension2_Type',
	'ExtDimension3',
	'ExtDimension3_Type',
	'Организация_Key',
];
export const LEDGER_BALANCE_RESOURCES = ['Сумма', 'Количество'].flatMap((r) => [
	`${r}Balance`,
	`${r}BalanceDr`,
	`${r}BalanceCr`,
]);

/**
 * Balance of the ledger at `period` (movements strictly before it): each record adds to the
 * debit side of its debit account and the credit side of its credit account, each with its own
 * sub-accounts; a row's Balance is debit minus credit, unfolded into BalanceDr / BalanceCr.
 */
export function ledgerBalance(
	records: Entity[],
	options: { period?: string; keep?: (row: Entity) => boolean },
): Entity[] {
	const rows = new Map<string, Entity & { dr: { sum: number; qty: number }; cr: { sum: number; qty: number } }>();
	const add = (record: Entity, side: 'Dr' | 'Cr') => {
		const row: Entity = {
			Account_Key: record[`Account${side}_Key`],
			Организация_Key: record.Организация_Key,
		};
		for (const n of [1, 2, 3]) {
			row[`ExtDimension${n}`] = record[`ExtDimension${side}${n}`];
			row[`ExtDimension${n}_Type`] = record[`ExtDimension${side}${n}_Type`];
		}
		const key = LEDGER_BALANCE_DIMENSIONS.map((d) => String(row[d] ?? '')).join('\u0000');
		let total = rows.get(key);
		if (!total) {
			total = Object.assign(row, { dr: { sum: 0, qty: 0 }, cr: { sum: 0, qty: 0 } });
			rows.set(key, total);
		}
		const bucket = side === 'Dr' ? total.dr : total.cr;
		bucket.sum += Number(record.Сумма ?? 0);
		bucket.qty += Number(record[`Количество${side}`] ?? 0);
	};
	for (const record of records) {
		if (record.Active === false || (options.period && String(record.Period) >= options.period)) continue;
		add(record, 'Dr');
		add(record, 'Cr');
	}
	const round = (value: number) => Math.round(value * 1000) / 1000;
	const result: Entity[] = [];
	for (const { dr, cr, ...row } of rows.values()) {
		const sum = round(dr.sum - cr.sum);
		const qty = round(dr.qty - cr.qty);
		if (sum === 0 && qty === 0) continue;
		Object.assign(row, {
			СуммаBalance: sum,
			СуммаBalanceDr: Math.max(sum, 0),
			СуммаBalanceCr: Math.max(-sum, 0),
			КоличествоBalance: qty,
			КоличествоBalanceDr: Math.max(qty, 0),
			КоличествоBalanceCr: Math.max(-qty, 0),
		});
		if (!options.keep || options.keep(row)) result.push(row);
	}
	return result;
}
