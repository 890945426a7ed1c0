/**
 * Template 9 in real n8n: SalesDrive fiscal checks → BAS receipts linked to their orders. The
 * checks are made in the SalesDrive sandbox (as its PRRO integrations would), the workflow's
 * schedule trigger is run by hand twice, and the receipts are read back from the BAS sandbox.
 */
import type { ExecutionResult, N8nClient } from '../../scripts/n8n/instance';
import { basWritesSince, connectE2e, type E2eState, loadTemplate } from '../helpers/e2e';
import {
	PAID_BY_CARD,
	PAID_IN_CASH,
	receiptsOf,
	type SalesDriveCheck,
	salesDriveCheck,
	salesDriveOrderPaidBy,
} from '../helpers/e2e-checks';
import { basOrderOf } from '../helpers/e2e-sales';

jest.setTimeout(300_000);

const TRIGGER = 'Every 15 minutes';
const RETURN_BRANCH = 'Return check — enter the refund';

/** What *Receipt from the order* said (created / exists) for these receipts, in their order. */
function resultsOf(execution: ExecutionResult, refs: string[]): unknown[] {
	const byRef = new Map(
		execution.output('Receipt from the order').map((item) => [String(item.json.Ref_Key), item.json.result]),
	);
	return refs.map((ref) => byRef.get(ref));
}

let n8n: N8nClient;
let state: E2eState;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
});

describe('template 9: SalesDrive fiscal checks → BAS receipts linked to the order', () => {
	let workflowId: string;
	let cashOrder: string;
	let cardOrder: string;
	let cashSale: SalesDriveCheck;
	let cardSale: SalesDriveCheck;
	let cashReturn: SalesDriveCheck;
	/** the two receipts the first run made */
	let receiptRefs: string[];

	beforeAll(async () => {
		workflowId = (await n8n.importWorkflow(loadTemplate('crm-checks-to-bas.json', state))).id;
		// two SalesDrive orders and their customer orders in BAS, as template 1 makes them
		const paidInCash = await salesDriveOrderPaidBy(state, 700, '+380671190091', PAID_IN_CASH);
		const paidByCard = await salesDriveOrderPaidBy(state, 450, '+380671190092', PAID_BY_CARD);
		cashOrder = await basOrderOf(state, 700, String(paidInCash));
		cardOrder = await basOrderOf(state, 450, String(paidByCard));
		cashSale = await salesDriveCheck(state, paidInCash, 'sale');
		cardSale = await salesDriveCheck(state, paidByCard, 'sale');
		cashReturn = await salesDriveCheck(state, paidInCash, 'return');
	});

	it('each sale check becomes a posted receipt of its order, cash or bank by how it was paid', async () => {
		expect([cashSale.paymentType, cardSale.paymentType]).toEqual(['cash', 'card']);
		const execution = await n8n.runManually(workflowId, TRIGGER);
		expect(execution.error?.message).toBeUndefined();
		expect(execution.status).toBe('success');

		const cash = await receiptsOf(state, 'cash', cashOrder);
		expect(cash).toHaveLength(1);
		expect(cash[0]).toMatchObject({
			Posted: true,
			СуммаДокумента: 700,
			Основание: `SD-check-${cashSale.fiscalNumber}`,
		});
		expect(await receiptsOf(state, 'bank', cashOrder)).toEqual([]);

		const bank = await receiptsOf(state, 'bank', cardOrder);
		expect(bank).toHaveLength(1);
		expect(bank[0]).toMatchObject({
			Posted: true,
			СуммаДокумента: 450,
			НомерВходящегоДокумента: `SD-check-${cardSale.fiscalNumber}`,
		});
		expect(await receiptsOf(state, 'cash', cardOrder)).toEqual([]);
		receiptRefs = [String(cash[0].Ref_Key), String(bank[0].Ref_Key)];
		expect(resultsOf(execution, receiptRefs)).toEqual(['created', 'created']);

		// the return check is on its own branch, not entered as money received
		const returns = execution.output('Sale or return', 1).map((item) => item.json.fiscalNumber);
		expect(returns).toContain(cashReturn.fiscalNumber);
		expect(execution.output(RETURN_BRANCH).map((item) => item.json.fiscalNumber)).toContain(cashReturn.fiscalNumber);
		const sales = execution.output('Sale or return', 0).map((item) => item.json.fiscalNumber);
		expect(sales).toEqual(expect.arrayContaining([cashSale.fiscalNumber, cardSale.fiscalNumber]));
		expect(sales).not.toContain(cashReturn.fiscalNumber);
	});

	it('the next run reads the same checks again: nothing doubled, nothing written', async () => {
		const since = Date.now();
		const execution = await n8n.runManually(workflowId, TRIGGER);
		expect(execution.status).toBe('success');
		expect(resultsOf(execution, receiptRefs)).toEqual(['exists', 'exists']);
		expect(await receiptsOf(state, 'cash', cashOrder)).toHaveLength(1);
		expect(await receiptsOf(state, 'bank', cardOrder)).toHaveLength(1);
		expect(await basWritesSince(state, since)).toEqual([]);
	});
});
