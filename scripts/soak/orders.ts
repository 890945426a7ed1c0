/**
 * The soak's orders: created in the SalesDrive sandbox through its API with goods the BAS sandbox
 * holds, their `new_order` webhook bodies built exactly as the sandbox sends them, deliveries
 * POSTed a bounded number at a time, and what BAS holds afterwards checked order by order.
 */
import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { orderWebhookBody, type OrderWebhookBody } from '../../sandbox/salesdrive/webhooks';
import { basRows, type E2eState, type StockedItem } from '../../test/helpers/e2e';

export const ORDER_SET = 'Document_ЗаказПокупателя';
/** Where UNF keeps the CRM's order id (the template's external id field). */
export const EXTERNAL_ID_FIELD = 'НомерВходящегоДокумента';
const NO_CHARACTERISTIC = '00000000-0000-0000-0000-000000000000';

export interface ExpectedLine {
	item: string;
	characteristic: string;
	quantity: number;
	price: number;
	sum: number;
}

export interface SoakOrder {
	id: number;
	body: OrderWebhookBody;
	lines: ExpectedLine[];
	total: number;
}

export function shuffled<T>(list: T[], random: () => number): T[] {
	const copy = [...list];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

/**
 * Creates `count` orders through SalesDrive's `/handler/`, each for its own customer (a phone of
 * its own) with one to three lines of goods in stock, and builds each one's `new_order` body.
 * `serial` keeps phones unique across calls.
 */
export async function createOrders(
	salesDrive: SalesDriveSandbox,
	goods: StockedItem[],
	count: number,
	options: { random: () => number; serial: number },
): Promise<SoakOrder[]> {
	const orders: SoakOrder[] = [];
	for (let i = 0; i < count; i++) {
		const serial = options.serial + i;
		const picked = shuffled(goods, options.random).slice(0, 1 + Math.floor(options.random() * 3));
		const lines = picked.map((item) => {
			const quantity = 1 + Math.floor(options.random() * 3);
			const price = 100 + 5 * Math.floor(options.random() * 200);
			return { item, quantity, price };
		});
		const response = await fetch(`${salesDrive.url}/handler/`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': salesDrive.apiKey },
			body: JSON.stringify({
				getResultData: 1,
				fName: 'Покупець',
				lName: `Соак ${serial}`,
				phone: `+38067${String(3_000_000 + serial).padStart(7, '0')}`,
				products: lines.map(({ item, quantity, price }) => ({
					sku: item.characteristic ? `${item.sku}/${item.characteristic.name}` : item.sku,
					name: `Товар ${item.sku}`,
					costPerItem: price,
					amount: quantity,
				})),
				payment_method: 'card',
				shipping_method: 'novaposhta',
				shipping_address: 'Київ, відділення 12',
				comment: `Замовлення ${serial}`,
			}),
		});
		const answer = (await response.json()) as { success: boolean; data?: { orderId: number }; error?: string };
		if (!answer.success || !answer.data) throw new Error(`SalesDrive sandbox refused order ${serial}: ${answer.error}`);
		const order = salesDrive.store.getOrder(answer.data.orderId);
		if (!order) throw new Error(`SalesDrive sandbox lost order ${answer.data.orderId}`);
		const expected = lines.map(({ item, quantity, price }) => ({
			item: item.item,
			characteristic: item.characteristic?.ref ?? NO_CHARACTERISTIC,
			quantity,
			price,
			sum: quantity * price,
		}));
		orders.push({
			id: order.id,
			body: orderWebhookBody(salesDrive.store, order, 'new_order', salesDrive.account),
			lines: expected,
			total: expected.reduce((total, line) => total + line.sum, 0),
		});
	}
	return orders;
}

export interface Delivery {
	sentAt: number;
	answeredAt: number;
	status: number;
	/** the caller's tag (an order id, a sequence number) */
	tag: number;
}

/**
 * POSTs every body to `url`, at most `concurrency` at a time, in the order given; resolves with
 * each delivery's timing and HTTP status (a network failure is status 0).
 */
export async function deliver(
	url: string,
	bodies: Array<{ tag: number; body: unknown }>,
	concurrency: number,
	signal?: AbortSignal,
): Promise<Delivery[]> {
	const deliveries: Delivery[] = [];
	let next = 0;
	const lane = async () => {
		while (next < bodies.length) {
			signal?.throwIfAborted();
			const { tag, body } = bodies[next++];
			const sentAt = Date.now();
			let status = 0;
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(60_000),
				});
				status = response.status;
				await response.arrayBuffer();
			} catch {
				// counted as not accepted
			}
			deliveries.push({ tag, sentAt, answeredAt: Date.now(), status });
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, lane));
	return deliveries;
}

export interface BasCheck {
	/** orders with no live customer order in BAS */
	lost: number[];
	/** live customer orders beyond the first, summed over orders */
	duplicates: number;
	/** orders whose one document has wrong lines or totals, or is not posted, with what differs */
	wrong: Array<{ id: number; problem: string }>;
	/** documents marked for deletion by the guard (a concurrent create that lost) */
	markedForDeletion: number;
	/** the kept document of each order, by CRM order id */
	documents: Map<number, Record<string, unknown>>;
}

/** Reads every customer order from BAS over OData and checks each expected order against it. */
export async function checkBas(state: E2eState, orders: SoakOrder[]): Promise<BasCheck> {
	const rows = await basRows(state, ORDER_SET);
	const byExternalId = new Map<string, Array<Record<string, unknown>>>();
	for (const row of rows) {
		const key = String(row[EXTERNAL_ID_FIELD] ?? '');
		byExternalId.set(key, [...(byExternalId.get(key) ?? []), row]);
	}
	const check: BasCheck = { lost: [], duplicates: 0, wrong: [], markedForDeletion: 0, documents: new Map() };
	for (const order of orders) {
		const all = byExternalId.get(String(order.id)) ?? [];
		const live = all.filter((row) => row.DeletionMark !== true);
		check.markedForDeletion += all.length - live.length;
		if (live.length === 0) {
			check.lost.push(order.id);
			continue;
		}
		check.duplicates += live.length - 1;
		const [document] = live;
		check.documents.set(order.id, document);
		const problem = contentProblem(document, order);
		if (problem) check.wrong.push({ id: order.id, problem });
	}
	return check;
}

function contentProblem(document: Record<string, unknown>, order: SoakOrder): string | undefined {
	if (document.Posted !== true) return 'not posted';
	if (Number(document.СуммаДокумента) !== order.total)
		return `total ${String(document.СуммаДокумента)}, expected ${order.total}`;
	const lines = ((document.Запасы as Array<Record<string, unknown>>) ?? []).map((row) => ({
		item: String(row.Номенклатура ?? row.Номенклатура_Key),
		characteristic: String(row.Характеристика_Key ?? NO_CHARACTERISTIC),
		quantity: Number(row.Количество),
		price: Number(row.Цена),
		sum: Number(row.Сумма),
	}));
	const sameLines = JSON.stringify(lines) === JSON.stringify(order.lines);
	return sameLines ? undefined : `lines ${JSON.stringify(lines)}, expected ${JSON.stringify(order.lines)}`;
}

/** The value below which `share` of the values lie (nearest rank). */
export function percentile(values: number[], share: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}
