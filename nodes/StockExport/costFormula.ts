import type { MetadataModel } from '../Bas/odata/model';
import type { BalanceSource } from './basStock';
import {
	CHARACTERISTIC_DIMENSION,
	ITEM_DIMENSION,
	ITEM_KEY_DIMENSION,
	ITEM_KEYS_CATALOG,
	WAREHOUSE_DIMENSIONS,
} from './configuration';
import { type LedgerDimensions, registerSet } from './formula';

/** `Запасы.Сумма / Запасы.Количество`: one register's amount and quantity resources. */
export interface CostFormula {
	register: string;
	amount: string;
	quantity: string;
}

const OPERAND = /^(?:([\p{L}\p{N}_]+)\.)?([\p{L}\p{N}_]+)$/u;
const EXAMPLE = '"Запасы.Сумма / Запасы.Количество"';

/**
 * Parses `Register.Amount / Register.Quantity` (the quantity may leave out its register). Returns
 * the formula, or a message naming the term that is wrong.
 */
export function parseCostFormula(text: string): CostFormula | string {
	const trimmed = text.trim();
	if (!trimmed) return `The cost formula is empty: write an amount divided by a quantity, e.g. ${EXAMPLE}`;
	const sides = trimmed.split('/').map((side) => side.trim());
	if (sides.length !== 2 || !sides[0] || !sides[1]) {
		return `"${trimmed}" is not a cost formula: write one amount divided by one quantity, e.g. ${EXAMPLE}`;
	}
	const [amount, quantity] = sides.map((side) => OPERAND.exec(side));
	if (!amount?.[1]) return `"${sides[0]}" is not a term: write Register.Resource, e.g. "Запасы.Сумма"`;
	if (!quantity) return `"${sides[1]}" is not a term: write Register.Resource, e.g. "Запасы.Количество"`;
	if (quantity[1] && quantity[1] !== amount[1]) {
		return `"${sides[1]}" is of another register than "${sides[0]}": the amount and the quantity must be of one register`;
	}
	return { register: amount[1], amount: amount[2], quantity: quantity[2] };
}

/** How the cost register is read: its Balance columns and where each row's item and warehouse come from. */
export interface CostSource extends BalanceSource {
	/** Balance columns */
	amount: string;
	quantity: string;
	/**
	 * Set when the register is kept by a key (UT's АналитикаУчетаНоменклатуры): `item` is then the
	 * key's column, and the key catalog's attributes name the item, characteristic and warehouse.
	 */
	keys?: { catalog: string; item: string; characteristic?: string; warehouse?: string };
}

/**
 * The cost register checked against the base's `$metadata`: it has a Balance with both
 * resources' columns, and is kept by item (or by a key of item). The warehouse is optional:
 * without one, the cost is over all warehouses. Returns the source or a message naming what the
 * base lacks.
 */
export function resolveCostFormula(
	metadata: MetadataModel,
	formula: CostFormula,
	options: { warehouseDimension?: string; ledger: LedgerDimensions },
): CostSource | string {
	const set = registerSet(metadata, formula.register);
	const balance = set?.functions.Balance;
	if (!set || !balance) {
		return `The base publishes no register "${formula.register}" with balances (looked for AccumulationRegister_${formula.register} and AccountingRegister_${formula.register})`;
	}
	const returned = new Set((balance.returnProperties ?? []).map((p) => p.name));
	for (const resource of [formula.amount, formula.quantity]) {
		if (!returned.has(`${resource}Balance`)) {
			const resources = [...returned].filter((name) => /Balance$/.test(name)).map((name) => name.slice(0, -7));
			return `${set.name} has no resource "${resource}" (its Balance has: ${resources.join(', ') || 'none'})`;
		}
	}
	const columns = { amount: `${formula.amount}Balance`, quantity: `${formula.quantity}Balance` };
	const warehouseIn = (names: Set<string>) =>
		(options.warehouseDimension ? [options.warehouseDimension] : WAREHOUSE_DIMENSIONS).find((d) => names.has(d));

	if (set.kind === 'AccountingRegister') {
		const { item, warehouse } = options.ledger;
		if (!returned.has(item)) return `${set.name} has no sub-account column ${item} for the item`;
		return { set, ledger: true, ...columns, item, warehouse: returned.has(warehouse) ? warehouse : undefined };
	}
	if (returned.has(ITEM_DIMENSION)) {
		return {
			set,
			ledger: false,
			...columns,
			item: ITEM_DIMENSION,
			characteristic: returned.has(CHARACTERISTIC_DIMENSION) ? CHARACTERISTIC_DIMENSION : undefined,
			warehouse: warehouseIn(returned),
		};
	}
	if (returned.has(ITEM_KEY_DIMENSION)) {
		const catalog = metadata.entitySets[ITEM_KEYS_CATALOG];
		const attributes = new Set((catalog?.properties ?? []).map((p) => p.name));
		if (!catalog || !attributes.has(ITEM_DIMENSION)) {
			return `${set.name} is kept by ${ITEM_KEY_DIMENSION}, but the base publishes no ${ITEM_KEYS_CATALOG} with ${ITEM_DIMENSION}`;
		}
		return {
			set,
			ledger: false,
			...columns,
			item: ITEM_KEY_DIMENSION,
			keys: {
				catalog: catalog.name,
				item: ITEM_DIMENSION,
				characteristic: attributes.has(CHARACTERISTIC_DIMENSION) ? CHARACTERISTIC_DIMENSION : undefined,
				warehouse: warehouseIn(attributes),
			},
		};
	}
	return `${set.name} is not kept by item: its Balance has neither ${ITEM_DIMENSION} nor ${ITEM_KEY_DIMENSION}`;
}
