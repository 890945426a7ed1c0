/**
 * Template 8 (BAS → CRM half) in real n8n: cash and bank receipts posted in BAS become payments
 * on their SalesDrive orders. The workflow is published and polled in production mode (n8n
 * polls on activation); payments and the orders' paid amounts are read back from the
 * SalesDrive sandbox.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import { connectE2e, type E2eState, finishedExecutions, loadTemplate, sandboxCall } from '../helpers/e2e';
import { pollNow, unpublish, writesSince } from '../helpers/e2e-bas-to-crm';
import {
	basChange,
	basOrderOf,
	basReceipt,
	publishPollingAll,
	salesDriveOrderMoney,
	salesDriveOrderOf,
	salesDrivePaymentsOf,
} from '../helpers/e2e-sales';

jest.setTimeout(300_000);

const TRIGGERS = ['BAS cash receipt', 'BAS bank receipt'];

let n8n: N8nClient;
let state: E2eState;
let workflowId: string;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	// payments made here must not reach templates other files left published
	await sandboxCall(`${state.sandboxes.salesDrive.url}/__sandbox/webhooks`, 'PUT', { urls: [] });
	const workflow = await n8n.importWorkflow(loadTemplate('bas-payments-to-crm.json', state));
	workflowId = workflow.id;
	await publishPollingAll(n8n, workflowId, TRIGGERS);
});

afterAll(async () => {
	if (workflowId) await unpublish(n8n, workflowId).catch(() => undefined);
});

describe('template 8: BAS cash and bank receipts → SalesDrive payments', () => {
	let crmOrder: number;
	let basOrder: string;
	let cashReceipt: string;

	beforeAll(async () => {
		crmOrder = await salesDriveOrderOf(state, 1000, '+380671880001');
		basOrder = await basOrderOf(state, 1000, String(crmOrder));
	});

	it('a partial cash payment becomes a SalesDrive payment of its amount: the order shows it partly paid; receipts entered from the CRM and orders entered in BAS send nothing', async () => {
		cashReceipt = await basReceipt(state, 'cash', basOrder, 400, 'Оплата готівкою');
		// a receipt the CRM → BAS template made (its payment id) and one for an order SalesDrive does not know
		await basReceipt(state, 'cash', basOrder, 250, 'SD-check-4000002379');
		const shopOrder = await basOrderOf(state, 300);
		await basReceipt(state, 'cash', shopOrder, 300, 'Оплата в магазині');
		const since = Date.now();
		await pollNow(n8n, workflowId);

		const [run] = await finishedExecutions(n8n, workflowId, 1);
		expect(run).toMatchObject({ status: 'success', mode: 'trigger' });
		const execution = (await n8n.readExecution(run.id))!;
		expect(execution.output('BAS cash receipt')).toHaveLength(3);
		expect(execution.output('Came from SalesDrive?', 1).map((i) => i.json.Ref_Key)).toEqual([shopOrder]);

		const payments = await salesDrivePaymentsOf(state, crmOrder);
		expect(payments).toHaveLength(1);
		expect(payments[0]).toMatchObject({ sum: '400.00' });
		expect(await salesDriveOrderMoney(state, crmOrder)).toEqual({
			paymentAmount: 1000,
			payedAmount: 400,
			restPay: 600,
		});
		const writes = await writesSince(state.sandboxes.salesDrive.url, since);
		expect(writes.map((w) => [w.url, w.body])).toEqual([
			['/api/payment/', expect.objectContaining({ orderId: crmOrder, sum: 400, uniqueId: `BAS-${cashReceipt}/1` })],
		]);
	});

	it('the rest paid to the bank account: a second payment; the order is paid in full', async () => {
		const bankReceipt = await basReceipt(state, 'bank', basOrder, 600, '8841');
		const since = Date.now();
		await pollNow(n8n, workflowId);
		const runs = await finishedExecutions(n8n, workflowId, 2);
		expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
		const payments = await salesDrivePaymentsOf(state, crmOrder);
		expect(payments.map((p) => p.sum)).toEqual(['400.00', '600.00']);
		expect(payments[1].comment).toContain('BAS №');
		expect(await salesDriveOrderMoney(state, crmOrder)).toEqual({ paymentAmount: 1000, payedAmount: 1000, restPay: 0 });
		const writes = await writesSince(state.sandboxes.salesDrive.url, since);
		expect(writes.map((w) => w.body)).toEqual([
			expect.objectContaining({ orderId: crmOrder, sum: 600, uniqueId: `BAS-${bankReceipt}/1` }),
		]);
	});

	it('a receipt changed in BAS and polled again: nothing doubled', async () => {
		await basChange(state, 'Document_ПоступлениеВКассу', cashReceipt, { Комментарий: 'перевірено касиром' });
		const since = Date.now();
		await pollNow(n8n, workflowId);
		const runs = await finishedExecutions(n8n, workflowId, 3);
		expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
		const execution = (await n8n.readExecution(runs[0].id))!;
		expect(execution.output('BAS cash receipt').map((i) => i.json.Ref_Key)).toEqual([cashReceipt]);
		// sent again with the same Unique ID, which SalesDrive answers with the payment it made before
		const writes = await writesSince(state.sandboxes.salesDrive.url, since);
		expect(writes.map((w) => (w.body as { uniqueId: string }).uniqueId)).toEqual([`BAS-${cashReceipt}/1`]);
		expect((await salesDrivePaymentsOf(state, crmOrder)).map((p) => p.sum)).toEqual(['400.00', '600.00']);
		expect(await salesDriveOrderMoney(state, crmOrder)).toEqual({ paymentAmount: 1000, payedAmount: 1000, restPay: 0 });
	});
});
