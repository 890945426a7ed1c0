/**
 * What the BAS-side sales template tests (payments out, orders out, fiscal checks) share besides
 * test/helpers/e2e.ts: BAS documents written over OData as a person entering them would make
 * them (orders, cash and bank receipts, posted), SalesDrive orders and payments, and production
 * polls of workflows with several BAS Triggers.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import { basRows, type E2eState, eventually, salesDriveApi, sandboxCall } from './e2e';
import { storedStaticData } from './e2e-bas-to-crm';

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
export const ORDER = 'Document_ЗаказПокупателя';

async function basWrite(
	state: E2eState,
	method: string,
	path: string,
	body?: unknown,
): Promise<Record<string, unknown>> {
	const { publicationUrl, user, password } = state.sandboxes.bas;
	return await sandboxCall(`${publicationUrl}/odata/standard.odata/${path}?$format=json`, method, body, {
		authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
	});
}

const entity = (set: string, ref: string) => `${encodeURIComponent(set)}(guid'${ref}')`;

/** Creates a document (posted when `post`), as BAS then holds it. */
export async function basDocument(
	state: E2eState,
	set: string,
	fields: Record<string, unknown>,
	post = false,
): Promise<Record<string, unknown>> {
	const created = await basWrite(state, 'POST', encodeURIComponent(set), fields);
	if (post) await basWrite(state, 'POST', `${entity(set, String(created.Ref_Key))}/Post`);
	return created;
}

export async function basChange(state: E2eState, set: string, ref: string, fields: Record<string, unknown>) {
	await basWrite(state, 'PATCH', entity(set, ref), fields);
}

export async function basPost(state: E2eState, set: string, ref: string) {
	await basWrite(state, 'POST', `${entity(set, ref)}/Post`);
}

/** The base's first organisation, first counterparty and the hryvnia: what a plain document needs. */
export async function basBasics(state: E2eState) {
	const [organisation] = await basRows(state, 'Catalog_Организации');
	const [counterparty] = await basRows(state, 'Catalog_Контрагенты', 'IsFolder eq false');
	const [currency] = await basRows(state, 'Catalog_Валюты', "Code eq '980'");
	return {
		organisation: String(organisation.Ref_Key),
		counterparty: String(counterparty.Ref_Key),
		currency: String(currency.Ref_Key),
	};
}

/** A customer order in BAS with its total; `crmId` in НомерВходящегоДокумента as the order templates keep it. */
export async function basOrderOf(state: E2eState, total: number, crmId = ''): Promise<string> {
	const basics = await basBasics(state);
	const order = await basDocument(state, ORDER, {
		Date: `${new Date().toISOString().slice(0, 10)}T00:00:00`,
		ВидОперации: 'ЗаказНаПродажу',
		Организация_Key: basics.organisation,
		Контрагент_Key: basics.counterparty,
		ВалютаДокумента_Key: basics.currency,
		СуммаДокумента: total,
		НомерВходящегоДокумента: crmId,
	});
	return String(order.Ref_Key);
}

/**
 * A posted receipt from a customer paying (part of) an order, as a cashier or the bank statement
 * import enters it: cash (`ПоступлениеВКассу`, the payment's text in `Основание`) or bank
 * (`ПоступлениеНаСчет`, the statement's number in `НомерВходящегоДокумента`).
 */
export async function basReceipt(
	state: E2eState,
	kind: 'cash' | 'bank',
	order: string,
	amount: number,
	reference = '',
): Promise<string> {
	const basics = await basBasics(state);
	const set = kind === 'cash' ? 'Document_ПоступлениеВКассу' : 'Document_ПоступлениеНаСчет';
	const receipt = await basDocument(
		state,
		set,
		{
			Date: new Date().toISOString().slice(0, 19),
			ВидОперации: 'ОтПокупателя',
			Организация_Key: basics.organisation,
			Контрагент_Key: basics.counterparty,
			ВалютаДенежныхСредств_Key: basics.currency,
			СуммаДокумента: amount,
			...(kind === 'cash' ? { Основание: reference } : { НомерВходящегоДокумента: reference }),
			РасшифровкаПлатежа: [
				{
					LineNumber: '1',
					Заказ: order,
					Заказ_Type: `StandardODATA.${ORDER}`,
					СуммаПлатежа: amount,
					СуммаРасчетов: amount,
				},
			],
		},
		true,
	);
	return String(receipt.Ref_Key);
}

/** A SalesDrive order of one line (`total` for one piece); its id. */
export async function salesDriveOrderOf(state: E2eState, total: number, phone: string): Promise<number> {
	const created = await salesDriveApi<{ data: { orderId: number } }>(state, 'POST', '/handler/', {
		getResultData: 1,
		fName: 'Олена',
		lName: 'Савчук',
		phone,
		products: [{ sku: 'ОД-00001', name: 'Футболка', costPerItem: total, amount: 1 }],
	});
	return created.data.orderId;
}

export interface SalesDriveOrderMoney {
	paymentAmount: number;
	payedAmount: number;
	restPay: number;
}

export async function salesDriveOrderMoney(state: E2eState, id: number): Promise<SalesDriveOrderMoney> {
	const list = await salesDriveApi<{ data: Array<Record<string, unknown>> }>(
		state,
		'GET',
		`/api/order/list/?filter[id]=${id}&filter[statusId]=__ALL__`,
	);
	const [order] = list.data;
	return {
		paymentAmount: Number(order.paymentAmount),
		payedAmount: Number(order.payedAmount),
		restPay: Number(order.restPay),
	};
}

export interface SalesDrivePayment {
	id: number;
	sum: string;
	date: string;
	comment: string | null;
	paymentBreakdown: Array<{ sum: string; order: { id: number } | null }>;
}

/** SalesDrive's payments attached to an order, oldest first. */
export async function salesDrivePaymentsOf(state: E2eState, orderId: number): Promise<SalesDrivePayment[]> {
	const list = await salesDriveApi<{ data: SalesDrivePayment[] }>(state, 'GET', '/api/payment/list/?limit=100');
	return list.data.filter((p) => p.paymentBreakdown.some((b) => b.order?.id === orderId)).reverse();
}

/** Publishes a workflow with polling triggers; resolves once each trigger's first poll is stored. */
export async function publishPollingAll(n8n: N8nClient, workflowId: string, triggers: string[]): Promise<void> {
	await n8n.publishWorkflow(workflowId);
	await eventually(
		() => storedStaticData(n8n, workflowId),
		(data) => triggers.every((name) => data[`node:${name}`] !== undefined),
		`the first polls of ${triggers.join(', ')} stored`,
	);
}
