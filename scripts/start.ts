/**
 * Runs the pack on the embedded sandboxes: the BAS sandbox on loopback, a real n8n with this
 * package installed into `.runtime/n8n` (kept between starts), a credential pointing at the
 * sandbox and every template from workflows/ imported. Stops everything on Ctrl-C.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startBasSandbox } from '../sandbox/bas/server';
import { installPackageInto } from './n8n/install';
import { OWNER, startN8n } from './n8n/instance';
import { PACKAGE_ROOT } from './n8n/runtime';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const BAS_PORT = Number(process.env.BAS_SANDBOX_PORT ?? 8801);

interface Named {
	id: string;
	name: string;
}

async function main() {
	const bas = await startBasSandbox({ port: BAS_PORT });
	console.log(
		`[sandbox] BAS OData      ${bas.publicationUrl}/odata/standard.odata  (user ${bas.users[0].name} / ${bas.users[0].password})`,
	);

	const userFolder = join(PACKAGE_ROOT, '.runtime', 'n8n');
	const version = installPackageInto(userFolder);
	console.log(`[n8n] installed n8n-nodes-bas-crm ${version} into ${userFolder}/.n8n/nodes`);
	console.log('[n8n] starting (about 20 s) …');
	const n8n = await startN8n({ userFolder, port: N8N_PORT });

	const credentials = await n8n.rest<Named[]>('GET', '/credentials');
	const basData = {
		url: bas.publicationUrl,
		user: bas.users[0].name,
		password: bas.users[0].password,
		timeZone: 'Europe/Kyiv',
		preset: 'unf',
	};
	const existing = credentials.find((c) => c.name === 'BAS OData');
	const basCredential = existing
		? await n8n.rest<Named>('PATCH', `/credentials/${existing.id}`, {
				name: 'BAS OData',
				type: 'basODataApi',
				data: basData,
			})
		: await n8n.createCredential({ name: 'BAS OData', type: 'basODataApi', data: basData });

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
			if (node.credentials?.basODataApi)
				node.credentials.basODataApi = { id: basCredential.id, name: basCredential.name };
		}
		await n8n.importWorkflow(template);
		console.log(`[n8n] imported template "${template.name}"`);
	}

	console.log(`\nn8n is running at ${n8n.url}  — sign in as ${OWNER.email} / ${OWNER.password}`);
	console.log('Open a template under Workflows and press "Execute workflow". Ctrl-C stops everything.\n');

	const shutdown = async () => {
		console.log('\nstopping …');
		await n8n.stop();
		await bas.close();
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
