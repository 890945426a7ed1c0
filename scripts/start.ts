/**
 * Runs the pack on the embedded sandboxes: BAS, SalesDrive and KeyCRM stand-ins on loopback, a
 * real n8n with this package installed into `.runtime/n8n` (kept between starts; `BAS_CRM_N8N_FOLDER`
 * elsewhere), one credential per system pointing at its sandbox, and every template from
 * workflows/ imported with those credentials. scripts/start.mjs runs it in its own process and
 * aborts `stop` on Ctrl-C (or SIGTERM, SIGHUP); it resolves once n8n and the sandboxes have stopped.
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

/** The credential each type gets, named as the templates name it. */
const CREDENTIAL_NAMES = { basODataApi: 'BAS OData', salesDriveApi: 'SalesDrive', keyCrmApi: 'KeyCRM' } as const;

interface Named {
	id: string;
	name: string;
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
			console.log(`\nn8n is running at ${n8n.url}  — sign in as ${OWNER.email} / ${OWNER.password}`);
			console.log('Open a template under Workflows and press "Execute workflow". Ctrl-C stops everything.\n');
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
	const dir = join(PACKAGE_ROOT, 'workflows');
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
			name: string;
			nodes: Array<{ credentials?: Record<string, unknown> }>;
		};
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
