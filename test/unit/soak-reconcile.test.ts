import { type BasSandbox, DEFAULT_BAS_USERS, startBasSandbox } from '../../sandbox/bas/server';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { EXTERNAL_ID_FIELD, ORDER_SET } from '../../scripts/soak/orders';
import { type BasOrderRef, compare, isClean, reconcile } from '../../scripts/soak/reconcile';

const ref = (externalId: string, posted = true, n = externalId): BasOrderRef => ({
	ref: `ref-${n}`,
	number: `N-${n}`,
	externalId,
	posted,
});

describe('reconciliation: comparing CRM orders with BAS customer orders', () => {
	it('lists CRM orders missing in BAS, BAS orders naming no CRM order, unposted and doubled ones', () => {
		const result = compare(
			['1', '2', '3', '4'],
			[ref('1'), ref('2', false), ref('4', true, '4a'), ref('4', true, '4b'), ref('99')],
		);
		expect(result.crmOrders).toBe(4);
		expect(result.basOrders).toBe(5);
		expect(result.missingInBas).toEqual(['3']);
		expect(result.withoutCrmOrder.map((r) => r.externalId)).toEqual(['99']);
		expect(result.notPosted.map((r) => r.externalId)).toEqual(['2']);
		expect(result.doubled).toEqual([{ externalId: '4', documents: 2 }]);
		expect(isClean(result)).toBe(false);
	});

	it('limited to some CRM orders, leaves the others and their documents out but still reports strays', () => {
		const result = compare(['1', '2', '3'], [ref('1'), ref('2'), ref('77')], new Set(['1', '3']));
		expect(result.crmOrders).toBe(2);
		expect(result.missingInBas).toEqual(['3']);
		// the document of CRM order 2 is neither missing nor stray
		expect(result.withoutCrmOrder.map((r) => r.externalId)).toEqual(['77']);
		expect(result.basOrders).toBe(2);
	});

	it('is clean when each CRM order has one posted document', () => {
		expect(isClean(compare(['1', '2'], [ref('1'), ref('2')]))).toBe(true);
	});
});

describe('reconciliation over the APIs of the SalesDrive and BAS sandboxes', () => {
	let bas: BasSandbox;
	let salesDrive: SalesDriveSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox();
		salesDrive = await startSalesDriveSandbox({ apiKey: 'reconcile-key' });
	});
	afterAll(async () => {
		await bas.close();
		await salesDrive.close();
	});

	it('reads every CRM order and every live BAS order by its external id', async () => {
		const crmIds = salesDrive.store.orders.map((order) => String(order.id));
		const [first, second, ...rest] = crmIds;
		// a document is created unposted; posting is a separate call, so set it on the stored one
		const order = (externalId: string, posted: boolean, DeletionMark = false) =>
			Object.assign(bas.store.create(ORDER_SET, { [EXTERNAL_ID_FIELD]: externalId, DeletionMark }), {
				Posted: posted,
			});
		order(first, true);
		order(second, false);
		order(second, true, true);
		order('no-such-order', true);
		const [user] = DEFAULT_BAS_USERS;

		const result = await reconcile({
			crm: { kind: 'salesdrive', url: salesDrive.url, apiKey: 'reconcile-key' },
			bas: { url: bas.publicationUrl, user: user.name, password: user.password },
		});

		expect(result.crmOrders).toBe(crmIds.length);
		expect(result.missingInBas.sort()).toEqual(rest.sort());
		expect(result.withoutCrmOrder.map((r) => r.externalId)).toEqual(['no-such-order']);
		// the document marked for deletion does not count
		expect(result.notPosted.map((r) => r.externalId)).toEqual([second]);
		expect(result.doubled).toEqual([]);
	});
});
