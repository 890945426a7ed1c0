/**
 * The soak under faults (`npm run soak -- --faults`): the order template with its write-back to
 * SalesDrive on, while BAS answers a fifth of its requests 500 or 503 and slows down by 2 s in
 * spikes, SalesDrive answers storms of 429, and one worker is killed (SIGKILL) in the middle of
 * the intake and replaced. Afterwards, with the faults gone, every failed execution is retried the
 * way a user does (Retry, the workflow as it was); then every order must be in BAS exactly once,
 * and the reconciliation (reconcile.ts) must find nothing missing and nothing stray.
 */
import type { BasSandbox } from '../../sandbox/bas/server';
import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import type { E2eState, StockedItem } from '../../test/helpers/e2e';
import type { N8nInstance } from '../n8n/instance';
import type { QueueCluster, QueueProcess } from './cluster';
import type { ExecutionRow, N8nDatabase } from './database';
import { checkBas, createOrders, deliver, shuffled } from './orders';
import { basOrderRefs, compare, crmOrderIds, isClean, reportLines } from './reconcile';
import { EXTERNAL_ID_FIELD } from './orders';
import type { Figure, SoakResult, SoakSize } from './run';

/** How the sandboxes misbehave while the orders come in. */
const BAS_ERROR_RATE = 0.2;
/** every SPIKE_EVERY_S seconds BAS adds SPIKE_MS to each reply for SPIKE_LENGTH_S seconds */
const SPIKE_EVERY_S = 10;
const SPIKE_LENGTH_S = 2;
const SPIKE_MS = 2000;
/** every STORM_EVERY_S seconds the next STORM_REQUESTS SalesDrive requests get 429, Retry-After 1 s */
const STORM_EVERY_S = 15;
const STORM_REQUESTS = 40;
/** a stuck execution (its worker died) counts as ended when nothing moved for this long */
const SETTLED_AFTER_MS = 90_000;
const UNFINISHED = ['new', 'running', 'waiting'];
/** what a user does with a retry that failed again: retry once more */
const RETRY_ROUNDS = 2;

export interface FaultContext {
	size: SoakSize;
	n8n: N8nInstance;
	cluster: QueueCluster;
	db: N8nDatabase;
	bas: BasSandbox;
	salesDrive: SalesDriveSandbox;
	state: E2eState;
	orderUrl: string;
	orderWorkflowId: string;
	goods: StockedItem[];
	random: () => number;
	serial: number;
	log: (line: string) => void;
	signal?: AbortSignal;
}

/** Drives the fault knobs of both sandboxes (in process) once a second until stopped. */
function startFaultWeather(bas: BasSandbox, salesDrive: SalesDriveSandbox): () => void {
	bas.faults.set({ errorRate: BAS_ERROR_RATE, errorStatus: 503, seed: 16 });
	salesDrive.faults.set({ retryAfterS: 1, seed: 16 });
	let second = 0;
	const tick = () => {
		second++;
		bas.faults.set({
			errorStatus: second % 2 === 0 ? 500 : 503,
			latencyMs: second % SPIKE_EVERY_S < SPIKE_LENGTH_S ? SPIKE_MS : 0,
		});
		if (second % STORM_EVERY_S === 1) salesDrive.faults.set({ rateLimitBurst: STORM_REQUESTS });
	};
	tick();
	const timer = setInterval(tick, 1000);
	return () => {
		clearInterval(timer);
		bas.faults.reset();
		salesDrive.faults.reset();
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the workflow has `count` executions and none is unfinished, or the only unfinished
 * ones have not changed for SETTLED_AFTER_MS (left behind by the killed worker).
 */
async function settledExecutions(
	ctx: FaultContext,
	count: number,
): Promise<{ rows: ExecutionRow[]; stuck: ExecutionRow[] }> {
	const deadline = Date.now() + ctx.size.finishTimeoutMs;
	let last = '';
	let unchangedSince = Date.now();
	for (;;) {
		const rows = await ctx.db.executions(ctx.orderWorkflowId);
		const unfinished = rows.filter((row) => UNFINISHED.includes(row.status));
		if (rows.length >= count && unfinished.length === 0) return { rows, stuck: [] };
		const fingerprint = rows.map((row) => row.status).join();
		if (fingerprint !== last) {
			last = fingerprint;
			unchangedSince = Date.now();
		}
		if (rows.length >= count && Date.now() - unchangedSince > SETTLED_AFTER_MS) return { rows, stuck: unfinished };
		ctx.signal?.throwIfAborted();
		if (Date.now() > deadline)
			throw new Error(`order executions: ${rows.length} of ${count} stored, ${unfinished.length} unfinished`);
		await sleep(1000);
	}
}

const served = (requests: Array<{ status?: number }>, from: number, statuses: number[]) =>
	requests.slice(from).filter((request) => statuses.includes(request.status ?? 0)).length;

export async function runFaultPhase(ctx: FaultContext): Promise<SoakResult> {
	const { size, log, bas, salesDrive, n8n, cluster } = ctx;
	const figures: Figure[] = [];
	const failures: string[] = [];
	const notes: string[] = [];
	const params = { orders: size.orders, copies: size.copies, concurrency: size.concurrency, workers: size.workers };
	const figure = (name: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
		figures.push({ figure: name, params: { ...params, ...extra }, value, unit });

	const orders = await createOrders(salesDrive, ctx.goods, size.orders, { random: ctx.random, serial: ctx.serial });
	const deliveries = shuffled(
		orders.flatMap((order) => Array.from({ length: size.copies }, () => ({ tag: order.id, body: order.body }))),
		ctx.random,
	);
	const crm = { kind: 'salesdrive' as const, url: salesDrive.url, apiKey: salesDrive.apiKey };
	const basAccess = {
		url: ctx.state.sandboxes.bas.publicationUrl,
		user: ctx.state.sandboxes.bas.user,
		password: ctx.state.sandboxes.bas.password,
	};
	// BAS documents that name no CRM order before the run (the sandbox's own) are not the run's doing
	const strayBefore = new Set(
		compare(await crmOrderIds(crm), await basOrderRefs(basAccess, EXTERNAL_ID_FIELD)).withoutCrmOrder.map(
			(ref) => ref.ref,
		),
	);
	const executionsBefore = (await ctx.db.executions(ctx.orderWorkflowId)).length;
	const basFrom = bas.requests.length;
	const salesDriveFrom = salesDrive.requests.length;

	log(
		`[soak] faults: ${deliveries.length} webhooks for ${orders.length} orders; BAS ${BAS_ERROR_RATE * 100}% 500/503 and ${SPIKE_MS} ms spikes, SalesDrive 429 storms, one worker killed`,
	);
	const stopWeather = startFaultWeather(bas, salesDrive);
	let victim: QueueProcess | undefined;
	let replacement: QueueProcess | undefined;
	try {
		const delivering = deliver(ctx.orderUrl, deliveries, size.concurrency, ctx.signal);
		// kill a worker once it has executions of this run in hand
		victim = cluster.workers[0];
		const startedBefore = victim.startedExecutions.size;
		const killAt = Date.now() + 120_000;
		while (
			victim.startedExecutions.size - startedBefore < Math.max(3, Math.ceil(orders.length / 5)) &&
			Date.now() < killAt
		)
			await sleep(200);
		const running = (await ctx.db.executions(ctx.orderWorkflowId)).filter((row) => row.status === 'running').length;
		log(`[soak] faults: SIGKILL to ${victim.name} (${running} executions running)`);
		victim.kill();
		await victim.exited;
		await sleep(5000);
		replacement = await cluster.startWorker(`${victim.name}-restarted`);
		log(`[soak] faults: ${replacement.name} started`);
		const intake = await delivering;
		const refused = intake.filter((d) => d.status !== 200).length;
		if (refused) {
			const statuses: Record<number, number> = {};
			for (const d of intake) if (d.status !== 200) statuses[d.status] = (statuses[d.status] ?? 0) + 1;
			notes.push(
				`faults: ${refused} webhooks not answered 200 (by status, 0 = no answer: ${JSON.stringify(statuses)})`,
			);
		}
		figure('soak.faults.webhooks_refused', refused, 'webhooks');
		log('[soak] faults: intake done; waiting for the executions to end');
		const accepted = intake.length - refused;
		const { rows, stuck } = await settledExecutions(ctx, executionsBefore + accepted);
		const ofRun = rows.slice(executionsBefore);
		const counts: Record<string, number> = {};
		for (const row of ofRun) counts[row.status] = (counts[row.status] ?? 0) + 1;
		log(
			`[soak] faults: executions ${JSON.stringify(counts)}${stuck.length ? `, ${stuck.length} left unfinished by the kill` : ''}`,
		);
		figure('soak.faults.executions_failed', ofRun.filter((row) => row.status !== 'success').length, 'executions');
		figure('soak.faults.executions_stuck', stuck.length, 'executions');
		figure('soak.faults.bas_faults_served', served(bas.requests, basFrom, [500, 503]), 'replies');
		figure('soak.faults.crm_429_served', served(salesDrive.requests, salesDriveFrom, [429]), 'replies');
		figure(
			'soak.faults.worker_executions_killed',
			victim.startedExecutions.size - startedBefore,
			'executions started on the killed worker',
		);

		// ---- the user's part, after the faults have passed: Retry each failed execution --------
		stopWeather();
		// n8n retries what it stored: a run killed with its worker was stored with the trigger's data
		// only, so its retry starts over at the trigger's output (the template has no Remove Duplicates
		// that would drop it; the upsert finds what the killed run created and posts it if needed)
		let failed = ofRun.filter((row) => !['success', ...UNFINISHED].includes(row.status)).map((row) => row.id);
		const retried = failed.length;
		let retriesSucceeded = 0;
		let retriesFinishedWithOldError = 0;
		for (let round = 1; round <= RETRY_ROUNDS && failed.length > 0; round++) {
			const again: string[] = [];
			for (const id of failed) {
				const error = round === 1 ? (await n8n.readExecution(id))?.error : undefined;
				if (error)
					notes.push(
						`faults: execution ${id} failed in "${error.node?.name ?? '(no node)'}": ${error.message?.split('\n')[0]}`,
					);
				const result = await n8n.retryExecution(id).catch((e: Error) => e);
				if (result instanceof Error) {
					notes.push(`faults: retry ${round} of ${id}: ${result.message.split('\n')[0].slice(0, 200)}`);
					continue;
				}
				if (result.status === 'success') {
					retriesSucceeded++;
					continue;
				}
				// n8n counts a run as finished once every node ran. A retry of an execution a killed worker
				// left carries that execution's error (no node named) into its status although no node
				// failed: it counts as succeeded when every node ran and none has an error of its own
				const nodeFailed = Object.values(result.runData).some((runs) =>
					(runs as Array<{ error?: unknown }>).some((run) => run.error !== undefined),
				);
				if (result.finished && !nodeFailed && !result.error?.node) {
					retriesFinishedWithOldError++;
					retriesSucceeded++;
				} else if (!result.finished) again.push(result.id);
				notes.push(
					`faults: retry ${round} of ${id} → ${result.id}: ${result.status}${result.finished ? ` (every node ran, ${nodeFailed ? 'a node failed' : 'none failed'})` : ''}`,
				);
			}
			failed = again;
		}
		figure('soak.faults.retried', retried, 'failed executions retried');
		figure('soak.faults.retries_succeeded', retriesSucceeded, 'executions');
		figure('soak.faults.retries_finished_with_old_error', retriesFinishedWithOldError, 'executions');
		if (retriesSucceeded < retried)
			failures.push(`faults: ${retried - retriesSucceeded} failed executions never succeeded on retry`);
		if (stuck.length)
			failures.push(
				`faults: ${stuck.length} executions left unfinished by the killed worker: ${stuck.map((r) => r.id).join(', ')}`,
			);

		// ---- what BAS holds ----------------------------------------------------------------
		const check = await checkBas(ctx.state, orders);
		figure('soak.faults.orders_expected', orders.length, 'orders');
		figure('soak.faults.orders_in_bas', check.documents.size, 'orders');
		figure('soak.faults.duplicates', check.duplicates, 'documents');
		figure('soak.faults.lost', check.lost.length, 'orders');
		figure('soak.faults.wrong_documents', check.wrong.length, 'documents');
		const writtenBack = orders.filter((order) => {
			const number = check.documents.get(order.id)?.Number;
			return number !== undefined && JSON.stringify(salesDrive.store.getOrder(order.id) ?? {}).includes(String(number));
		}).length;
		figure('soak.faults.numbers_written_back', writtenBack, 'orders');
		if (check.duplicates) failures.push(`faults: ${check.duplicates} duplicate customer orders in BAS`);
		if (check.lost.length)
			failures.push(`faults: ${check.lost.length} orders missing in BAS: ${check.lost.slice(0, 10).join(', ')}`);
		for (const wrong of check.wrong.slice(0, 10)) failures.push(`faults: order ${wrong.id}: ${wrong.problem}`);
		if (writtenBack < check.documents.size)
			notes.push(`faults: ${check.documents.size - writtenBack} BAS numbers not written back to SalesDrive`);

		// ---- the reconciliation report, as an operator runs it ---------------------------------
		const report = compare(
			await crmOrderIds(crm),
			(await basOrderRefs(basAccess, EXTERNAL_ID_FIELD)).filter((ref) => !strayBefore.has(ref.ref)),
			new Set(orders.map((order) => String(order.id))),
		);
		for (const line of reportLines(report, 10)) log(`[soak] reconcile: ${line}`);
		figure('soak.faults.reconcile_missing_in_bas', report.missingInBas.length, 'orders');
		figure('soak.faults.reconcile_without_crm_order', report.withoutCrmOrder.length, 'documents');
		figure('soak.faults.reconcile_not_posted', report.notPosted.length, 'documents');
		if (!isClean(report)) failures.push('faults: the reconciliation found differences (see above)');
	} finally {
		stopWeather();
	}
	return { figures, failures, notes };
}
