/**
 * The soak (`npm run soak`) at a reduced size: its own PostgreSQL, Redis and n8n in queue mode
 * (one main, two workers, one webhook process, the package installed into each), not the shared
 * e2e n8n. Orders' webhooks delivered five times each, shuffled, twenty at a time, through the
 * webhook process; then one order delivered twenty times at once. What counts is what n8n stored
 * (execution statuses) and what BAS holds, never HTTP codes.
 */
import { runSoak, type SoakResult, type SoakSize } from '../../scripts/soak/run';
import { Teardown } from '../../scripts/soak/teardown';

jest.setTimeout(15 * 60_000);

const SIZE: SoakSize = {
	orders: 10,
	copies: 5,
	concurrency: 20,
	guardRounds: 1,
	guardDeliveries: 20,
	workers: 2,
	finishTimeoutMs: 5 * 60_000,
};

let result: SoakResult;

beforeAll(async () => {
	const teardown = new Teardown();
	try {
		result = await runSoak(SIZE, teardown, { log: () => undefined });
	} finally {
		await teardown.stopAll();
	}
});

const value = (figure: string, params: Record<string, unknown> = {}) => {
	const found = result.figures.find(
		(f) => f.figure === figure && Object.entries(params).every(([key, v]) => f.params[key] === v),
	);
	if (!found) throw new Error(`no figure ${figure} ${JSON.stringify(params)}`);
	return found.value;
};

it('every order is in BAS exactly once, posted, with its lines and total; a failed execution succeeds on retry', () => {
	expect(result.failures).toEqual([]);
	expect(value('soak.orders_expected')).toBe(SIZE.orders);
	expect(value('soak.orders_in_bas')).toBe(SIZE.orders);
	expect(value('soak.duplicates')).toBe(0);
	expect(value('soak.lost')).toBe(0);
	expect(value('soak.wrong_documents')).toBe(0);
	expect(value('soak.retries_succeeded')).toBe(value('soak.executions_failed'));
});

it('one order delivered twenty times at once through two workers keeps one live document', () => {
	expect(value('guard.live_documents_per_order')).toBe(1);
	expect(value('guard.workers_used')).toBe(SIZE.workers);
	// no Remove Duplicates in the template: every delivery reaches BAS Document at once, on both workers
	// (one may fail there when it meets the race's second counterparty before it is marked: see the README)
	expect(value('guard.upserts') + value('guard.executions_failed')).toBe(SIZE.guardDeliveries);
});

it('no API key, password, Authorization value or webhook secret in any stored execution, run data or workflow copy', () => {
	expect(value('soak.secrets_found', { where: 'run data' })).toBe(0);
	expect(value('soak.secrets_found', { where: 'workflow copy stored with each execution' })).toBe(0);
});

it('measures the intake of the order template, the trivial workflow and the trigger alone', () => {
	for (const workflow of ['salesdrive-order-to-bas', 'trivial', 'SalesDrive Trigger → No Operation'])
		expect(value('intake.webhook_cpu_ms', { workflow })).toBeGreaterThan(0);
	expect(value('intake.orders_per_s')).toBeGreaterThan(0);
	expect(value('intake.ratio_to_trivial')).toBeGreaterThan(0);
});
