import type { Literal } from '../Bas/odata/filter';
import type { BasReader } from './basRequests';
import { cellKey, readBalance, refOf } from './basStock';
import type { CostSource } from './costFormula';

/** An item's (and characteristic's) unit cost. */
export interface UnitCost {
	item: string;
	characteristic: string;
	value: number;
}

/** An item whose balance has no quantity to divide its amount by. */
export interface CostWithoutQuantity {
	item: string;
	characteristic: string;
	amount: number;
	quantity: number;
}

interface Place {
	item: string;
	characteristic: string;
	warehouse: string;
}

/** Every key of the key catalog with the item, characteristic and warehouse it stands for. */
async function readItemKeys(reader: BasReader, keys: NonNullable<CostSource['keys']>): Promise<Map<string, Place>> {
	const select = ['Ref_Key', keys.item, ...(keys.characteristic ? [keys.characteristic] : [])];
	if (keys.warehouse) select.push(keys.warehouse);
	const rows = await reader.all(keys.catalog, { select }, ['Ref_Key']);
	return new Map(
		rows.map((row) => [
			String(row.Ref_Key),
			{
				item: refOf(row[keys.item]),
				characteristic: keys.characteristic ? refOf(row[keys.characteristic]) : '',
				warehouse: keys.warehouse ? refOf(row[keys.warehouse]) : '',
			},
		]),
	);
}

/**
 * Unit costs from the cost register's Balance: per item and characteristic, the amount over the
 * quantity summed across the chosen warehouses (all when `warehouses` is not given) and every
 * other dimension (organisations, batches, accounts) — a weighted average. An item whose
 * quantity is zero or less has no unit cost: it is returned in `withoutQuantity` instead.
 */
export async function readUnitCosts(
	reader: BasReader,
	source: CostSource,
	options: { warehouses?: Set<string>; items?: string[]; accountCondition?: Literal },
): Promise<{ costs: UnitCost[]; withoutQuantity: CostWithoutQuantity[] }> {
	const rows = await readBalance(reader, source, [source.amount, source.quantity], options);
	const places = source.keys ? await readItemKeys(reader, source.keys) : undefined;
	const totals = new Map<string, CostWithoutQuantity>();
	for (const row of rows) {
		const place: Place | undefined = places
			? places.get(refOf(row[source.item]))
			: {
					item: refOf(row[source.item]),
					characteristic: source.characteristic ? refOf(row[source.characteristic]) : '',
					warehouse: source.warehouse ? refOf(row[source.warehouse]) : '',
				};
		if (!place?.item) continue;
		if (options.warehouses && !options.warehouses.has(place.warehouse)) continue;
		const key = cellKey(place.item, place.characteristic);
		let total = totals.get(key);
		if (!total) {
			total = { item: place.item, characteristic: place.characteristic, amount: 0, quantity: 0 };
			totals.set(key, total);
		}
		total.amount += Number(row[source.amount]) || 0;
		total.quantity += Number(row[source.quantity]) || 0;
	}
	const costs: UnitCost[] = [];
	const withoutQuantity: CostWithoutQuantity[] = [];
	for (const total of totals.values()) {
		total.amount = Math.round(total.amount * 100) / 100;
		total.quantity = Math.round(total.quantity * 1000) / 1000;
		if (total.quantity > 0) {
			const value = Math.round((total.amount / total.quantity) * 100) / 100;
			costs.push({ item: total.item, characteristic: total.characteristic, value });
		} else {
			withoutQuantity.push(total);
		}
	}
	return { costs, withoutQuantity };
}
