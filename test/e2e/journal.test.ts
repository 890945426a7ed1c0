/**
 * Template 12 in real n8n: the SalesDrive sandbox POSTs its webhooks at the published receiver,
 * which only writes them to the Data Table as pending events; the processor (run here by the
 * page's *Process now*, its schedule off) makes the BAS orders and writes each outcome back; a
 * BAS outage leaves the event in error with the reason, and *Re-process* then completes it once.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basRows,
	connectE2e,
	type E2eState,
	eventually,
	finishedExecutions,
	salesDriveApi,
	sandboxCall,
	setBasFaults,
	stockedItems,
	type StockedItem,
} from '../helpers/e2e';
import {
	type Journal,
	journalRows,
	type JournalRow,
	journalWorkflows,
	postPageForm,
	salesDriveWebhooksTo,
} from '../helpers/e2e-journal';

jest.setTimeout(180_000);

let n8n: N8nClient;
let state: E2eState;
let journal: Journal;
let item: StockedItem;
/** journal rows and receiver executions there before this file ran (the browser test may have run first) */
let before: number;
let receiverRuns: number;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	journal = await journalWorkflows(n8n, state);
	await salesDriveWebhooksTo(state, [journal.receiverUrl]);
	[item] = await stockedItems(state, 'Основний склад', { withVariants: 0, plain: 1 });
	before = (await journalRows(n8n)).length;
	receiverRuns = (await n8n.listExecutions(journal.receiverId)).length;
});

afterAll(async () => {
	await setBasFaults(state, { errorRate: 0 });
	await salesDriveWebhooksTo(state, []);
});

const ordersFor = async (crmId: unknown) =>
	(await basRows(state, 'Document_ЗаказПокупателя', `НомерВходящегоДокумента eq '${String(crmId)}'`)).filter(
		(d) => d.DeletionMark !== true,
	);

async function createOrder(phone: string) {
	const answer = await salesDriveApi<{ success: boolean; data: { orderId: number } }>(state, 'POST', '/handler/', {
		getResultData: 1,
		fName: 'Ірина',
		lName: 'Коваль',
		phone,
		products: [{ sku: item.sku, name: `Товар ${item.sku}`, costPerItem: 800, amount: 1 }],
		payment_method: 'card',
		shipping_method: 'novaposhta',
	});
	expect(answer.success).toBe(true);
	return answer.data.orderId;
}

const setStatus = (orderId: number, statusId: number) =>
	salesDriveApi(state, 'POST', '/api/order/update/', { id: orderId, data: { statusId } });

/** The journal's rows of one SalesDrive order, oldest first. */
const rowsOf = async (orderId: number) => (await journalRows(n8n)).filter((r) => r.orderId === String(orderId));

/** Waits until none of the order's rows is pending or processing. */
const settled = (orderId: number, count: number) =>
	eventually(
		() => rowsOf(orderId),
		(rows) => rows.length === count && rows.every((r) => !['pending', 'processing'].includes(r.status)),
		`${count} settled journal rows of order ${orderId}`,
	);

describe('template 12: receive into the Data Table, then process', () => {
	let orderId: number;

	it('webhooks land in the table as pending events, one per change however often it is delivered, and nothing is processed', async () => {
		orderId = await createOrder('+380671230001');
		await finishedExecutions(n8n, journal.receiverId, ++receiverRuns);
		// SalesDrive sends the same new order again
		await sandboxCall(`${state.sandboxes.salesDrive.url}/__sandbox/webhooks/fire`, 'POST', {
			event: 'new_order',
			orderId,
		});
		await finishedExecutions(n8n, journal.receiverId, ++receiverRuns);
		await setStatus(orderId, 5); // Скасовано: in skipStatuses
		await setStatus(orderId, 7); // Видалено: the status table has no row for it
		receiverRuns += 2;
		const executions = await finishedExecutions(n8n, journal.receiverId, receiverRuns);
		expect(executions.slice(0, 4).map((e) => e.status)).toEqual(Array(4).fill('success'));

		const rows = await rowsOf(orderId);
		expect(rows.map((r) => [r.event, r.status, r.system, r.attempts])).toEqual([
			['new_order', 'pending', 'salesdrive', 0],
			['status_change', 'pending', 'salesdrive', 0],
			['status_change', 'pending', 'salesdrive', 0],
		]);
		expect(new Set(rows.map((r) => r.eventKey)).size).toBe(3);
		expect(JSON.parse(rows[0].payload)).toMatchObject({ event: 'new_order', normalized: { id: orderId } });
		expect(await ordersFor(orderId)).toEqual([]);
	});

	it('processing writes each outcome: completed (the BAS order), completed without processing, declined', async () => {
		await postPageForm(journal, 'process');
		const rows = await settled(orderId, 3);
		const documents = await ordersFor(orderId);
		expect(documents).toHaveLength(1);
		expect(documents[0].Posted).toBe(true);
		// the two status changes can arrive within one second: their rows' order is not fixed
		const byEventAndStatus = (a: unknown[], b: unknown[]) => String(a).localeCompare(String(b));
		expect(rows.map((r) => [r.event, r.status, r.attempts]).sort(byEventAndStatus)).toEqual(
			[
				['new_order', 'completed', 1],
				['status_change', 'skipped', 1],
				['status_change', 'declined', 1],
			].sort(byEventAndStatus),
		);
		const withStatus = (status: string) => rows.find((r) => r.status === status)!;
		expect(withStatus('completed').details).toContain(String(documents[0].Number));
		expect(withStatus('skipped').details).toContain('Скасовано');
		expect(withStatus('declined').details).toMatch(/No mapping for normalized\.status\.value = 7 \(Видалено\)/);
		for (const row of rows) expect(row.processedAt).toBeTruthy();

		// the journal page lists them with their outcomes, behind its Basic Auth
		expect((await fetch(journal.pageUrl)).status).toBe(401);
		const page = await fetch(`${journal.pageUrl}?outcome=declined`, {
			headers: { authorization: journal.authorization },
		});
		expect(page.headers.get('content-type')).toContain('text/html');
		const html = await page.text();
		expect(html).toContain(`<tr class="event declined" data-id="${withStatus('declined').id}"`);
		expect(html).not.toContain(`data-id="${withStatus('completed').id}"`);
	});

	it('a BAS outage leaves the event in error with the reason; Re-process after it completes the event with one BAS order', async () => {
		await setBasFaults(state, { errorRate: 1, errorStatus: 503 });
		const failingOrder = await createOrder('+380671230002');
		receiverRuns += 1;
		await finishedExecutions(n8n, journal.receiverId, receiverRuns);
		await postPageForm(journal, 'process');
		const [failed] = await settled(failingOrder, 1);
		expect(failed.status).toBe('error');
		expect(failed.details).toMatch(/503/);
		await setBasFaults(state, { errorRate: 0 });
		expect(await ordersFor(failingOrder)).toEqual([]);

		await postPageForm(journal, 'reprocess', { id: String(failed.id) });
		// the page's POST is answered before the processing ends: wait for the second attempt to settle
		let [done] = await eventually(
			() => rowsOf(failingOrder),
			(rows: JournalRow[]) => rows[0]?.attempts === 2 && !['pending', 'processing'].includes(rows[0].status),
			'the re-processing',
		);
		expect(done).toMatchObject({ id: failed.id, status: 'completed', attempts: 2 });
		expect(await ordersFor(failingOrder)).toHaveLength(1);

		// re-processing a completed event finds the order it made: still one
		await postPageForm(journal, 'reprocess', { id: String(failed.id) });
		[done] = await eventually(
			() => rowsOf(failingOrder),
			(rows: JournalRow[]) => rows[0]?.attempts === 3 && rows[0].status === 'completed',
			'the second re-processing',
		);
		expect(await ordersFor(failingOrder)).toHaveLength(1);
		expect((await journalRows(n8n)).length).toBe(before + 4);
	});
});
