/**
 * One real n8n and one set of sandboxes for every e2e file of a run: jest's globalSetup starts
 * the three sandboxes, installs the package into a fresh n8n user folder the way users do,
 * starts n8n, creates one credential per sandbox, and writes where everything is to a JSON file
 * (its path in BAS_CRM_E2E_STATE). Each test file signs in over REST (test/helpers/e2e.ts);
 * global-teardown.ts stops it all.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installPackageInto } from '../../scripts/n8n/install';
import { type N8nInstance, OWNER, startN8n } from '../../scripts/n8n/instance';
import { sandboxCredentials, type Sandboxes, startSandboxes } from '../../sandbox/all';
import { CREDENTIAL_NAMES, type E2eState, E2E_STATE_ENV } from '../helpers/e2e';

/** What global-teardown.ts stops: jest runs both in its own process, with one global object. */
export interface E2eGlobal {
	n8n?: N8nInstance;
	sandboxes?: Sandboxes;
	/** the run's temporary folder: n8n's user folder, its log, the state file */
	dir?: string;
}

export const E2E_GLOBAL = Symbol.for('n8n-nodes-bas-crm.e2e');

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'bas-crm-e2e-'));
	const held: E2eGlobal = { dir };
	(globalThis as Record<symbol, unknown>)[E2E_GLOBAL] = held;
	try {
		// the CRM limits' windows 10× shorter: the same strictness, without minute-long waits between files
		held.sandboxes = await startSandboxes({ crmTimeScale: 10 });
		const userFolder = join(dir, 'n8n');
		installPackageInto(userFolder);
		const logFile = join(dir, 'n8n.log');
		writeFileSync(logFile, '');
		held.n8n = await startN8n({ userFolder, onLog: (line) => appendFileSync(logFile, `${line}\n`) });

		const credentials = {} as E2eState['credentials'];
		for (const [type, data] of Object.entries(sandboxCredentials(held.sandboxes))) {
			const name = CREDENTIAL_NAMES[type as keyof typeof CREDENTIAL_NAMES];
			credentials[type as keyof typeof CREDENTIAL_NAMES] = await held.n8n.createCredential({ name, type, data });
		}

		const { bas, salesDrive, keyCrm } = held.sandboxes;
		const state: E2eState = {
			n8n: { url: held.n8n.url, runtimeDir: held.n8n.runtimeDir, logFile, owner: OWNER },
			credentials,
			credentialData: sandboxCredentials(held.sandboxes),
			sandboxes: {
				bas: {
					url: bas.url,
					publicationUrl: bas.publicationUrl,
					user: bas.users[0].name,
					password: bas.users[0].password,
					profile: bas.profile,
				},
				salesDrive: { url: salesDrive.url, apiKey: salesDrive.apiKey },
				keyCrm: { url: keyCrm.url, baseUrl: keyCrm.baseUrl, apiKey: keyCrm.apiKey },
			},
		};
		const stateFile = join(dir, 'state.json');
		writeFileSync(stateFile, JSON.stringify(state, null, 2));
		process.env[E2E_STATE_ENV] = stateFile;
		console.log(
			`\n[e2e] shared n8n ${held.n8n.url} and sandboxes ready in ${Math.round((Date.now() - started) / 1000)} s`,
		);
	} catch (error) {
		await held.n8n?.stop();
		await held.sandboxes?.close();
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}
