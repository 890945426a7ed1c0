/**
 * Runs the pack on the embedded sandboxes: BAS, SalesDrive and KeyCRM stand-ins on loopback, a
 * real n8n with this package installed into `.runtime/n8n` (kept between starts; `BAS_CRM_N8N_FOLDER`
 * elsewhere), one credential per system pointing at its sandbox, every template from workflows/
 * imported with those credentials, and the SalesDrive demo published: the order and status
 * templates, wired to the sandboxes, with the SalesDrive sandbox sending its webhooks to them.
 * scripts/start.mjs runs it in its own process and aborts `stop` on Ctrl-C (or SIGTERM, SIGHUP);
 * it resolves once n8n and the sandboxes have stopped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	describeSandboxes,
	sandboxCredentials,
	sandboxPortsFromEnv,
	type Sandboxes,
	startSandboxes,
} from '../sandbox/all';
import { installPackageInto } from './n8n/install';
import { type N8nInstance, OWNER, startN8n } from './n8n/instance';
import { PACKAGE_ROOT } from './n8n/runtime';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const TEMPLATES = join(PACKAGE_ROOT, 'workflows');

/** The credential each type gets, named as the templates name it. */
const CREDENTIAL_NAMES = {
	basODataApi: 'BAS OData',
	salesDriveApi: 'SalesDrive',
	keyCrmApi: 'KeyCRM',
	crmWebhookApi: 'CRM webhook',
} as const;

/**
 * The templates `npm start` publishes. `statuses` is what a user picks in Directory Map's BAS
 * dropdown: for each CRM status, the BAS order state (by name; the sandbox's Ref_Keys differ on
 * every start).
 */
const DEMO: DemoTemplate[] = [
	{
		file: 'salesdrive-order-to-bas.json',
		trigger: 'SalesDrive order webhook',
		statuses: {
			node: 'Map statuses, delivery, payment',
			table: 'orderStatusTable',
			catalog: 'Catalog_СостоянияЗаказовПокупателей',
			names: { 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' },
		},
	},
	{ file: 'salesdrive-status-to-bas.json', trigger: 'SalesDrive status webhook' },
];

/** The SalesDrive Trigger's webhook path: its production URL is `<n8n>/webhook/<webhookId>/salesdrive`. */
const SALESDRIVE_WEBHOOK_PATH = 'salesdrive';

interface DemoTemplate {
	file: string;
	trigger: string;
	statuses?: { node: string; table: string; catalog: string; names: Record<string, string> };
}

interface Named {
	id: string;
	name: string;
}

interface WorkflowNode {
	name: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

interface StoredWorkflow extends Named {
	nodes: WorkflowNode[];
	versionId: string;
	activeVersionId?: string | null;
}

export async function start(stop: AbortSignal): Promise<void> {
	const sandboxes = await startSandboxes({ ports: sandboxPortsFromEnv() });
	try {
		for (const line of describeSandboxes(sandboxes)) console.log(`[sandbox] ${line}`);
		stop.throwIfAborted();
		const userFolder = process.env.BAS_CRM_N8N_FOLDER || join(PACKAGE_ROOT, '.runtime', 'n8n');
		const version = installPackageInto(userFolder);
		console.log(`[n8n] installed n8n-nodes-bas-crm ${version} into ${userFolder}/.n8n/nodes`);
		console.log('[n8n] starting (about 20 s) …');
		const n8n = await startN8n({ userFolder, port: N8N_PORT, signal: stop });
		try {
			await setUp(n8n, sandboxes);
			const published = await publishDemo(n8n, sandboxes, stop);
			sandboxes.salesDrive.webhooks.setTargets(published.map((p) => p.url));
			console.log(welcome(n8n, sandboxes, published));
			const crashed = await Promise.race([n8n.exited, aborted(stop)]);
			if (crashed) throw new Error(crashed);
		} finally {
			if (stop.aborted) console.log('\nstopping …');
			await n8n.stop();
		}
	} finally {
		await sandboxes.close();
	}
}

function aborted(signal: AbortSignal): Promise<undefined> {
	return new Promise((resolveAborted) => {
		if (signal.aborted) resolveAborted(undefined);
		else signal.addEventListener('abort', () => resolveAborted(undefined), { once: true });
	});
}

function readTemplate(file: string): { name: string; nodes: WorkflowNode[] } {
	return JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8')) as { name: string; nodes: WorkflowNode[] };
}

/** One credential per system and every template not imported yet. */
async function setUp(n8n: N8nInstance, sandboxes: Sandboxes) {
	// one credential per system, updated to the sandboxes' current addresses on every start
	const existing = await n8n.rest<Array<Named & { type: string }>>('GET', '/credentials');
	const credentials: Record<string, Named> = {};
	for (const [type, data] of Object.entries(sandboxCredentials(sandboxes))) {
		const name = CREDENTIAL_NAMES[type as keyof typeof CREDENTIAL_NAMES];
		const found = existing.find((c) => c.type === type && c.name === name);
		credentials[type] = found
			? await n8n.rest<Named>('PATCH', `/credentials/${found.id}`, { name, type, data })
			: await n8n.createCredential({ name, type, data });
	}

	const workflows = await n8n.rest<Named[]>('GET', '/workflows');
	for (const file of readdirSync(TEMPLATES)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const template = readTemplate(file);
		if (workflows.some((w) => w.name === template.name)) continue;
		for (const node of template.nodes) {
			for (const type of Object.keys(node.credentials ?? {})) {
				if (credentials[type]) node.credentials![type] = { id: credentials[type].id, name: credentials[type].name };
			}
		}
		await n8n.importWorkflow(template);
		console.log(`[n8n] imported template "${template.name}"`);
	}
}

/**
 * Publishes the demo templates, as a user would after setting them up: the status table's BAS
 * side picked from the BAS sandbox where a row has no current order state (a later start keeps
 * what the user picked). The triggers' secret is the CRM Webhook API credential, which setUp
 * points at this run's token. Resolves with each workflow's production webhook URL once n8n
 * serves it.
 */
async function publishDemo(n8n: N8nInstance, sandboxes: Sandboxes, stop: AbortSignal) {
	const workflows = await n8n.rest<Named[]>('GET', '/workflows');
	const published: Array<{ name: string; url: string }> = [];
	for (const demo of DEMO) {
		const template = readTemplate(demo.file);
		const found = workflows.find((w) => w.name === template.name);
		if (!found) continue;
		const workflow = await n8n.rest<StoredWorkflow>('GET', `/workflows/${found.id}`);
		const trigger = nodeNamed(workflow, demo.trigger);
		let changed = false;
		if (demo.statuses) changed = pickOrderStates(workflow, demo.statuses, sandboxes) || changed;
		const saved = changed
			? await n8n.rest<StoredWorkflow>('PATCH', `/workflows/${found.id}`, { nodes: workflow.nodes })
			: workflow;
		if (saved.activeVersionId !== saved.versionId) {
			await n8n.rest('POST', `/workflows/${found.id}/activate`, { versionId: saved.versionId });
		}
		// the token is the CRM Webhook API credential's (set to this run's sandboxes in setUp)
		const token = encodeURIComponent(sandboxes.webhookToken);
		const url = `${n8n.productionWebhookUrl(`${trigger.webhookId}/${SALESDRIVE_WEBHOOK_PATH}`)}?token=${token}`;
		await untilServed(url, stop);
		published.push({ name: template.name, url });
		console.log(`[n8n] published "${template.name}"`);
	}
	return published;
}

function nodeNamed(workflow: { name: string; nodes: WorkflowNode[] }, name: string): WorkflowNode {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`the template "${workflow.name}" has no node "${name}"`);
	return node;
}

/** Sets each status row's BAS value that is not an order state of this sandbox; true when one changed. */
function pickOrderStates(
	workflow: StoredWorkflow,
	statuses: NonNullable<DemoTemplate['statuses']>,
	sandboxes: Sandboxes,
): boolean {
	const states = sandboxes.bas.store.list(statuses.catalog);
	const current = new Set(states.map((s) => String(s.Ref_Key)));
	const byName = new Map(states.map((s) => [String(s.Description), String(s.Ref_Key)]));
	const table = nodeNamed(workflow, statuses.node).parameters[statuses.table] as {
		rows: Array<{ crmValue: unknown; basValue: unknown }>;
	};
	let changed = false;
	for (const row of table.rows) {
		const ref = byName.get(statuses.names[String(row.crmValue)]);
		if (ref === undefined || current.has(String(row.basValue))) continue;
		row.basValue = ref;
		changed = true;
	}
	return changed;
}

/**
 * Publishing answers before n8n serves the webhook; waits until it does. Probes with a wrong
 * token, which the trigger refuses without starting the workflow.
 */
async function untilServed(url: string, stop: AbortSignal): Promise<void> {
	const probe = new URL(url);
	probe.searchParams.set('token', 'probe-not-the-secret');
	for (let attempt = 0; attempt < 120; attempt++) {
		stop.throwIfAborted();
		const response = await fetch(probe, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		if (response.status !== 404) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`n8n does not serve the published webhook ${probe.pathname}`);
}

/** What to do next: where n8n is, how to sign in, and the one command that shows the demo working. */
function welcome(n8n: N8nInstance, sandboxes: Sandboxes, published: Array<{ name: string; url: string }>): string {
	// the same ports for the command as for this start
	const ports = ['BAS_SANDBOX_PORT', 'SALESDRIVE_SANDBOX_PORT']
		.filter((name) => process.env[name])
		.map((name) => `${name}=${process.env[name]} `)
		.join('');
	return [
		'',
		`n8n is running at ${n8n.url}  — sign in as ${OWNER.email} / ${OWNER.password}`,
		'',
		'Published (the SalesDrive sandbox sends its order webhooks to them):',
		...published.map((p) => `  ${p.name}\n    ${p.url}`),
		'',
		'Fire a sample SalesDrive order (in another terminal):',
		`  $ ${ports}npm run demo:order`,
		'and see the customer order it makes in BAS:',
		`  ${encodeURI(`${sandboxes.bas.url}/__sandbox/documents?type=Document_ЗаказПокупателя`)}`,
		'(or in n8n: Executions, or a BAS Document node: Get Many of Document_ЗаказПокупателя).',
		'The other templates are imported unpublished under Overview. Ctrl-C stops everything.',
		'',
	].join('\n');
}
