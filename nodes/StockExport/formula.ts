import type { EntitySetModel, MetadataModel } from '../Bas/odata/model';
import { CHARACTERISTIC_DIMENSION, ITEM_DIMENSION, WAREHOUSE_DIMENSIONS } from './configuration';

/** One term of a stock formula: `-РезервыТоваровОрганизаций.Количество`. */
export interface FormulaTerm {
	sign: 1 | -1;
	/** the register's name as written (object name or entity set); empty for "the first term's register" */
	register: string;
	resource: string;
}

/**
 * Parses `+ЗапасыНаСкладах.Количество -РезервыТоваровОрганизаций.Количество`: terms separated by
 * spaces, each a sign and `Register.Resource` (a bare `Resource` is of the previous term's
 * register). Returns the terms, or a message saying what is wrong.
 */
export function parseFormula(text: string): FormulaTerm[] | string {
	const terms: FormulaTerm[] = [];
	const tokens = text
		.replace(/([+-])\s+/g, '$1')
		.trim()
		.split(/\s+/)
		.filter(Boolean);
	if (tokens.length === 0)
		return 'The stock formula is empty: write terms like "+Register.Resource -Register.Resource"';
	for (const token of tokens) {
		const match = /^([+-]?)(?:([\p{L}\p{N}_]+)\.)?([\p{L}\p{N}_]+)$/u.exec(token);
		if (!match)
			return `"${token}" is not a term: write a sign and Register.Resource, e.g. "-ТоварыНаСкладах.КОтгрузке"`;
		const register = match[2] ?? terms[terms.length - 1]?.register ?? '';
		if (!register) return `"${token}" names no register, and no term before it does`;
		terms.push({ sign: match[1] === '-' ? -1 : 1, register, resource: match[3] });
	}
	return terms;
}

/** How one register is read for the formula: its set, the Balance columns of its terms, and its dimensions. */
export interface StockSource {
	set: EntitySetModel;
	ledger: boolean;
	/** Balance columns with their signs */
	columns: Array<{ column: string; sign: 1 | -1 }>;
	item: string;
	characteristic?: string;
	warehouse: string;
}

export interface LedgerDimensions {
	/** sub-account columns of the ledger's Balance holding the item and the warehouse */
	item: string;
	warehouse: string;
}

/** A register named by its object name (`ЗапасыНаСкладах`) or entity set, if the base publishes it. */
export function registerSet(metadata: MetadataModel, name: string): EntitySetModel | undefined {
	return (
		metadata.entitySets[name] ??
		metadata.entitySets[`AccumulationRegister_${name}`] ??
		metadata.entitySets[`AccountingRegister_${name}`]
	);
}

/**
 * The registers a formula reads, each checked against the base's `$metadata`: it has a Balance
 * table, the table has each term's `<Resource>Balance` column, and it is broken down by item and
 * warehouse. Returns the sources or a message naming what the base lacks.
 */
export function resolveFormula(
	metadata: MetadataModel,
	terms: FormulaTerm[],
	options: { warehouseDimension?: string; ledger: LedgerDimensions },
): StockSource[] | string {
	const sources = new Map<string, StockSource>();
	for (const term of terms) {
		const set = registerSet(metadata, term.register);
		const balance = set?.functions.Balance;
		if (!set || !balance) {
			return `The base publishes no register "${term.register}" with balances (looked for AccumulationRegister_${term.register} and AccountingRegister_${term.register})`;
		}
		const returned = new Set((balance.returnProperties ?? []).map((p) => p.name));
		const column = `${term.resource}Balance`;
		if (!returned.has(column)) {
			const resources = [...returned].filter((name) => /Balance$/.test(name)).map((name) => name.slice(0, -7));
			return `${set.name} has no resource "${term.resource}" (its Balance has: ${resources.join(', ') || 'none'})`;
		}
		let source = sources.get(set.name);
		if (!source) {
			const ledger = set.kind === 'AccountingRegister';
			const warehouse = ledger
				? options.ledger.warehouse
				: (options.warehouseDimension ? [options.warehouseDimension] : WAREHOUSE_DIMENSIONS).find((d) =>
						returned.has(d),
					);
			const item = ledger ? options.ledger.item : ITEM_DIMENSION;
			if (!returned.has(item) || !warehouse || !returned.has(warehouse)) {
				return `${set.name} is not kept by item and warehouse: its Balance lacks ${!returned.has(item) ? item : (options.warehouseDimension ?? WAREHOUSE_DIMENSIONS.join(' or '))}`;
			}
			source = {
				set,
				ledger,
				columns: [],
				item,
				characteristic: !ledger && returned.has(CHARACTERISTIC_DIMENSION) ? CHARACTERISTIC_DIMENSION : undefined,
				warehouse,
			};
			sources.set(set.name, source);
		}
		source.columns.push({ column, sign: term.sign });
	}
	return [...sources.values()];
}
