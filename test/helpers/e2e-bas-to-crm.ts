/**
 * What the BAS → CRM template tests (test/e2e/templates-bas-to-crm.test.ts) need besides
 * test/helpers/e2e.ts: production runs of polling and scheduled workflows on demand, writes to
 * the BAS sandbox over OData (orders, stock receipts), what BAS holds (free stock, prices, unit
 * cost) read over OData, and the CRM side: products seeded by SKU, their stock and prices read back.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basOData,
	basRows,
	type E2eState,
	eventually,
	keyCrmApi,
	nodeOf,
	salesDriveApi,
	sandboxCall,
	type WorkflowJson,
} from './e2e';

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

// ---- n8n --------------------------------------------------------------------------------------

/** Unpublishes a workflow (`POST /rest/workflows/:id/deactivate`). */
export async function unpublish(n8n: N8nClient, workflowId: string): Promise<void> {
	await n8n.rest('POST', `/workflows/${workflowId}/deactivate`, {});
}

/** The workflow's static data as n8n stored it (saved after production runs and activations). */
export async function storedStaticData(n8n: N8nClient, workflowId: string): Promise<Record<string, unknown>> {
	const workflow = await n8n.rest<{ staticData?: Record<string, unknown> | null }>('GET', `/workflows/${workflowId}`);
	return workflow.staticData ?? {};
}

/**
 * Publishes a workflow with a polling trigger and waits until the first poll's remembered state
 * is stored: n8n polls once on activation and saves the static data after it.
 */
export async function publishPolling(n8n: N8nClient, workflowId: string, triggerName: string): Promise<void> {
	await n8n.publishWorkflow(workflowId);
	await eventually(
		() => storedStaticData(n8n, workflowId),
		(data) => data[`node:${triggerName}`] !== undefined,
		`the first poll of "${triggerName}" stored`,
	);
}

/**
 * One production poll now: n8n polls on activation, so unpublishing and publishing again runs
 * the trigger's poll() at once, in production mode, from the stored state (the schedule's next
 * poll may be minutes away; a manual run only shows a sample and keeps no state).
 */
export async function pollNow(n8n: N8nClient, workflowId: string): Promise<void> {
	await unpublish(n8n, workflowId);
	await n8n.publishWorkflow(workflowId);
}

/**
 * Sets a Schedule Trigger to fire every `seconds`: the way the tests make scheduled runs come in
 * production mode (n8n saves static data only after production runs; a manual run saves none).
 */
export function fireEverySeconds(template: WorkflowJson, triggerName: string, seconds: number): void {
	nodeOf(template, triggerName).parameters.rule = { interval: [{ field: 'seconds', secondsInterval: seconds }] };
}

// ---- BAS over OData -----------------------------------------------------------------------------

async function basWrite<T = Record<string, unknown>>(
	state: E2eState,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const { publicationUrl, user, password } = state.sandboxes.bas;
	return await sandboxCall<T>(`${publicationUrl}/odata/standard.odata/${path}?$format=json`, method, body, {
		authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
	});
}

const entity = (set: string, ref: string) => `${encodeURIComponent(set)}(guid'${ref}')`;

/** The Ref_Key of the catalog item with this name. */
export async function refByName(state: E2eState, catalog: string, name: string): Promise<string> {
	const [row] = await basRows(state, catalog, `Description eq '${name}'`);
	if (!row) throw new Error(`${catalog} has no "${name}"`);
	return String(row.Ref_Key);
}

/** Today at 00:00 as BAS writes a document's date (no zone). */
export function basToday(): string {
	return `${new Date().toISOString().slice(0, 10)}T00:00:00`;
}

/** Creates a document over OData; resolves with it as BAS answered. */
export async function createDocument(
	state: E2eState,
	set: string,
	fields: Record<string, unknown>,
): Promise<Record<string, unknown>> {
	return await basWrite(state, 'POST', encodeURIComponent(set), fields);
}

export async function updateDocument(
	state: E2eState,
	set: string,
	ref: string,
	fields: Record<string, unknown>,
): Promise<void> {
	await basWrite(state, 'PATCH', entity(set, ref), fields);
}

/** A stock receipt at a warehouse, posted: the register movement a supplier's delivery makes. */
export async function receiveStock(
	state: E2eState,
	line: { item: string; characteristic?: string; warehouse: string; quantity: number },
): Promise<void> {
	const receipt = await createDocument(state, 'Document_ПриходнаяНакладная', {
		Date: basToday(),
		Организация_Key: (await basRows(state, 'Catalog_Организации'))[0].Ref_Key,
		Контрагент_Key: (await basRows(state, 'Catalog_Контрагенты'))[0].Ref_Key,
		СтруктурнаяЕдиница_Key: line.warehouse,
		Запасы: [
			{
				LineNumber: '1',
				Номенклатура_Key: line.item,
				Характеристика_Key: line.characteristic ?? EMPTY_REF,
				Количество: line.quantity,
			},
		],
	});
	await basWrite(state, 'POST', `${entity('Document_ПриходнаяНакладная', String(receipt.Ref_Key))}/Post`);
}

/** The CRM key of every BAS item (its SKU) and variant (`SKU-characteristic`), as Stock Export sends them. */
export async function basCrmKeys(
	state: E2eState,
): Promise<Array<{ key: string; item: string; characteristic: string }>> {
	const items = (await basRows(state, 'Catalog_Номенклатура', 'IsFolder eq false')).filter((i) => i.Артикул);
	const characteristics = await basRows(state, 'Catalog_ХарактеристикиНоменклатуры');
	return items.flatMap((item) => [
		{ key: String(item.Артикул), item: String(item.Ref_Key), characteristic: EMPTY_REF },
		...characteristics
			.filter((c) => c.Owner === item.Ref_Key || c.Owner_Key === item.Ref_Key)
			.map((c) => ({
				key: `${String(item.Артикул)}-${String(c.Description)}`,
				item: String(item.Ref_Key),
				characteristic: String(c.Ref_Key),
			})),
	]);
}

const balanceOf = async (state: E2eState, register: string) =>
	(await basOData<{ value: Array<Record<string, unknown>> }>(state, encodeURI(`${register}/Balance()`))).value;

/** Free stock (UNF: on hand less reserves) by CRM key and BAS warehouse Ref_Key. */
export async function basFreeStock(state: E2eState): Promise<Map<string, Map<string, number>>> {
	const keyOf = keyIndex(await basCrmKeys(state));
	const free = new Map<string, Map<string, number>>();
	const add = (row: Record<string, unknown>, sign: number) => {
		const key = keyOf(row);
		if (!key) return;
		const byWarehouse = free.get(key) ?? new Map<string, number>();
		const warehouse = String(row.СтруктурнаяЕдиница_Key);
		byWarehouse.set(warehouse, (byWarehouse.get(warehouse) ?? 0) + sign * Number(row.КоличествоBalance));
		free.set(key, byWarehouse);
	};
	for (const row of await balanceOf(state, 'AccumulationRegister_ЗапасыНаСкладах')) add(row, 1);
	for (const row of await balanceOf(state, 'AccumulationRegister_РезервыТоваровОрганизаций')) add(row, -1);
	return free;
}

/** The latest price of each CRM key in a price type. */
export async function basPrices(state: E2eState, priceTypeName: string): Promise<Map<string, number>> {
	const keyOf = keyIndex(await basCrmKeys(state));
	const priceType = await refByName(state, 'Catalog_ВидыЦен', priceTypeName);
	const rows = (
		await basOData<{ value: Array<Record<string, unknown>> }>(
			state,
			encodeURI('InformationRegister_ЦеныНоменклатуры/SliceLast()'),
		)
	).value;
	const prices = new Map<string, number>();
	for (const row of rows) {
		const key = keyOf(row);
		if (key && row.ВидЦен_Key === priceType) prices.set(key, Number(row.Цена));
	}
	return prices;
}

/** Unit cost of each CRM key: amount over quantity in UNF's cost register, all warehouses, to the kopeck. */
export async function basUnitCosts(state: E2eState): Promise<Map<string, number>> {
	const keyOf = keyIndex(await basCrmKeys(state));
	const totals = new Map<string, { amount: number; quantity: number }>();
	for (const row of await balanceOf(state, 'AccumulationRegister_Запасы')) {
		const key = keyOf(row);
		if (!key) continue;
		const total = totals.get(key) ?? { amount: 0, quantity: 0 };
		total.amount += Number(row.СуммаBalance);
		total.quantity += Number(row.КоличествоBalance);
		totals.set(key, total);
	}
	const costs = new Map<string, number>();
	for (const [key, total] of totals)
		if (total.quantity > 0) costs.set(key, Math.round((total.amount / total.quantity) * 100) / 100);
	return costs;
}

function keyIndex(keys: Array<{ key: string; item: string; characteristic: string }>) {
	const byRefs = new Map(keys.map((k) => [`${k.item}|${k.characteristic}`, k.key]));
	return (row: Record<string, unknown>) =>
		byRefs.get(`${String(row.Номенклатура_Key)}|${String(row.Характеристика_Key ?? EMPTY_REF) || EMPTY_REF}`);
}

// ---- the CRMs ------------------------------------------------------------------------------------

/** The user's catalog in both CRMs: a SalesDrive product (ID = key) and a KeyCRM product per key. */
export async function seedCrmProducts(state: E2eState, keys: string[]): Promise<void> {
	for (let at = 0; at < keys.length; at += 100) {
		const chunk = keys.slice(at, at + 100);
		const answer = await salesDriveApi<{ status: string }>(state, 'POST', '/product-handler/', {
			action: 'update',
			product: chunk.map((id) => ({ id, name: `Товар ${id}`, sku: id })),
		});
		if (answer.status !== 'success') throw new Error(`SalesDrive refused the products: ${JSON.stringify(answer)}`);
	}
	// another file may have made some of them already (KeyCRM refuses a SKU twice)
	const known = new Set((await keyCrmOffers(state, keys)).map((offer) => offer.sku));
	const missing = keys.filter((key) => !known.has(key));
	for (let at = 0; at < missing.length; at += 100) {
		await keyCrmApi(state, 'POST', '/products/import', {
			products: missing.slice(at, at + 100).map((sku) => ({ name: `Товар ${sku}`, sku, price: 1 })),
		});
	}
}

export interface KeyCrmOfferStock {
	sku: string;
	price: number;
	purchased_price: number;
	warehouse: Array<{ id: number; quantity: number }>;
}

/** KeyCRM offers by SKU with their prices and stock per warehouse (`GET /offers/stocks`, 50 a page). */
export async function keyCrmOffers(state: E2eState, skus: string[]): Promise<KeyCrmOfferStock[]> {
	const offers: KeyCrmOfferStock[] = [];
	for (let at = 0; at < skus.length; at += 50) {
		const page = await keyCrmApi<{ data: KeyCrmOfferStock[] }>(
			state,
			'GET',
			`/offers/stocks?limit=50&filter[details]=true&filter[offers_sku]=${encodeURIComponent(skus.slice(at, at + 50).join(','))}`,
		);
		offers.push(...page.data);
	}
	return offers;
}

export interface SalesDriveProduct {
	id: string;
	costPerItem: number;
	expenses?: number;
	stockBalanceByStock: Record<string, number>;
}

/** SalesDrive's products by ID (the sandbox's view: SalesDrive has no product read API). */
export async function salesDriveProducts(state: E2eState): Promise<Map<string, SalesDriveProduct>> {
	const products = await sandboxCall<SalesDriveProduct[]>(
		`${state.sandboxes.salesDrive.url}/__sandbox/products`,
		'GET',
	);
	return new Map(products.map((p) => [p.id, p]));
}

/** Requests a sandbox recorded since `since` (epoch ms) that wrote something, with their bodies. */
export async function writesSince(
	sandboxUrl: string,
	since: number,
): Promise<Array<{ method: string; url: string; body?: unknown }>> {
	const requests = await sandboxCall<Array<{ at: number; method: string; url: string; body?: unknown }>>(
		`${sandboxUrl}/__sandbox/requests`,
		'GET',
	);
	return requests.filter((r) => r.at >= since && r.method !== 'GET');
}
