/**
 * What the fiscal-check template test needs besides test/helpers/e2e.ts and e2e-sales.ts: SalesDrive
 * orders paid a given way and the fiscal checks SalesDrive's PRRO integrations would make for them
 * (the sandbox's `POST /__sandbox/checks`), and the BAS receipts that pay an order.
 */
import { basRows, type E2eState, salesDriveApi, sandboxCall } from './e2e';

/** SalesDrive's payment method ids in the sandbox: its checks of method 2 are paid by card, others in cash. */
export const PAID_IN_CASH = 1;
export const PAID_BY_CARD = 2;

/** A SalesDrive order of one line (`total` for one piece) paid by `paymentMethod`; its id. */
export async function salesDriveOrderPaidBy(
	state: E2eState,
	total: number,
	phone: string,
	paymentMethod: number,
): Promise<number> {
	const created = await salesDriveApi<{ data: { orderId: number } }>(state, 'POST', '/handler/', {
		getResultData: 1,
		fName: 'Марія',
		lName: 'Гнатюк',
		phone,
		payment_method: paymentMethod,
		products: [{ sku: 'ОД-00001', name: 'Футболка', costPerItem: total, amount: 1 }],
	});
	return created.data.orderId;
}

export interface SalesDriveCheck {
	id: number;
	fiscalNumber: string;
	type: 'sale' | 'return';
	sum: string;
	paymentType: string;
}

/** A fiscal check of the order's whole amount, made now. */
export async function salesDriveCheck(
	state: E2eState,
	orderId: number,
	type: 'sale' | 'return',
): Promise<SalesDriveCheck> {
	return await sandboxCall<SalesDriveCheck>(`${state.sandboxes.salesDrive.url}/__sandbox/checks`, 'POST', {
		orderId,
		type,
	});
}

/** Live cash (`ПоступлениеВКассу`) or bank (`ПоступлениеНаСчет`) receipts whose payment breakdown names the order. */
export async function receiptsOf(
	state: E2eState,
	kind: 'cash' | 'bank',
	order: string,
): Promise<Array<Record<string, unknown>>> {
	const set = kind === 'cash' ? 'Document_ПоступлениеВКассу' : 'Document_ПоступлениеНаСчет';
	return (await basRows(state, set)).filter(
		(d) => d.DeletionMark !== true && JSON.stringify(d.РасшифровкаПлатежа).includes(order),
	);
}
