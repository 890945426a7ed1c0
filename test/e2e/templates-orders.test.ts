/**
 * Templates 1 and 2 in real n8n: imported from workflows/, credentials bound, published; the CRM
 * sandboxes POST their real webhooks at n8n's production webhook URL, and what the workflows did
 * is read back from the BAS sandbox over OData and from n8n's stored executions (their statuses,
 * never HTTP codes). Runs on the n8n and sandboxes shared by every e2e file.
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
	pickBasValues,
	salesDriveApi,
	sandboxCall,
	setBasFaults,
	setSetting,
	type StockedItem,
	stockedItems,
	webhookLive,
	webhookToken,
	type WorkflowJson,
} from '../helpers/e2e';

jest.setTimeout(300_000);

const ORDER = 'Document_ЗаказПокупателя';
const ORDER_STATE = 'StandardODATA.Catalog_СостоянияЗаказовПокупателей';
const WAREHOUSE = 'Основний склад';

let n8n: N8nClient;
let state: E2eState;
/** template 1, published by its describe block: template 2 needs its orders in BAS */
const orderWorkflow = { id: '', url: '' };
/** KeyCRM's template 1, published by its describe block: KeyCRM's template 2 needs its orders in BAS */
const keyCrmWorkflow = { id: '', url: '' };

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
});

afterEach(async () => {
	await setBasFaults(state, { errorRate: 0 });
});

/** Imports the template as it is bound, publishes it, and returns its id and the trigger's production URL with the token. */
async function publish(template: WorkflowJson, triggerName: string, suffix: string) {
	const workflow = await n8n.importWorkflow(template);
	await n8n.publishWorkflow(workflow.id);
	const trigger = nodeOf(template, triggerName);
	const url = `${n8n.productionWebhookUrl(`${trigger.webhookId}/${suffix}`)}?token=${encodeURIComponent(webhookToken(state))}`;
	await webhookLive(url);
	return { id: workflow.id, url };
}

/** BAS customer orders carrying the CRM order id (UNF keeps it in НомерВходящегоДокумента). */
const ordersFor = async (crmId: unknown) =>
	(await basRows(state, ORDER, `НомерВходящегоДокумента eq '${String(crmId)}'`)).filter((d) => d.DeletionMark !== true);

const line = (item: StockedItem, quantity: number, price: number) => ({
	sku: item.characteristic ? `${item.sku}/${item.characteristic.name}` : item.sku,
	name: `Товар ${item.sku}`,
	costPerItem: price,
	amount: quantity,
});

/** Creates an order through SalesDrive's API; the sandbox then POSTs `new_order` to n8n. */
async function createOrder(phone: string, lines: ReturnType<typeof line>[]) {
	const answer = await salesDriveApi<{ success: boolean; data: { orderId: number } }>(state, 'POST', '/handler/', {
		getResultData: 1,
		fName: 'Тарас',
		lName: 'Шевчук',
		phone,
		products: lines,
		payment_method: 'card',
		shipping_method: 'novaposhta',
		shipping_address: 'Київ, відділення 12',
		comment: 'Подзвонити перед відправкою',
		sajt: 'shop.example.ua',
		utmSource: 'google',
		utmMedium: 'cpc',
		utmCampaign: 'spring-sale',
		utmPage: '/catalog/odyag',
	});
	expect(answer.success).toBe(true);
	return answer.data.orderId;
}

describe('template 1: SalesDrive order → BAS customer order', () => {
	const TRIGGER = 'SalesDrive order webhook';
	let workflowId: string;
	let stateRefs: Map<unknown, string>;
	let items: StockedItem[];
	const salesDrive = () => state.sandboxes.salesDrive.url;

	beforeAll(async () => {
		const template = loadTemplate('salesdrive-order-to-bas.json', state);
		// what the user picks in the status table's BAS dropdown
		const statuses = { 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' };
		await pickBasValues(
			state,
			nodeOf(template, 'Map statuses, delivery, payment'),
			'orderStatusTable',
			'Catalog_СостоянияЗаказовПокупателей',
			statuses,
		);
		stateRefs = new Map(
			(await basRows(state, 'Catalog_СостоянияЗаказовПокупателей')).map((s) => [s.Ref_Key, String(s.Description)]),
		);
		const published = await publish(template, TRIGGER, 'salesdrive');
		workflowId = published.id;
		Object.assign(orderWorkflow, published);
		await sandboxCall(`${salesDrive()}/__sandbox/webhooks`, 'PUT', { urls: [published.url] });
		items = await stockedItems(state, WAREHOUSE, { withVariants: 1, plain: 1 });
	});

	afterAll(async () => {
		await sandboxCall(`${salesDrive()}/__sandbox/webhooks`, 'PUT', { urls: [] });
	});

	let firstOrder: number;

	it('a new order becomes one posted customer order: lines by SKU and size, counterparty by phone, totals, deal characteristics', async () => {
		const [variant, plain] = items;
		firstOrder = await createOrder('+380671110001', [line(variant, 2, 450), line(plain, 1, 1200)]);
		const [execution] = await finishedExecutions(n8n, workflowId, 1);
		expect(execution.status).toBe('success');

		const documents = await ordersFor(firstOrder);
		expect(documents).toHaveLength(1);
		const [document] = documents;
		expect(document).toMatchObject({
			Posted: true,
			СуммаДокумента: 2100,
			ВидОперации: 'ЗаказНаПродажу',
			СпособДоставки: 'СлужбаДоставки',
			ТипДенежныхСредств: 'Безналичные',
			СостояниеЗаказа_Type: ORDER_STATE,
			Комментарий: 'Подзвонити перед відправкою',
		});
		expect(stateRefs.get(document.СостояниеЗаказа)).toBe('Новий');
		const lines = (document.Запасы as Array<Record<string, unknown>>).map((row) => ({
			item: row.Номенклатура,
			characteristic: row.Характеристика_Key,
			quantity: row.Количество,
			price: row.Цена,
			sum: row.Сумма,
		}));
		expect(lines).toEqual([
			{ item: variant.item, characteristic: variant.characteristic!.ref, quantity: 2, price: 450, sum: 900 },
			{
				item: plain.item,
				characteristic: '00000000-0000-0000-0000-000000000000',
				quantity: 1,
				price: 1200,
				sum: 1200,
			},
		]);
		// the counterparty was created from the CRM contact, with the phone it is found by next time
		const [counterparty] = await basRows(
			state,
			'Catalog_Контрагенты',
			`Ref_Key eq guid'${String(document.Контрагент_Key)}'`,
		);
		expect(counterparty.Description).toBe('Шевчук Тарас');
		expect(JSON.stringify(counterparty.КонтактнаяИнформация)).toContain('380671110001');
		// the additional deal characteristics SalesDrive sent
		const notes = String(document.Заметки);
		for (const expected of [
			'Спосіб доставки: Нова Пошта',
			'Сайт: shop.example.ua',
			'Сторінка: /catalog/odyag',
			'Джерело: google',
			'UTM кампанія: spring-sale',
			'Канал: cpc',
		])
			expect(notes).toContain(expected);
	});

	it('the same webhook delivered 5 times makes one document; n8n stores 5 successful executions', async () => {
		const before = await ordersFor(firstOrder);
		const since = Date.now();
		for (let delivery = 2; delivery <= 5; delivery++) {
			await sandboxCall(`${salesDrive()}/__sandbox/webhooks/fire`, 'POST', { event: 'new_order', orderId: firstOrder });
		}
		const executions = await finishedExecutions(n8n, workflowId, 5);
		expect(executions.map((e) => e.status)).toEqual(Array(5).fill('success'));
		const after = await ordersFor(firstOrder);
		expect(after).toHaveLength(1);
		expect(after[0].DataVersion).toBe(before[0].DataVersion);
		expect(await basWritesSince(state, since)).toEqual([]);
	});

	it('a second order from the same phone finds the counterparty the first one created', async () => {
		const [, plain] = items;
		const orderId = await createOrder('067 111 00 01', [line(plain, 1, 1200)]);
		await finishedExecutions(n8n, workflowId, 6);
		const [first] = await ordersFor(firstOrder);
		const [second] = await ordersFor(orderId);
		expect(second.Контрагент_Key).toBe(first.Контрагент_Key);
	});

	it('an unmapped status goes to the Unmapped branch and writes nothing to BAS', async () => {
		const since = Date.now();
		// 7 "Видалено" has no row in the status table
		const answer = await salesDriveApi<{ success: boolean }>(state, 'POST', '/api/order/update/', {
			id: firstOrder,
			data: { statusId: 7 },
		});
		expect(answer.success).toBe(true);
		const [latest] = await finishedExecutions(n8n, workflowId, 7);
		expect(latest.status).toBe('success');
		const execution = await n8n.readExecution(latest.id);
		const unmapped = execution!.output('Map statuses, delivery, payment', 1);
		expect(unmapped).toHaveLength(1);
		expect(unmapped[0].json).toMatchObject({ field: 'normalized.status.value', value: 7, label: 'Видалено' });
		expect(execution!.runData['Unmapped value — add it to the table']).toBeDefined();
		expect(execution!.runData['Create or update the customer order']).toBeUndefined();
		expect(await basWritesSince(state, since)).toEqual([]);
	});

	it('a BAS outage: the execution errors and writes nothing; retried after the outage it makes the document once', async () => {
		const [variant] = items;
		await setBasFaults(state, { errorRate: 1, errorStatus: 503 });
		const orderId = await createOrder('+380671110002', [line(variant, 1, 450)]);
		const [failed] = await finishedExecutions(n8n, workflowId, 8);
		expect(failed.status).toBe('error');
		const failure = await n8n.readExecution(failed.id);
		expect(failure!.error?.node?.name).toBe('Create or update the customer order');
		await setBasFaults(state, { errorRate: 0 });
		expect(await ordersFor(orderId)).toEqual([]);

		const retried = await n8n.retryExecution(failed.id);
		expect(retried.status).toBe('success');
		const documents = await ordersFor(orderId);
		expect(documents).toHaveLength(1);
		expect(documents[0].Posted).toBe(true);

		// a later delivery of the same webhook is a repeat: the upsert finds the order, still one document
		await sandboxCall(`${salesDrive()}/__sandbox/webhooks/fire`, 'POST', { event: 'new_order', orderId });
		const executions = await finishedExecutions(n8n, workflowId, 10);
		expect(executions.filter((e) => e.status === 'error').map((e) => e.id)).toEqual([failed.id]);
		expect(await ordersFor(orderId)).toHaveLength(1);
	});

	it('with writeBasNumberBack on, the BAS order number is written into the SalesDrive order', async () => {
		// a copy of the template as a user switches it on (its own webhook path, the same status table)
		const template = loadTemplate('salesdrive-order-to-bas.json', state);
		template.name = `${template.name} (write-back)`;
		nodeOf(template, 'Map statuses, delivery, payment').parameters = (
			await n8n.rest<WorkflowJson>('GET', `/workflows/${workflowId}`)
		).nodes.find((node) => node.name === 'Map statuses, delivery, payment')!.parameters;
		setSetting(template, 'writeBasNumberBack', true);
		nodeOf(template, TRIGGER).webhookId = 'salesdrive-order-to-bas-write-back';
		const copy = await publish(template, TRIGGER, 'salesdrive');
		await sandboxCall(`${salesDrive()}/__sandbox/webhooks`, 'PUT', { urls: [copy.url] });

		const [, plain] = items;
		const orderId = await createOrder('+380671110003', [line(plain, 1, 1200)]);
		const [execution] = await finishedExecutions(n8n, copy.id, 1);
		expect(execution.status).toBe('success');
		const [document] = await ordersFor(orderId);
		expect(document.Posted).toBe(true);
		const list = await salesDriveApi<{ data: Array<Record<string, unknown>> }>(
			state,
			'GET',
			`/api/order/list/?filter[id]=${orderId}&filter[statusId]=__ALL__`,
		);
		expect(list.data[0].dokument_bas).toBe(document.Number);
	});
});

describe('template 2: SalesDrive status change → BAS follow-up documents', () => {
	const TRIGGER = 'SalesDrive status webhook';
	let workflowId: string;
	let statusUrl: string;
	let item: StockedItem;
	let executions = 0;
	const webhooks = (urls: string[]) =>
		sandboxCall(`${state.sandboxes.salesDrive.url}/__sandbox/webhooks`, 'PUT', { urls });

	beforeAll(async () => {
		const published = await publish(loadTemplate('salesdrive-status-to-bas.json', state), TRIGGER, 'salesdrive');
		workflowId = published.id;
		statusUrl = published.url;
		[item] = await stockedItems(state, WAREHOUSE, { withVariants: 0, plain: 1 });
	});

	afterAll(async () => {
		await webhooks([]);
	});

	/** A SalesDrive order that template 1 has made into a posted BAS order; its status webhooks then go to template 2. */
	async function orderInBas(phone: string) {
		await webhooks([orderWorkflow.url]);
		const before = (await n8n.listExecutions(orderWorkflow.id)).length;
		const orderId = await createOrder(phone, [line(item, 1, 700)]);
		await finishedExecutions(n8n, orderWorkflow.id, before + 1);
		const [order] = await ordersFor(orderId);
		expect(order.Posted).toBe(true);
		await webhooks([statusUrl]);
		return { orderId, ref: String(order.Ref_Key) };
	}

	/** Moves the SalesDrive order to a status; resolves once template 2's execution for it finished, with it. */
	async function setStatus(orderId: number, statusId: number) {
		await salesDriveApi(state, 'POST', '/api/order/update/', { id: orderId, data: { statusId } });
		const [latest] = await finishedExecutions(n8n, workflowId, ++executions);
		expect(latest.status).toBe('success');
		return (await n8n.readExecution(latest.id))!;
	}

	const shipmentsOf = async (order: string) =>
		(await basRows(state, 'Document_РасходнаяНакладная')).filter((d) => d.Заказ === order && d.DeletionMark !== true);
	const returnsOf = async (shipment: string) =>
		(await basRows(state, 'Document_ПриходнаяНакладная')).filter(
			(d) => d.ДокументОснование === shipment && d.DeletionMark !== true,
		);

	it('shipped: a posted shipment invoice is made from the order, with its goods', async () => {
		const order = await orderInBas('+380671120001');
		await setStatus(order.orderId, 3);
		const shipments = await shipmentsOf(order.ref);
		expect(shipments).toHaveLength(1);
		expect(shipments[0].Posted).toBe(true);
		expect(
			(shipments[0].Запасы as Array<Record<string, unknown>>).map((r) => [r.Номенклатура_Key, r.Количество]),
		).toEqual([[item.item, 1]]);
		// the same order completed afterwards asks for a shipment again: the one there is kept
		const completed = await setStatus(order.orderId, 4);
		expect(completed.output('Create the shipment invoice')[0].json).toMatchObject({ result: 'exists' });
		expect(await shipmentsOf(order.ref)).toHaveLength(1);
	});

	it('cancelled without a shipment: the order is closed, nothing else is made', async () => {
		const order = await orderInBas('+380671120002');
		const execution = await setStatus(order.orderId, 5);
		expect(execution.output('Close the order')[0].json).toMatchObject({ result: 'closed', scenario: 'closure' });
		const [closed] = await basRows(state, ORDER, `Ref_Key eq guid'${order.ref}'`);
		const [completed] = await basRows(state, 'Catalog_СостоянияЗаказовПокупателей', "PredefinedDataName eq 'Завершен'");
		expect(closed.СостояниеЗаказа).toBe(completed.Ref_Key);
		expect(await shipmentsOf(order.ref)).toEqual([]);
	});

	it('cancelled after a posted shipment: a posted return of that shipment, the order is not closed', async () => {
		const order = await orderInBas('+380671120003');
		await setStatus(order.orderId, 3);
		const [shipment] = await shipmentsOf(order.ref);
		const execution = await setStatus(order.orderId, 5);
		expect(execution.runData['Close the order']).toBeUndefined();
		const returns = await returnsOf(String(shipment.Ref_Key));
		expect(returns).toHaveLength(1);
		expect(returns[0]).toMatchObject({ Posted: true, ВидОперации: 'ВозвратОтПокупателя' });
	});

	it('an unmapped status lands on the Unmapped branch and writes nothing', async () => {
		const order = await orderInBas('+380671120004');
		const since = Date.now();
		const execution = await setStatus(order.orderId, 7);
		expect(execution.output('Status → follow-up', 1)).toHaveLength(1);
		expect(execution.runData['Unmapped status — add it to the table']).toBeDefined();
		expect(execution.runData['Find the BAS order']).toBeUndefined();
		expect(await basWritesSince(state, since)).toEqual([]);
	});
});

describe('template 1: KeyCRM order → BAS customer order', () => {
	const TRIGGER = 'KeyCRM order webhook';
	const keyCrm = () => state.sandboxes.keyCrm.url;

	beforeAll(async () => {
		const template = loadTemplate('keycrm-order-to-bas.json', state);
		await pickBasValues(
			state,
			nodeOf(template, 'Map statuses, delivery, payment'),
			'orderStatusTable',
			'Catalog_СостоянияЗаказовПокупателей',
			{ 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' },
		);
		const published = await publish(template, TRIGGER, 'keycrm');
		Object.assign(keyCrmWorkflow, published);
		await sandboxCall(`${keyCrm()}/__sandbox/webhooks`, 'PUT', { urls: [published.url] });
	});

	afterAll(async () => {
		await sandboxCall(`${keyCrm()}/__sandbox/webhooks`, 'PUT', { urls: [] });
	});

	it('a confirmed order becomes one posted customer order with its lines, buyer and total; a repeat of its webhook changes nothing', async () => {
		const [variant, plain] = await stockedItems(state, WAREHOUSE, { withVariants: 1, plain: 1 });
		const created = await keyCrmApi<{ id: number }>(state, 'POST', '/order', {
			source_id: 1,
			buyer: { full_name: 'Олена Бондар', phone: '+380671130001' },
			products: [
				{ sku: `${variant.sku}/${variant.characteristic!.name}`, name: 'Футболка', price: 450, quantity: 2 },
				{ sku: plain.sku, name: 'Рюкзак', price: 1200, quantity: 1 },
			],
			shipping: { delivery_service_id: 1 },
			payments: [{ payment_method_id: 2, amount: 2100, status: 'not_paid' }],
			marketing: { utm_source: 'instagram', utm_medium: 'social', utm_campaign: 'autumn' },
		});
		// KeyCRM's automation sends the webhook when the order's status changes
		await keyCrmApi(state, 'PUT', `/order/${created.id}`, { status_id: 2 });
		const [execution] = await finishedExecutions(n8n, keyCrmWorkflow.id, 1);
		expect(execution.status).toBe('success');
		const order = await keyCrmApi<{ grand_total: number }>(state, 'GET', `/order/${created.id}`);

		const [document] = await ordersFor(created.id);
		expect(document).toMatchObject({
			Posted: true,
			СуммаДокумента: order.grand_total,
			СпособДоставки: 'СлужбаДоставки',
			ТипДенежныхСредств: 'Безналичные',
		});
		expect(
			(document.Запасы as Array<Record<string, unknown>>).map((r) => [
				r.Номенклатура,
				r.Характеристика_Key,
				r.Количество,
			]),
		).toEqual([
			[variant.item, variant.characteristic!.ref, 2],
			[plain.item, '00000000-0000-0000-0000-000000000000', 1],
		]);
		const [counterparty] = await basRows(
			state,
			'Catalog_Контрагенты',
			`Ref_Key eq guid'${String(document.Контрагент_Key)}'`,
		);
		expect(counterparty.Description).toBe('Олена Бондар');
		expect(String(document.Заметки)).toContain('UTM кампанія: autumn');

		// KeyCRM sends the same change again: skipped, still one document
		const since = Date.now();
		await sandboxCall(`${keyCrm()}/__sandbox/webhooks/fire`, 'POST', {
			event: 'order.change_order_status',
			orderId: created.id,
		});
		const executions = await finishedExecutions(n8n, keyCrmWorkflow.id, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(await ordersFor(created.id)).toHaveLength(1);
		expect(await basWritesSince(state, since)).toEqual([]);
	});
});

describe('template 2: KeyCRM status change → BAS follow-up documents', () => {
	const TRIGGER = 'KeyCRM status webhook';
	let workflowId: string;
	let statusUrl: string;
	let item: StockedItem;
	let executions = 0;
	const webhooks = (urls: string[]) => sandboxCall(`${state.sandboxes.keyCrm.url}/__sandbox/webhooks`, 'PUT', { urls });

	beforeAll(async () => {
		const published = await publish(loadTemplate('keycrm-status-to-bas.json', state), TRIGGER, 'keycrm');
		workflowId = published.id;
		statusUrl = published.url;
		[item] = await stockedItems(state, WAREHOUSE, { withVariants: 0, plain: 1 });
	});

	afterAll(async () => {
		await webhooks([]);
	});

	/** A KeyCRM order that template 1 has made into a posted BAS order (on its confirmation); later status webhooks go to template 2. */
	async function orderInBas(phone: string) {
		await webhooks([keyCrmWorkflow.url]);
		const before = (await n8n.listExecutions(keyCrmWorkflow.id)).length;
		const created = await keyCrmApi<{ id: number }>(state, 'POST', '/order', {
			source_id: 1,
			buyer: { full_name: 'Марія Коваль', phone },
			products: [{ sku: item.sku, name: 'Товар', price: 700, quantity: 1 }],
		});
		await keyCrmApi(state, 'PUT', `/order/${created.id}`, { status_id: 2 });
		await finishedExecutions(n8n, keyCrmWorkflow.id, before + 1);
		const [order] = await ordersFor(created.id);
		expect(order.Posted).toBe(true);
		await webhooks([statusUrl]);
		return { orderId: created.id, ref: String(order.Ref_Key) };
	}

	async function setStatus(orderId: number, statusId: number) {
		await keyCrmApi(state, 'PUT', `/order/${orderId}`, { status_id: statusId });
		const [latest] = await finishedExecutions(n8n, workflowId, ++executions);
		expect(latest.status).toBe('success');
		return (await n8n.readExecution(latest.id))!;
	}

	const shipmentsOf = async (order: string) =>
		(await basRows(state, 'Document_РасходнаяНакладная')).filter((d) => d.Заказ === order && d.DeletionMark !== true);

	it('shipped: a posted shipment invoice from the order; cancelled afterwards: a posted return of it', async () => {
		const order = await orderInBas('+380671140001');
		await setStatus(order.orderId, 3);
		const shipments = await shipmentsOf(order.ref);
		expect(shipments).toHaveLength(1);
		expect(shipments[0].Posted).toBe(true);
		const cancelled = await setStatus(order.orderId, 5);
		expect(cancelled.runData['Close the order']).toBeUndefined();
		const returns = (await basRows(state, 'Document_ПриходнаяНакладная')).filter(
			(d) => d.ДокументОснование === shipments[0].Ref_Key && d.DeletionMark !== true,
		);
		expect(returns).toHaveLength(1);
		expect(returns[0]).toMatchObject({ Posted: true, ВидОперации: 'ВозвратОтПокупателя' });
	});

	it('cancelled without a shipment: the order is closed, nothing else is made', async () => {
		const order = await orderInBas('+380671140002');
		const execution = await setStatus(order.orderId, 5);
		expect(execution.output('Close the order')[0].json).toMatchObject({ result: 'closed', scenario: 'closure' });
		expect(await shipmentsOf(order.ref)).toEqual([]);
	});
});
