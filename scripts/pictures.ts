/**
 * `npm run pictures`: a picture of every template on n8n's canvas, for the README. Starts the
 * sandboxes and a real n8n with this package installed (as `npm start` does, in a temporary user
 * folder), creates the credentials, imports each template from workflows/ with them bound, opens
 * it in the editor in headless Chromium (Debian's `chromium`, installed when absent) and saves
 * docs/pictures/<template>.png. Not run by the tests: the pictures are documentation.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sandboxCredentials, startSandboxes } from '../sandbox/all';
import { launchChromium, openWorkflow, signInToEditor } from '../test/helpers/browser';
import { installPackageInto } from './n8n/install';
import { OWNER, startN8n } from './n8n/instance';
import { PACKAGE_ROOT } from './n8n/runtime';

const CREDENTIAL_NAMES: Record<string, string> = {
	basODataApi: 'BAS OData',
	salesDriveApi: 'SalesDrive',
	keyCrmApi: 'KeyCRM',
	crmWebhookApi: 'CRM webhook',
	httpBasicAuth: 'Journal page',
};

interface Template {
	name: string;
	nodes: Array<{ type: string; credentials?: Record<string, { id: string; name: string }> }>;
}

async function main() {
	const only = process.argv.slice(2);
	const outDir = join(PACKAGE_ROOT, 'docs', 'pictures');
	mkdirSync(outDir, { recursive: true });
	const dir = mkdtempSync(join(tmpdir(), 'bas-crm-pictures-'));
	const sandboxes = await startSandboxes();
	const userFolder = join(dir, 'n8n');
	installPackageInto(userFolder);
	console.log('[pictures] starting n8n (about 20 s) …');
	const n8n = await startN8n({ userFolder });
	const browser = await launchChromium();
	try {
		const credentials: Record<string, { id: string; name: string }> = {};
		const data = { ...sandboxCredentials(sandboxes), httpBasicAuth: { user: 'journal', password: 'change-me' } };
		for (const [type, values] of Object.entries(data)) {
			credentials[type] = await n8n.createCredential({ name: CREDENTIAL_NAMES[type], type, data: values });
		}
		const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
		await signInToEditor(page, n8n.url, OWNER);
		const files = readdirSync(join(PACKAGE_ROOT, 'workflows'))
			.filter((f) => f.endsWith('.json'))
			.filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
			.sort();
		for (const file of files) {
			const template = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'workflows', file), 'utf8')) as Template;
			for (const node of template.nodes)
				for (const type of Object.keys(node.credentials ?? {}))
					if (credentials[type]) node.credentials![type] = credentials[type];
			const { id } = await n8n.importWorkflow(template as unknown as Record<string, unknown>);
			const drawn = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
			await openWorkflow(page, n8n.url, id, drawn, { settle: true });
			const picture = join(outDir, file.replace(/\.json$/, '.png'));
			await page.screenshot({ path: picture });
			console.log(`[pictures] ${template.name} → ${picture}`);
		}
	} finally {
		await browser.close();
		await n8n.stop();
		await sandboxes.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
