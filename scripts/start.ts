/**
 * Runs the pack on the embedded sandboxes: BAS, SalesDrive and KeyCRM stand-ins on loopback, a
 * real n8n with this package installed into `.runtime/n8n` (kept between starts), one credential
 * per system pointing at its sandbox, and every template from workflows/ imported with those
 * credentials. Stops everything on Ctrl-C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describeSandboxes, sandboxCredentials, sandboxPortsFromEnv, startSandboxes } from '../sandbox/all';
import { installPackageInto } from './n8n/install';
import { OWNER, startN8n } from './n8n/instance';
import { PACKAGE_ROOT } from './n8n/runtime';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);

/** The credential each type gets, named as the templates name it. */
const CREDENTIAL_NAMES = { basODataApi: 'BAS OData', salesDriveApi: 'SalesDrive', keyCrmApi: 'KeyCRM' } as const;

interface Named {
	id: string;
	name: string;
}

async function main() {
	const sandboxes = await startSandboxes({ ports: sandboxPortsFromEnv() });
	for (const line of describeSandboxes(sandboxes)) console.log(`[sandbox] ${line}`);

	const userFolder = join(PACKAGE_ROOT, '.runtime', 'n8n');
	const version = installPackageInto(userFolder);
	console.log(`[n8n] installed n8n-nodes-bas-crm ${version} into ${userFolder}/.n8n/nodes`);
	console.log('[n8n] starting (about 20 s) …');
	const n8n = await startN8n({ userFolder, port: N8N_PORT });

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

	console.log(`\nn8n is running at ${n8n.url}  — sign in as ${OWNER.email} / ${OWNER.password}`);
	console.log('Open a template under Workflows and press "Execute workflow". Ctrl-C stops everything.\n');

	const shutdown = async () => {
		console.log('\nstopping …');
		await n8n.stop();
		await sandboxes.close();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	// keep the process alive while n8n runs (the sandbox servers are unref'd)
	setInterval(() => {}, 1 << 30);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
