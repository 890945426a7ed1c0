/**
 * Template 11 in real n8n: customer orders entered in BAS (taken by phone or in the shop) become
 * KeyCRM orders once, and the KeyCRM id is kept on the BAS order. The workflow is published and
 * polled in production mode; KeyCRM orders are read back from its sandbox, the BAS orders over OData.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	basRows,
	connectE2e,
	type E2eState,
	finishedExecutions,
	keyCrmApi,
	loadTemplate,
	sandboxCall,
} from '../helpers/e2e';
import { pollNow, unpublish } from '../helpers/e2e-bas-to-crm';
import { basBasics, basChange, basDocument, ORDER, publishPollingAll } from '../helpers/e2e-sales';

jest.setTimeout(300_000);

const TRIGGER = 'BAS order posted';

let n8n: N8nClient;
let state: E2eState;
let workflowId: string;

interface KeyCrmOrder {
	id: number;
	source_id: number;
	source_uuid: string | null;
	buyer?: { full_name: string; phone: string[] | string | null };
	products?: Array<{ sku: string | null; name: string; quantity: number; price: number }>;
}

/** KeyCRM orders whose source UUID is this BAS order's Ref_Key. */
async function keyCrmOrdersFrom(basRef: string): Promise<KeyCrmOrder[]> {
	const list = await keyCrmApi<{ data: KeyCrmOrder[] }>(
		state,
		'GET',
		`/order?filter[source_uuid]=${basRef}&include=buyer,products&limit=50`,
	);
	return list.data;
}

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	await sandboxCall(`${state.sandboxes.keyCrm.url}/__sandbox/webhooks`, 'PUT', { urls: [] });
	const workflow = await n8n.importWorkflow(loadTemplate('bas-orders-to-keycrm.json', state));
	workflowId = workflow.id;
	await publishPollingAll(n8n, workflowId, [TRIGGER]);
});

afterAll(async () => {
	if (workflowId) await unpublish(n8n, workflowId).catch(() => undefined);
});

describe('template 11: orders entered in BAS → KeyCRM orders, created once', () => {
	const orders: string[] = [];
	let fromCrm: string;
	let items: Array<Record<string, unknown>>;

	/** A posted customer order of `lines` (item, quantity, price) for `customer`. */
	async function basOrder(customer: string, lines: Array<[number, number, number]>, crmId = ''): Promise<string> {
		const basics = await basBasics(state);
		const order = await basDocument(
			state,
			ORDER,
			{
				Date: `${new Date().toISOString().slice(0, 10)}T00:00:00`,
				ВидОперации: 'ЗаказНаПродажу',
				Организация_Key: basics.organisation,
				Контрагент_Key: customer,
				ВалютаДокумента_Key: basics.currency,
				НомерВходящегоДокумента: crmId,
				СуммаДокумента: lines.reduce((sum, [, quantity, price]) => sum + quantity * price, 0),
				Запасы: lines.map(([item, quantity, price], index) => ({
					LineNumber: String(index + 1),
					Номенклатура: items[item].Ref_Key,
					Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура',
					Количество: quantity,
					Цена: price,
					Сумма: quantity * price,
				})),
			},
			true,
		);
		return String(order.Ref_Key);
	}

	it('each new BAS order becomes one KeyCRM order with its buyer and lines; its id is written back to BAS', async () => {
		items = (await basRows(state, 'Catalog_Номенклатура', 'IsFolder eq false')).filter((i) => i.Артикул).slice(0, 3);
		const customer = await basDocument(state, 'Catalog_Контрагенты', {
			Description: 'Тарас Бондар',
			Покупатель: true,
			КонтактнаяИнформация: [
				{ LineNumber: '1', Тип: 'Телефон', НомерТелефона: '+380671990011', Представление: '+380 67 199 00 11' },
				{
					LineNumber: '2',
					Тип: 'АдресЭлектроннойПочты',
					АдресЭП: 'taras@example.com',
					Представление: 'taras@example.com',
				},
			],
		});
		const customerRef = String(customer.Ref_Key);
		orders.push(
			await basOrder(customerRef, [
				[0, 2, 450],
				[1, 1, 1200],
			]),
		);
		orders.push(await basOrder(customerRef, [[2, 3, 99.5]]));
		fromCrm = await basOrder(customerRef, [[0, 1, 450]], '777001'); // came from the CRM: has its id
		await pollNow(n8n, workflowId);

		const [run] = await finishedExecutions(n8n, workflowId, 1);
		expect(run).toMatchObject({ status: 'success', mode: 'trigger' });
		const execution = (await n8n.readExecution(run.id))!;
		expect(execution.output('Not in the CRM yet').map((i) => i.json.Ref_Key)).toEqual(expect.arrayContaining(orders));
		expect(execution.output('Not in the CRM yet').map((i) => i.json.Ref_Key)).not.toContain(fromCrm);

		const [first] = await keyCrmOrdersFrom(orders[0]);
		const [second] = await keyCrmOrdersFrom(orders[1]);
		expect(await keyCrmOrdersFrom(orders[0])).toHaveLength(1);
		expect(await keyCrmOrdersFrom(orders[1])).toHaveLength(1);
		expect(await keyCrmOrdersFrom(fromCrm)).toHaveLength(0);
		expect(first.buyer).toMatchObject({ full_name: 'Тарас Бондар' });
		expect(JSON.stringify(first.buyer?.phone)).toContain('380671990011');
		expect(first.products?.map((p) => [p.sku, Number(p.quantity), Number(p.price)])).toEqual([
			[items[0].Артикул, 2, 450],
			[items[1].Артикул, 1, 1200],
		]);
		expect(second.products?.map((p) => [p.sku, Number(p.quantity), Number(p.price)])).toEqual([
			[items[2].Артикул, 3, 99.5],
		]);
		const kept = async (ref: string) =>
			(await basRows(state, ORDER, `Ref_Key eq guid'${ref}'`))[0] as Record<string, unknown>;
		expect((await kept(orders[0])).НомерВходящегоДокумента).toBe(String(first.id));
		expect((await kept(orders[1])).НомерВходящегоДокумента).toBe(String(second.id));
		expect((await kept(orders[0])).Posted).toBe(true);
	});

	it('polled again (the write-back changed the orders): nothing doubled', async () => {
		await pollNow(n8n, workflowId);
		const runs = await finishedExecutions(n8n, workflowId, 2);
		expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
		const execution = (await n8n.readExecution(runs[0].id))!;
		expect(execution.output(TRIGGER).map((i) => i.json.Ref_Key)).toEqual(expect.arrayContaining(orders));
		expect(execution.output('Not in the CRM yet')).toEqual([]);
		for (const order of orders) expect(await keyCrmOrdersFrom(order)).toHaveLength(1);
	});

	it('an order whose id never reached BAS (the write-back failed) finds its KeyCRM order again instead of making a second', async () => {
		const [before] = await keyCrmOrdersFrom(orders[0]);
		await basChange(state, ORDER, orders[0], { НомерВходящегоДокумента: '' });
		await pollNow(n8n, workflowId);
		const runs = await finishedExecutions(n8n, workflowId, 3);
		expect(runs[0].status).toBe('success');
		const execution = (await n8n.readExecution(runs[0].id))!;
		expect(execution.runData['Create the KeyCRM order']).toBeUndefined();
		expect(await keyCrmOrdersFrom(orders[0])).toEqual([expect.objectContaining({ id: before.id })]);
		const [order] = await basRows(state, ORDER, `Ref_Key eq guid'${orders[0]}'`);
		expect(order.НомерВходящегоДокумента).toBe(String(before.id));
	});
});
