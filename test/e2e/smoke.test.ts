/**
 * Real n8n (Node 24, n8n 2.40.7) with this package installed as a community package: it loads
 * without errors, its nodes and credentials are offered, and a shipped template runs against the
 * BAS sandbox. Runs on the n8n and sandboxes shared by every e2e file (test/e2e/global-setup.ts).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { N8nClient } from '../../scripts/n8n/instance';
import { PACKAGE_ROOT } from '../../scripts/n8n/runtime';
import type { RecordedRequest } from '../../sandbox/common/recorder';
import { connectE2e, type E2eState, sandboxCall } from '../helpers/e2e';

const packageJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};

jest.setTimeout(300_000);

describe('real n8n with the package installed', () => {
	let n8n: N8nClient;
	let state: E2eState;

	beforeAll(async () => {
		({ n8n, state } = await connectE2e());
	});

	it('loads the package without errors and offers its nodes and credentials', async () => {
		const response = await n8n.fetch('/types/nodes.json');
		const nodes = (await response.json()) as Array<{ name: string }>;
		// every node package.json declares, by its name (BasDocument.node.js → basDocument)
		const declared = (packageJson.n8n.nodes as string[]).map((file) => {
			const className = basename(file, '.node.js');
			return `n8n-nodes-bas-crm.${className[0].toLowerCase()}${className.slice(1)}`;
		});
		expect(declared.length).toBeGreaterThan(2);
		expect(nodes.map((n) => n.name)).toEqual(expect.arrayContaining(declared));
		const credentials = (await (await n8n.fetch('/types/credentials.json')).json()) as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toEqual(
			expect.arrayContaining(['basODataApi', 'salesDriveApi', 'keyCrmApi']),
		);
		// the runtime's cache folder is also named after the package: look at messages, not paths
		const problems = readFileSync(state.n8n.logFile, 'utf8')
			.split('\n')
			.map((line) => line.split(state.n8n.runtimeDir).join('<runtime>'))
			.filter((line) => /n8n-nodes-bas-crm/.test(line) && /error|fail|could not|unrecognized/i.test(line));
		expect(problems).toEqual([]);
	});

	const basData = () => state.credentialData.basODataApi;

	/** What the editor's "Test" button does with a credential: n8n runs the credential's test request. */
	const testCredential = async (type: string, data: Record<string, unknown>) => {
		const credential = await n8n.createCredential({ name: `${type} test`, type, data });
		return await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id: credential.id, name: `${type} test`, type, data },
		});
	};

	it('tests each credential against its sandbox: accepted when right, refused when wrong', async () => {
		const good = state.credentialData;
		expect(await testCredential('basODataApi', good.basODataApi)).toMatchObject({ status: 'OK' });
		expect(await testCredential('basODataApi', { ...good.basODataApi, password: 'wrong' })).toMatchObject({
			status: 'Error',
		});
		// a reachable address that is not an OData publication (here: n8n itself) must fail too
		expect(await testCredential('basODataApi', { ...good.basODataApi, url: n8n.url })).toMatchObject({
			status: 'Error',
		});
		expect(await testCredential('salesDriveApi', good.salesDriveApi)).toMatchObject({ status: 'OK' });
		expect(await testCredential('salesDriveApi', { ...good.salesDriveApi, apiKey: 'wrong' })).toMatchObject({
			status: 'Error',
		});
		expect(await testCredential('keyCrmApi', good.keyCrmApi)).toMatchObject({ status: 'OK' });
		expect(await testCredential('keyCrmApi', { ...good.keyCrmApi, apiKey: 'wrong' })).toMatchObject({
			status: 'Error',
		});
	});

	it('imports the connection-check template and runs it against the BAS sandbox', async () => {
		const template = JSON.parse(
			readFileSync(join(PACKAGE_ROOT, 'workflows', 'bas-list-published-objects.json'), 'utf8'),
		);
		const credential = await n8n.createCredential({ name: 'BAS OData', type: 'basODataApi', data: basData() });
		for (const node of template.nodes) {
			if (node.credentials?.basODataApi) node.credentials.basODataApi = { id: credential.id, name: credential.name };
		}
		const workflow = await n8n.importWorkflow(template);
		const execution = await n8n.runManually(workflow.id, 'Run manually');
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		const names = execution.output('List published objects').map((item) => item.json.name);
		expect(names).toEqual(expect.arrayContaining(['Catalog_Контрагенты', 'Document_ЗаказПокупателя']));
		// the Cyrillic user name reached the sandbox intact through n8n's credential handling
		const requests = await sandboxCall<RecordedRequest[]>(`${state.sandboxes.bas.url}/__sandbox/requests`, 'GET');
		expect(requests.some((r) => r.principal === 'Адміністратор' && r.status === 200)).toBe(true);
	});
});
