/**
 * What the Stock Export tests and benchmark share: the workflow "Manual Trigger → Items → Stock
 * Export" run through n8n-core with BAS and CRM credentials and static data kept between runs;
 * the CRM keys a BAS sandbox's items export under, seeded into the CRM sandboxes; stock
 * movements written straight into the BAS sandbox's registers.
 */
import { randomUUID } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import type { BasSandbox } from '../../sandbox/bas/server';
import { emptyValue } from '../../sandbox/bas/schema';
import type { Entity } from '../../sandbox/bas/store';
import type { KeyCrmSandbox } from '../../sandbox/keycrm/server';
import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { MANUAL_TRIGGER, runWorkflow, type WorkflowRun } from './engine';

export interface StockExportRun {
	status: WorkflowRun['status'];
	report: IDataObject;
	error(): ReturnType<WorkflowRun['error']>;
}

/** Manual Trigger → Items → Stock Export; pass the same `staticData` to continue from an earlier run. */
export async function runStockExport(options: {
	parameters: INode['parameters'];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	staticData: IDataObject;
	items?: IDataObject[];
}): Promise<StockExportRun> {
	const crm = options.parameters.crm === 'keyCrm' ? 'keyCrmApi' : 'salesDriveApi';
	const node: INode = {
		id: 'export',
		name: 'Stock Export',
		type: 'n8n-nodes-bas-crm.stockExport',
		typeVersion: 1,
		position: [400, 0],
		parameters: options.parameters,
		credentials: { basODataApi: { id: '1', name: 'BAS' }, [crm]: { id: '2', name: 'CRM' } },
	};
	const items: INode = {
		id: 'items',
		name: 'Items',
		type: 'test.emitItems',
		typeVersion: 1,
		position: [200, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const result = await runWorkflow({
		workflow: {
			nodes: [MANUAL_TRIGGER, items, node],
			connections: {
				[MANUAL_TRIGGER.name]: { main: [[{ node: items.name, type: 'main', index: 0 }]] },
				[items.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
			},
		},
		credentials: options.credentials,
		staticData: options.staticData,
		mode: 'trigger',
	});
	return {
		status: result.status,
		report: result.output(node.name)[0]?.json ?? {},
		error: () => result.error(node.name),
	};
}

/** What the node keeps in the workflow's static data (n8n files it under `node:<name>`). */
export const exportState = (staticData: IDataObject) => (staticData['node:Stock Export'] ?? {}) as IDataObject;

/** The sandbox's warehouses, in order. */
export function basWarehouses(bas: BasSandbox): Entity[] {
	const set = bas.profile === 'unf' ? 'Catalog_СтруктурныеЕдиницы' : 'Catalog_Склады';
	return bas.store.list(set);
}

/** The Warehouses parameter: the sandbox's warehouses by name, to CRM warehouses 1, 2, 3. */
export function warehouseTable(bas: BasSandbox, ids = ['1', '2', '3']) {
	return { warehouse: basWarehouses(bas).map((w, i) => ({ bas: String(w.Description), crm: ids[i] })) };
}

/** The CRM key of every item (SKU) and characteristic (`SKU-name`), with its BAS references. */
export function exportKeys(bas: BasSandbox): Array<{ key: string; item: string; characteristic?: string }> {
	const items = bas.store.list('Catalog_Номенклатура').filter((item) => !item.IsFolder && item.Артикул);
	const byOwner = new Map<string, Entity[]>();
	if (bas.schema.objects.Catalog_ХарактеристикиНоменклатуры) {
		for (const c of bas.store.list('Catalog_ХарактеристикиНоменклатуры')) {
			const owner = String(c.Owner_Key ?? c.Owner);
			byOwner.set(owner, [...(byOwner.get(owner) ?? []), c]);
		}
	}
	return items.flatMap((item) => {
		const sku = String(item.Артикул);
		const variants = byOwner.get(String(item.Ref_Key)) ?? [];
		return [
			{ key: sku, item: String(item.Ref_Key) },
			...variants.map((c) => ({
				key: `${sku}-${String(c.Description)}`,
				item: String(item.Ref_Key),
				characteristic: String(c.Ref_Key),
			})),
		];
	});
}

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

/** The CRM key of an item and characteristic (the empty reference for none). */
export const keyOf = (bas: BasSandbox, item: string, characteristic = EMPTY_REF) =>
	exportKeys(bas).find((k) => k.item === item && (k.characteristic ?? EMPTY_REF) === characteristic)!.key;

/** Stock rows of the sandbox's opening balances: item, characteristic, warehouse, quantity. */
export function openingRows(bas: BasSandbox, register: string, quantity: string, warehouse: string) {
	return bas.records.records(register).map((r) => ({
		item: String(r.Номенклатура_Key),
		characteristic: String(r.Характеристика_Key),
		warehouse: String(r[warehouse]),
		quantity: Number(r[quantity]),
	}));
}

/**
 * What a cost register holds per CRM key, summed over its records (receipts less expenses) in
 * the warehouses kept: amount and quantity. `placeOf` tells a record's item, characteristic and
 * warehouse (UT names them through its key catalog).
 */
export function costTotals(
	bas: BasSandbox,
	register: string,
	resources: { amount: string; quantity: string },
	placeOf: (record: Entity) => { item: string; characteristic?: string; warehouse: string },
	keep: (warehouse: string) => boolean = () => true,
): Map<string, { amount: number; quantity: number }> {
	const totals = new Map<string, { amount: number; quantity: number }>();
	for (const record of bas.records.records(register)) {
		const place = placeOf(record);
		if (!keep(place.warehouse)) continue;
		const key = keyOf(bas, place.item, place.characteristic || EMPTY_REF);
		const sign = record.RecordType === 'Expense' ? -1 : 1;
		const total = totals.get(key) ?? { amount: 0, quantity: 0 };
		total.amount += sign * Number(record[resources.amount]);
		total.quantity += sign * Number(record[resources.quantity]);
		totals.set(key, total);
	}
	return totals;
}

/** Amount over quantity to the kopeck, as the node sends it. */
export const unitCost = (total: { amount: number; quantity: number }) =>
	Math.round((total.amount / total.quantity) * 100) / 100;

export function seedSalesDrive(sd: SalesDriveSandbox, keys: string[]): void {
	for (let i = 0; i < keys.length; i += 100) {
		sd.store.upsertProducts(
			keys.slice(i, i + 100).map((id) => ({ id, name: `Товар ${id}` })),
			[],
		);
	}
}

export function seedKeyCrm(kc: KeyCrmSandbox, keys: string[]): void {
	kc.addOffers(keys.length).forEach((offer, i) => kc.store.insertOffer({ ...offer, sku: keys[i], stocks: new Map() }));
}

/** Writes one document's movements into a register (1C keeps them by recorder), dated `period`. */
export function writeMovements(
	bas: BasSandbox,
	register: string,
	movements: Array<Entity & { RecordType: 'Receipt' | 'Expense' }>,
	period = '2099-01-01T00:00:00',
): void {
	const object = bas.store.definition(register);
	const recorder = randomUUID();
	const rows = movements.map((movement, index) => {
		const record: Entity = {};
		for (const field of object.fields) record[field.name] = emptyValue(field);
		return Object.assign(record, {
			Recorder: recorder,
			Recorder_Type: 'StandardODATA.Document_ПриходнаяНакладная',
			Period: period,
			LineNumber: index + 1,
			Active: true,
			...movement,
		});
	});
	bas.records.write(register, recorder, rows);
}
