/**
 * Template 8 in real n8n: KeyCRM payments → BAS cash / bank receipts linked to their order. The
 * workflow is published; the KeyCRM sandbox POSTs its payment-status webhook at n8n's production
 * URL; the receipts are read back from the BAS sandbox over OData.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basRows,
	basWritesSince,
	connectE2e,
	type E2eState,
	finishedExecutions,
	keyCrmApi,
	loadTemplate,
	nodeOf,
	sandboxCall,
	webhookLive,
	webhookToken,
} from '../helpers/e2e';
import { basCreate } from '../helpers/e2e-catalog';

jest.setTimeout(300_000);

let n8n: N8nClient;
let state: E2eState;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
});

describe('template 8: KeyCRM payments → BAS receipts linked to the order', () => {
	const TRIGGER = 'KeyCRM payment webhook';
	const keyCrm = () => state.sandboxes.keyCrm.url;
	let workflowId: string;
	let crmOrder: number;
	let basOrder: string;

	beforeAll(async () => {
		const template = loadTemplate('crm-payments-to-bas.json', state);
		const workflow = await n8n.importWorkflow(template);
		await n8n.publishWorkflow(workflow.id);
		workflowId = workflow.id;
		const trigger = nodeOf(template, TRIGGER);
		const url = `${n8n.productionWebhookUrl(`${trigger.webhookId}/keycrm`)}?token=${encodeURIComponent(webhookToken(state))}`;
		await webhookLive(url);
		await sandboxCall(`${keyCrm()}/__sandbox/webhooks`, 'PUT', { urls: [url] });

		// an order of 1000 in KeyCRM and its customer order in BAS (as template 1 makes it)
		crmOrder = (
			await keyCrmApi<{ id: number }>(state, 'POST', '/order', {
				source_id: 1,
				buyer: { full_name: 'Ірина Коваль', phone: '+380671180001' },
				products: [{ name: 'Рюкзак міський', price: 1000, quantity: 1 }],
			})
		).id;
		const [organisation] = await basRows(state, 'Catalog_Организации');
		const [customer] = await basRows(state, 'Catalog_Контрагенты', 'IsFolder eq false');
		const [currency] = await basRows(state, 'Catalog_Валюты', "Code eq '980'");
		basOrder = String(
			(
				await basCreate(state, 'Document_ЗаказПокупателя', {
					ВидОперации: 'ЗаказНаПродажу',
					Организация_Key: organisation.Ref_Key,
					Контрагент_Key: customer.Ref_Key,
					ВалютаДокумента_Key: currency.Ref_Key,
					СуммаДокумента: 1000,
					НомерВходящегоДокумента: String(crmOrder),
				})
			).Ref_Key,
		);
	});

	afterAll(async () => {
		await sandboxCall(`${keyCrm()}/__sandbox/webhooks`, 'PUT', { urls: [] });
	});

	const cashReceipts = async () =>
		(await basRows(state, 'Document_ПоступлениеВКассу')).filter(
			(d) => d.DeletionMark !== true && JSON.stringify(d.РасшифровкаПлатежа).includes(basOrder),
		);
	const bankReceipts = async () =>
		(await basRows(state, 'Document_ПоступлениеНаСчет')).filter(
			(d) => d.DeletionMark !== true && JSON.stringify(d.РасшифровкаПлатежа).includes(basOrder),
		);
	const addPayment = async (methodId: number, amount: number) =>
		(
			await keyCrmApi<{ id: number }>(state, 'POST', `/order/${crmOrder}/payment`, {
				payment_method_id: methodId,
				amount,
				status: 'paid',
			})
		).id;

	it('a partial cash payment becomes a posted cash receipt of its amount, linked to the order', async () => {
		const payment = await addPayment(1, 400);
		const [execution] = await finishedExecutions(n8n, workflowId, 1);
		expect(execution.status).toBe('success');
		const receipts = await cashReceipts();
		expect(receipts).toHaveLength(1);
		expect(receipts[0]).toMatchObject({ Posted: true, СуммаДокумента: 400, Основание: `KeyCRM-${payment}` });
		expect(await bankReceipts()).toEqual([]);
	});

	it('the rest paid by card: a bank receipt of its own; the first payment is not entered again', async () => {
		const payment = await addPayment(2, 600);
		const executions = await finishedExecutions(n8n, workflowId, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(await cashReceipts()).toHaveLength(1);
		const bank = await bankReceipts();
		expect(bank).toHaveLength(1);
		expect(bank[0]).toMatchObject({
			Posted: true,
			СуммаДокумента: 600,
			НомерВходящегоДокумента: `KeyCRM-${payment}`,
		});
	});

	it('the webhook delivered again: nothing doubled, nothing written', async () => {
		const since = Date.now();
		for (let delivery = 0; delivery < 2; delivery++)
			await sandboxCall(`${keyCrm()}/__sandbox/webhooks/fire`, 'POST', {
				event: 'order.change_payment_status',
				orderId: crmOrder,
			});
		const executions = await finishedExecutions(n8n, workflowId, 4);
		expect(executions.map((e) => e.status)).toEqual(Array(4).fill('success'));
		expect(await cashReceipts()).toHaveLength(1);
		expect(await bankReceipts()).toHaveLength(1);
		expect(await basWritesSince(state, since)).toEqual([]);
	});
});
