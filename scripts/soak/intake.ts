/**
 * The intake comparison: the order template's webhooks against n8n's trivial Webhook → No
 * Operation and against the SalesDrive Trigger alone in that shape, delivered in alternating
 * chunks so that all meet the same background (the workers busy with what is queued) and the same
 * warm webhook process; the rates, the webhook process's CPU per webhook, and the trivial
 * executions' latencies.
 */
import type { WorkflowJson } from '../../test/helpers/e2e';
import { cpuTimeMs } from './cluster';
import type { N8nDatabase } from './database';
import { deliver, type Delivery } from './orders';

/** marks each trivial webhook's body, to find its execution again */
export const TRIVIAL_TAG = 'soak-trivial-';

/** chunks per series (SOAK_INTAKE_CHUNKS=1: one block each, e.g. to read a CPU profile by phase) */
export const INTAKE_CHUNKS = Number(process.env.SOAK_INTAKE_CHUNKS) || 4;

/** Webhook → No Operation: what n8n's intake costs without any work behind it. */
export const TRIVIAL_WORKFLOW: WorkflowJson = {
	name: 'Soak: trivial webhook',
	nodes: [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'soak-trivial',
			parameters: { httpMethod: 'POST', path: 'soak-trivial', responseMode: 'onReceived', options: {} },
		},
		{ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
	],
	connections: { Webhook: { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/**
 * SalesDrive Trigger → No Operation, the trigger with its secret credential: the same shape as the
 * trivial workflow, so the two intakes differ only by the trigger node.
 */
export function triggerOnlyWorkflow(credentialId: string): WorkflowJson {
	return {
		name: 'Soak: SalesDrive Trigger only',
		nodes: [
			{
				name: 'SalesDrive Trigger',
				type: 'n8n-nodes-bas-crm.salesDriveTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: 'soak-trigger-only',
				parameters: { events: ['new_order', 'status_change'], statuses: [], options: {} },
				credentials: { crmWebhookApi: { id: credentialId, name: 'CRM webhook' } },
			},
			{ name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { 'SalesDrive Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export interface IntakeSeries {
	url: string;
	deliveries: Array<{ tag: number; body: unknown }>;
}

/** Delivers each series in INTAKE_CHUNKS parts, taking turns; each series' chunks and the CPU its chunks cost. */
export async function runIntakes(
	series: IntakeSeries[],
	options: { pid: number; concurrency: number; signal?: AbortSignal },
): Promise<Array<IntakeSeries & { chunks: Delivery[][]; cpu: number }>> {
	const intakes = series.map((intake) => ({ ...intake, chunks: [] as Delivery[][], cpu: 0 }));
	for (let chunk = 0; chunk < INTAKE_CHUNKS; chunk++) {
		for (const intake of intakes) {
			const { length } = intake.deliveries;
			const part = intake.deliveries.slice(
				Math.floor((chunk * length) / INTAKE_CHUNKS),
				Math.floor(((chunk + 1) * length) / INTAKE_CHUNKS),
			);
			const before = cpuTimeMs(options.pid);
			intake.chunks.push(await deliver(intake.url, part, options.concurrency, options.signal));
			intake.cpu += cpuTimeMs(options.pid) - before;
		}
	}
	return intakes;
}

/** Webhooks answered 200 per second of the chunks' own time (from a chunk's first send to its last answer). */
export function acceptedPerSecond(chunks: Delivery[][]): number {
	let accepted = 0;
	let seconds = 0;
	for (const deliveries of chunks) {
		if (deliveries.length === 0) continue;
		accepted += deliveries.filter((d) => d.status === 200).length;
		const start = Math.min(...deliveries.map((d) => d.sentAt));
		const end = Math.max(...deliveries.map((d) => d.answeredAt));
		seconds += (end - start) / 1000;
	}
	return accepted / Math.max(seconds, 0.001);
}

/** From each trivial webhook's sending to its execution's end, matched by the tag in the body. */
export async function trivialLatenciesOf(
	db: N8nDatabase,
	workflowId: string,
	executions: Array<{ id: string; stoppedAt: Date | null }>,
	deliveries: Delivery[],
): Promise<number[]> {
	const sentAt = new Map(deliveries.map((d) => [d.tag, d.sentAt]));
	const stoppedAt = new Map(executions.map((e) => [e.id, e.stoppedAt?.getTime()]));
	const latencies: number[] = [];
	const tag = new RegExp(`${TRIVIAL_TAG}(\\d+)`);
	for (const [id, data] of await db.runData(workflowId)) {
		const seq = tag.exec(data)?.[1];
		const sent = seq === undefined ? undefined : sentAt.get(Number(seq));
		const stopped = stoppedAt.get(id);
		if (sent !== undefined && stopped !== undefined) latencies.push(stopped - sent);
	}
	return latencies;
}

/**
 * Waits until the webhook process serves a just-published plain webhook (it answers 404 until
 * then). The probe that gets through starts one execution, counted before the intake.
 */
export async function waitUntilServed(url: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"probe":true}',
		}).catch(() => undefined);
		if (response && response.status !== 404) return;
		if (Date.now() > deadline) throw new Error(`${url} not served within 60 s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}
