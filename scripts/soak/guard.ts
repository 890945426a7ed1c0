/**
 * The concurrency guard across processes: one new order's webhook delivered many times at the
 * same moment, so the executions land on both workers together. Every execution runs BAS
 * Document's upsert (the template has no Remove Duplicates, which would drop a retry), in
 * different processes, where the upsert's in-process lock does not reach. What keeps one
 * document is the guard in nodes/Bas/documents/guard.ts (create, read back by external id, keep
 * the oldest, mark later ones for deletion).
 */
import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import type { E2eState, StockedItem } from '../../test/helpers/e2e';
import type { N8nClient } from '../n8n/instance';
import type { QueueProcess } from './cluster';
import type { N8nDatabase } from './database';
import { checkBas, createOrders, deliver } from './orders';

export const UPSERT_NODE = 'Create or update the customer order';

export interface GuardContext {
	n8n: N8nClient;
	db: N8nDatabase;
	workers: QueueProcess[];
	state: E2eState;
	salesDrive: SalesDriveSandbox;
	goods: StockedItem[];
	random: () => number;
	/** the next unused order serial (phones stay unique) */
	nextSerial: () => number;
	finishTimeoutMs: number;
	signal?: AbortSignal;
}

export interface GuardOutcome {
	orders: number;
	/** the fewest and the most live documents one order ended with (goal: 1 and 1) */
	minLive: number;
	maxLive: number;
	/** executions that ran the upsert */
	upserts: number;
	/** executions whose upsert created a document (the kept one or a duplicate it then marked) */
	creates: number;
	/** documents the guard marked for deletion */
	markedForDeletion: number;
	/**
	 * Executions that ended in an error (they wrote no second document; what failed is in
	 * `details`). Not counted as the guard failing: the issue asks for one live document.
	 */
	failedExecutions: number;
	/** workers that ran at least one of the executions */
	workersUsed: number;
	problems: string[];
	/** one line per order: what its executions did */
	details: string[];
}

/** `rounds` new orders, each delivered `deliveries` times at once to `url`; waits for every execution. */
export async function runGuard(
	ctx: GuardContext,
	workflowId: string,
	url: string,
	rounds: number,
	deliveries: number,
): Promise<GuardOutcome> {
	const outcome: GuardOutcome = {
		orders: rounds,
		minLive: Infinity,
		maxLive: 0,
		upserts: 0,
		creates: 0,
		markedForDeletion: 0,
		failedExecutions: 0,
		workersUsed: 0,
		problems: [],
		details: [],
	};
	const workersUsed = new Set<string>();
	for (let round = 0; round < rounds; round++) {
		const [order] = await createOrders(ctx.salesDrive, ctx.goods, 1, { random: ctx.random, serial: ctx.nextSerial() });
		const before = (await ctx.db.executions(workflowId)).length;
		const copies = Array.from({ length: deliveries }, () => ({ tag: order.id, body: order.body }));
		await deliver(url, copies, deliveries, ctx.signal);
		const executions = (
			await ctx.db.finishedExecutions(workflowId, before + deliveries, ctx.finishTimeoutMs, ctx.signal)
		).slice(before);
		const results: string[] = [];
		for (const execution of executions) {
			const worker = ctx.workers.find((w) => w.startedExecutions.has(execution.id))?.name ?? '?';
			workersUsed.add(worker);
			const result = await ctx.n8n.readExecution(execution.id);
			if (execution.status !== 'success') {
				outcome.failedExecutions++;
				const error = result?.error;
				results.push(`${worker}: ${execution.status} in "${error?.node?.name}": ${error?.message?.split('\n')[0]}`);
			}
			const upserted = result?.output(UPSERT_NODE)[0]?.json;
			if (!upserted) continue;
			outcome.upserts++;
			if (upserted.status === 'created' || upserted.duplicateMarkedForDeletion) outcome.creates++;
			const marked = upserted.duplicateMarkedForDeletion
				? ` (marked its ${String(upserted.duplicateMarkedForDeletion)})`
				: '';
			results.push(`${worker}: ${String(upserted.status)} ${String(upserted.Ref_Key)}${marked}`);
		}
		outcome.details.push(`order ${order.id}: ${results.join('; ')}`);
		const check = await checkBas(ctx.state, [order]);
		const live = check.lost.length ? 0 : 1 + check.duplicates;
		outcome.minLive = Math.min(outcome.minLive, live);
		outcome.maxLive = Math.max(outcome.maxLive, live);
		outcome.markedForDeletion += check.markedForDeletion;
		if (live !== 1) outcome.problems.push(`order ${order.id}: ${live} live documents after ${deliveries} deliveries`);
		for (const wrong of check.wrong) outcome.problems.push(`order ${order.id}: ${wrong.problem}`);
	}
	workersUsed.delete('?');
	outcome.workersUsed = workersUsed.size;
	return outcome;
}
