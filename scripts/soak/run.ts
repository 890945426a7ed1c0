/**
 * One soak run (see scripts/soak.ts): PostgreSQL, Redis, n8n in queue mode and the sandboxes;
 * the order template under replayed, shuffled, concurrent webhooks; a trivial webhook workflow
 * under the same intake for comparison; the concurrency guard with one order delivered many
 * times at once through two workers; a search of the stored executions for secrets. Returns the
 * figures and what failed; stops everything it started through `teardown`.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import {
	type E2eState,
	loadTemplate,
	nodeOf,
	pickBasValues,
	setSetting,
	stockedItems,
	webhookLive,
} from '../../test/helpers/e2e';
import { OWNER } from '../n8n/instance';
import { type QueueCluster, startQueueCluster } from './cluster';
import { connectN8nDatabase, type N8nDatabase } from './database';
import { runFaultPhase } from './faults';
import { type GuardContext, runGuard } from './guard';
import {
	acceptedPerSecond,
	INTAKE_CHUNKS,
	runIntakes,
	TRIVIAL_TAG,
	TRIVIAL_WORKFLOW,
	trivialLatenciesOf,
	triggerOnlyWorkflow,
	waitUntilServed,
} from './intake';
import { seededRandom } from '../../sandbox/common/random';
import { checkBas, createOrders, deliver, ORDER_SET, percentile, shuffled } from './orders';
import { ensureServerPackages, startPostgres, startRedis } from './services';
import type { Teardown } from './teardown';

export interface SoakSize {
	/** distinct orders */
	orders: number;
	/** deliveries of each order's webhook */
	copies: number;
	/** deliveries in flight at once */
	concurrency: number;
	/** orders delivered `guardDeliveries` times at once, one after another */
	guardRounds: number;
	guardDeliveries: number;
	workers: number;
	/** how long the executions of one phase may take to finish */
	finishTimeoutMs: number;
}

export const FULL: SoakSize = {
	orders: 200,
	copies: 5,
	concurrency: 20,
	guardRounds: 5,
	guardDeliveries: 20,
	workers: 2,
	finishTimeoutMs: 40 * 60_000,
};
export const QUICK: SoakSize = { ...FULL, orders: 50, guardRounds: 3, finishTimeoutMs: 10 * 60_000 };

export interface Figure {
	figure: string;
	params: Record<string, unknown>;
	value: number;
	unit: string;
}

export interface SoakResult {
	figures: Figure[];
	/** what makes the run fail, one line each (empty: it passed) */
	failures: string[];
	/** details for people: lost orders, wrong documents, where secrets were found */
	notes: string[];
}

const TRIGGER = 'SalesDrive order webhook';
const WAREHOUSE = 'Основний склад';
/** The status table as a user picks it in Directory Map's BAS dropdown (names of BAS order states). */
const ORDER_STATES = { 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' };
const secret = (label: string) => `${label}-${randomBytes(9).toString('hex')}`;

export async function runSoak(
	size: SoakSize,
	teardown: Teardown,
	options: {
		log?: (line: string) => void;
		signal?: AbortSignal;
		seed?: number;
		/** instead of the replay, intake, guard and secrets phases: the orders under faults (faults.ts) */
		faults?: boolean;
		/** cores of the webhook process (the caller has moved itself off them; see cpus.ts) */
		webhookCpus?: string;
	} = {},
): Promise<SoakResult> {
	const log = options.log ?? ((line: string) => console.log(line));
	const signal = options.signal;
	const random = seededRandom(options.seed ?? 16);
	const figures: Figure[] = [];
	const failures: string[] = [];
	const notes: string[] = [];
	const figure = (name: string, params: Record<string, unknown>, value: number, unit: string) =>
		figures.push({ figure: name, params, value, unit });

	// distinctive values, so that finding one in a stored execution is a leak, never a coincidence
	const secrets = {
		salesDriveKey: secret('soak-sd-key'),
		basPassword: secret('soak-bas-pw'),
		webhookToken: secret('soak-wh-token'),
		postgresPassword: secret('soak-pg-pw'),
		encryptionKey: secret('soak-enc-key'),
	};
	const basUser = 'Адміністратор';

	ensureServerPackages(log);
	const dir = mkdtempSync(join(tmpdir(), 'bas-crm-soak-'));
	// PostgreSQL runs as its own user (as root: Debian's `postgres`), which must reach its folder inside
	chmodSync(dir, 0o755);
	// the logs stay when the run fails or is interrupted
	let passed = false;
	const removeWhenPassed = () => {
		if (passed) rmSync(dir, { recursive: true, force: true });
	};
	teardown.add({ name: 'run folder', stop: async () => removeWhenPassed(), kill: removeWhenPassed });
	log(`[soak] logs and data in ${dir}`);

	const postgres = await startPostgres(join(dir, 'postgres'), secrets.postgresPassword);
	teardown.add({ name: 'PostgreSQL', stop: postgres.stop, kill: postgres.kill });
	const redis = await startRedis(dir);
	teardown.add({ name: 'Redis', stop: redis.stop, kill: redis.kill });
	log(`[soak] PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);

	const bas: BasSandbox = await startBasSandbox({ users: [{ name: basUser, password: secrets.basPassword }] });
	teardown.add({ name: 'BAS sandbox', stop: bas.close, kill: () => void bas.close() });
	const salesDrive: SalesDriveSandbox = await startSalesDriveSandbox({
		apiKey: secrets.salesDriveKey,
		demoData: false,
	});
	teardown.add({ name: 'SalesDrive sandbox', stop: salesDrive.close, kill: () => void salesDrive.close() });

	const cluster: QueueCluster = await startQueueCluster({
		dir,
		postgres,
		redis,
		encryptionKey: secrets.encryptionKey,
		workers: size.workers,
		workerConcurrency: 10,
		log,
		signal,
		webhookCpus: options.webhookCpus,
	});
	teardown.add({ name: 'n8n', stop: cluster.stop, kill: cluster.kill });
	const db: N8nDatabase = await connectN8nDatabase(postgres);
	teardown.add({ name: 'database client', stop: db.close, kill: () => undefined });
	const n8n = cluster.main;
	log(`[soak] n8n main ${n8n.url}, webhook process ${cluster.webhook.url}, ${cluster.workers.length} workers`);

	const basCredential = {
		url: bas.publicationUrl,
		user: basUser,
		password: secrets.basPassword,
		timeZone: 'Europe/Kyiv',
		preset: bas.profile,
	};
	const salesDriveCredential = {
		subdomain: salesDrive.account,
		apiKey: secrets.salesDriveKey,
		baseUrl: salesDrive.url,
	};
	const webhookCredential = { token: secrets.webhookToken, location: 'query', name: 'token' };
	const state: E2eState = {
		n8n: { url: n8n.url, runtimeDir: n8n.runtimeDir, logFile: join(dir, 'main.log'), owner: OWNER },
		credentials: {
			basODataApi: await n8n.createCredential({ name: 'BAS OData', type: 'basODataApi', data: basCredential }),
			salesDriveApi: await n8n.createCredential({
				name: 'SalesDrive',
				type: 'salesDriveApi',
				data: salesDriveCredential,
			}),
			// the order template needs no KeyCRM
			keyCrmApi: { id: '', name: 'KeyCRM' },
			crmWebhookApi: await n8n.createCredential({
				name: 'CRM webhook',
				type: 'crmWebhookApi',
				data: webhookCredential,
			}),
		},
		credentialData: {
			basODataApi: basCredential,
			salesDriveApi: salesDriveCredential,
			keyCrmApi: {},
			crmWebhookApi: webhookCredential,
		},
		sandboxes: {
			bas: {
				url: bas.url,
				publicationUrl: bas.publicationUrl,
				user: basUser,
				password: secrets.basPassword,
				profile: bas.profile,
			},
			salesDrive: { url: salesDrive.url, apiKey: secrets.salesDriveKey },
			keyCrm: { url: '', baseUrl: '', apiKey: '' },
		},
	};

	// the order template as a user sets it up: credentials (the secret among them), the BAS side of the status table
	const template = loadTemplate('salesdrive-order-to-bas.json', state);
	await pickBasValues(
		state,
		nodeOf(template, 'Map statuses, delivery, payment'),
		'orderStatusTable',
		'Catalog_СостоянияЗаказовПокупателей',
		ORDER_STATES,
	);
	const trigger = nodeOf(template, TRIGGER);
	// under faults the write-back to SalesDrive is on, so that CRM 429s reach a running execution
	if (options.faults) setSetting(template, 'writeBasNumberBack', true);
	const orderWorkflow = await n8n.importWorkflow(template);
	await n8n.publishWorkflow(orderWorkflow.id);
	const orderUrl = `${cluster.productionWebhookUrl(`${trigger.webhookId}/salesdrive`)}?token=${secrets.webhookToken}`;
	await webhookLive(orderUrl);

	const goods = await stockedItems(state, WAREHOUSE, { withVariants: 2, plain: 4 });
	let serial = 0;

	// one order through the whole path first: n8n loads a node's code on its first use
	const [warmUp] = await createOrders(salesDrive, goods, 1, { random, serial: serial++ });
	await deliver(orderUrl, [{ tag: warmUp.id, body: warmUp.body }], 1, signal);
	await db.finishedExecutions(orderWorkflow.id, 1, size.finishTimeoutMs, signal);

	if (options.faults) {
		const result = await runFaultPhase({
			size,
			n8n,
			cluster,
			db,
			bas,
			salesDrive,
			state,
			orderUrl,
			orderWorkflowId: orderWorkflow.id,
			goods,
			random,
			serial,
			log,
			signal,
		});
		passed = result.failures.length === 0;
		if (!passed) result.notes.push(`logs kept in ${dir}`);
		return result;
	}

	// ---- intake: every order's webhook `copies` times, shuffled, `concurrency` at a time ----------
	// and as many to Webhook → No Operation and to SalesDrive Trigger → No Operation, in
	// alternating chunks: all meet the same background (the workers busy with the orders already
	// queued) and the same warm process
	const trivial = await n8n.importWorkflow(TRIVIAL_WORKFLOW);
	await n8n.publishWorkflow(trivial.id);
	const trivialUrl = cluster.productionWebhookUrl('soak-trivial');
	await waitUntilServed(trivialUrl);
	// the probe that got through is the workflow's first execution
	const trivialBefore = (await db.finishedExecutions(trivial.id, 1, 60_000, signal)).length;

	const orders = await createOrders(salesDrive, goods, size.orders, { random, serial });
	serial += size.orders;
	const orderDeliveries = shuffled(
		orders.flatMap((order) => Array.from({ length: size.copies }, () => ({ tag: order.id, body: order.body }))),
		random,
	);
	const trivialDeliveries = orderDeliveries.map((d, seq) => ({
		tag: seq,
		body: { ...(d.body as object), soakSeq: `${TRIVIAL_TAG}${seq}` },
	}));
	log(
		`[soak] ${orderDeliveries.length} webhooks for ${orders.length} orders, and as many to the trivial and the trigger-only workflow, ${size.concurrency} at a time, in ${INTAKE_CHUNKS} alternating chunks each → ${orderUrl.replace(secrets.webhookToken, '***')}`,
	);
	const triggerOnly = await n8n.importWorkflow(triggerOnlyWorkflow(state.credentials.crmWebhookApi.id));
	await n8n.publishWorkflow(triggerOnly.id);
	const triggerOnlyUrl = `${cluster.productionWebhookUrl('soak-trigger-only/salesdrive')}?token=${secrets.webhookToken}`;
	await webhookLive(triggerOnlyUrl);
	const intakes = await runIntakes(
		[
			{ url: orderUrl, deliveries: orderDeliveries },
			{ url: trivialUrl, deliveries: trivialDeliveries },
			{ url: triggerOnlyUrl, deliveries: orderDeliveries },
		],
		{ pid: cluster.webhook.pid, concurrency: size.concurrency, signal },
	);
	const [orderIntakes, trivialIntakes, triggerOnlyIntakes] = intakes;
	const orderIntake = orderIntakes.chunks.flat();
	const trivialIntake = trivialIntakes.chunks.flat();
	const orderRate = acceptedPerSecond(orderIntakes.chunks);
	const trivialRate = acceptedPerSecond(trivialIntakes.chunks);
	const triggerOnlyRate = acceptedPerSecond(triggerOnlyIntakes.chunks);
	const refused = orderIntake.filter((d) => d.status !== 200).length;
	if (refused > 0) notes.push(`${refused} order webhooks were not answered 200`);
	log(
		`[soak] intake done: ${orderRate.toFixed(1)} order webhooks/s, ${trivialRate.toFixed(1)} trivial, ${triggerOnlyRate.toFixed(1)} trigger only; waiting for the executions to finish`,
	);
	const orderExecutions = await db.finishedExecutions(
		orderWorkflow.id,
		1 + orderDeliveries.length,
		size.finishTimeoutMs,
		signal,
	);
	const statusCounts = countBy(orderExecutions.map((e) => e.status));
	log(`[soak] executions: ${JSON.stringify(statusCounts)}`);
	// what a user does with a failed execution: Retry (from the node that failed, the workflow as it was)
	const failed = orderExecutions.filter((e) => e.status !== 'success');
	let retriedOk = 0;
	for (const execution of failed) {
		const error = (await n8n.readExecution(execution.id))?.error;
		notes.push(
			`execution ${execution.id} ${execution.status} in "${error?.node?.name}": ${error?.message?.split('\n')[0]}`,
		);
		const retried = await n8n.retryExecution(execution.id).catch((e: Error) => e);
		if (!(retried instanceof Error) && retried.status === 'success') retriedOk++;
		else notes.push(`its retry: ${retried instanceof Error ? retried.message : retried.status}`);
	}

	const check = await checkBas(state, orders);
	const postedAt = postTimes(bas, check.documents);
	const firstSent = new Map<number, number>();
	for (const d of orderIntake) firstSent.set(d.tag, Math.min(firstSent.get(d.tag) ?? Infinity, d.sentAt));
	const orderLatencies = orders
		.filter((order) => postedAt.has(order.id))
		.map((order) => (postedAt.get(order.id) as number) - (firstSent.get(order.id) as number));

	const trivialExecutions = await db.finishedExecutions(
		trivial.id,
		trivialBefore + trivialDeliveries.length,
		size.finishTimeoutMs,
		signal,
	);
	const trivialLatencies = await trivialLatenciesOf(db, trivial.id, trivialExecutions, trivialIntake);

	// ---- the guard: one new order delivered many times at once, through both workers -------------
	const guardContext: GuardContext = {
		n8n,
		db,
		workers: cluster.workers,
		state,
		salesDrive,
		goods,
		random,
		nextSerial: () => serial++,
		finishTimeoutMs: size.finishTimeoutMs,
		signal,
	};
	log(`[soak] guard: ${size.guardRounds} orders, each delivered ${size.guardDeliveries} times at once`);
	const guard = await runGuard(guardContext, orderWorkflow.id, orderUrl, size.guardRounds, size.guardDeliveries);

	// ---- secrets in stored executions ------------------------------------------------------------
	const basic = Buffer.from(`${basUser}:${secrets.basPassword}`, 'utf8').toString('base64');
	const found = await db.secretsFound([
		secrets.salesDriveKey,
		secrets.basPassword,
		basic,
		secrets.webhookToken,
		secrets.postgresPassword,
		secrets.encryptionKey,
	]);
	notes.push(...found.which);

	// ---- figures ---------------------------------------------------------------------------------
	const intakeParams = {
		webhooks: orderDeliveries.length,
		concurrency: size.concurrency,
		workers: size.workers,
		webhookProcessCores: options.webhookCpus ? 'own' : 'shared',
	};
	figure('intake.orders_per_s', intakeParams, round(orderRate, 1), 'webhooks / s');
	figure('intake.trivial_per_s', intakeParams, round(trivialRate, 1), 'webhooks / s');
	figure('intake.ratio_to_trivial', intakeParams, round(orderRate / trivialRate, 2), 'ratio');
	// the trigger alone in the trivial workflow's shape: what the node itself adds to n8n's intake
	const triggerParams = { ...intakeParams, workflow: 'SalesDrive Trigger → No Operation' };
	figure('intake.orders_per_s', triggerParams, round(triggerOnlyRate, 1), 'webhooks / s');
	figure('intake.ratio_to_trivial', triggerParams, round(triggerOnlyRate / trivialRate, 2), 'ratio');
	// what one accepted webhook costs the webhook process itself, whatever else competes for the CPU
	const workflows = ['salesdrive-order-to-bas', 'trivial', 'SalesDrive Trigger → No Operation'];
	intakes.forEach((intake, index) =>
		figure(
			'intake.webhook_cpu_ms',
			{ ...intakeParams, workflow: workflows[index] },
			round(intake.cpu / Math.max(intake.deliveries.length, 1), 1),
			'ms / webhook',
		),
	);
	const latencyParams = { ...intakeParams, workflow: 'salesdrive-order-to-bas', to: 'posted BAS order' };
	figure('intake.latency_p50_ms', latencyParams, Math.round(percentile(orderLatencies, 0.5)), 'ms');
	figure('intake.latency_p95_ms', latencyParams, Math.round(percentile(orderLatencies, 0.95)), 'ms');
	const trivialParams = { ...intakeParams, workflow: 'trivial', to: 'finished execution' };
	figure('intake.latency_p50_ms', trivialParams, Math.round(percentile(trivialLatencies, 0.5)), 'ms');
	figure('intake.latency_p95_ms', trivialParams, Math.round(percentile(trivialLatencies, 0.95)), 'ms');
	const soakParams = { orders: orders.length, copies: size.copies, concurrency: size.concurrency };
	figure('soak.orders_expected', soakParams, orders.length, 'orders');
	figure('soak.orders_in_bas', soakParams, check.documents.size, 'orders');
	figure('soak.duplicates', soakParams, check.duplicates, 'documents');
	figure('soak.lost', soakParams, check.lost.length, 'orders');
	figure('soak.wrong_documents', soakParams, check.wrong.length, 'documents');
	figure('soak.executions_failed', soakParams, failed.length, 'executions');
	figure('soak.retries_succeeded', soakParams, retriedOk, 'executions');
	{
		const params = { deliveries: size.guardDeliveries, orders: guard.orders, workers: size.workers };
		figure('guard.live_documents_per_order', params, guard.maxLive, 'documents');
		figure('guard.upserts', params, guard.upserts, 'executions');
		figure('guard.creates', params, guard.creates, 'executions');
		figure('guard.duplicates_marked_for_deletion', params, guard.markedForDeletion, 'documents');
		figure('guard.workers_used', params, guard.workersUsed, 'workers');
		figure('guard.executions_failed', params, guard.failedExecutions, 'executions');
		for (const problem of guard.problems) failures.push(`guard: ${problem}`);
		notes.push(...guard.details.map((line) => `guard: ${line}`));
	}
	figure('soak.secrets_found', { where: 'run data' }, found.runData, 'executions');
	figure(
		'soak.secrets_found',
		{ where: 'workflow copy stored with each execution' },
		found.workflowSnapshot,
		'executions',
	);

	if (check.duplicates) failures.push(`${check.duplicates} duplicate customer orders in BAS`);
	if (check.lost.length)
		failures.push(`${check.lost.length} orders missing in BAS: ${check.lost.slice(0, 10).join(', ')}`);
	for (const wrong of check.wrong.slice(0, 10)) failures.push(`order ${wrong.id}: ${wrong.problem}`);
	if (retriedOk < failed.length)
		failures.push(`${failed.length - retriedOk} failed executions did not succeed on retry`);
	if (found.runData > 0) failures.push(`secrets found in the run data of ${found.runData} stored executions`);
	if (found.workflowSnapshot > 0)
		failures.push(`secrets found in the workflow copy of ${found.workflowSnapshot} stored executions`);
	passed = failures.length === 0;
	if (!passed) notes.push(`logs kept in ${dir}`);
	return { figures, failures, notes };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function countBy(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** When each kept document was first posted: the BAS sandbox's answer to its `Post` call. */
function postTimes(bas: BasSandbox, documents: Map<number, Record<string, unknown>>): Map<number, number> {
	const orderOfRef = new Map<string, number>();
	for (const [orderId, document] of documents) orderOfRef.set(String(document.Ref_Key).toLowerCase(), orderId);
	const pattern = new RegExp(`${ORDER_SET}\\(guid'([0-9a-fA-F-]+)'\\)/Post\\b`);
	const posted = new Map<number, number>();
	for (const request of bas.requests) {
		if (request.method !== 'POST' || request.status !== 200 || request.answeredAt === undefined) continue;
		const ref = pattern.exec(request.url)?.[1]?.toLowerCase();
		const orderId = ref === undefined ? undefined : orderOfRef.get(ref);
		if (orderId === undefined) continue;
		posted.set(orderId, Math.min(posted.get(orderId) ?? Infinity, request.answeredAt));
	}
	return posted;
}
