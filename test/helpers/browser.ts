/**
 * Headless Chromium (Debian's `chromium`, installed by scripts/ensure-chromium.sh when absent)
 * driven by playwright-core: what a person sees of n8n's editor and of the journal page.
 * Used by test/e2e/browser.test.ts and scripts/pictures.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium (apt-get, as root) when it is not there yet. */
export function ensureChromium(): string {
	if (!existsSync(CHROMIUM)) {
		execFileSync('bash', [resolve(__dirname, '../../scripts/ensure-chromium.sh')], { stdio: 'inherit' });
	}
	return CHROMIUM;
}

export async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: ensureChromium(),
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** Signs in to n8n's editor through its sign-in form, as a person does. */
export async function signInToEditor(page: Page, url: string, owner: { email: string; password: string }) {
	await page.goto(`${url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(owner.email);
	await page.locator('input[name="password"]').fill(owner.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((address) => !address.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Opens a stored workflow on the canvas and waits until its nodes are drawn, fitted to the view. */
export async function openWorkflow(
	page: Page,
	url: string,
	workflowId: string,
	nodeCount: number,
	options: { settle?: boolean } = {},
) {
	await page.goto(`${url}/workflow/${workflowId}`);
	if (nodeCount > 0)
		await page
			.locator('[data-test-id="canvas-node"]')
			.nth(nodeCount - 1)
			.waitFor({ timeout: 60_000 });
	const fit = page.locator('[data-test-id="zoom-to-fit"]');
	if (await fit.count()) await fit.first().click();
	// for a picture: the fit animates and node icons load lazily
	if (options.settle) await page.waitForTimeout(1500);
}

export interface CanvasNodeState {
	name: string;
	type: string;
	/** the canvas shows the node's issue marker (missing credential, invalid parameters, unknown type) */
	issues: boolean;
	/** the canvas shows the node as not installed (a type n8n does not know) */
	unknown: boolean;
	/** the node's execution-error mark */
	error: boolean;
}

/** Every node on the canvas with the markers it shows. */
export async function canvasNodes(page: Page): Promise<CanvasNodeState[]> {
	return await page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
		nodes.map((node) => ({
			name: node.getAttribute('data-node-name') ?? '',
			type: node.getAttribute('data-node-type') ?? '',
			issues: node.querySelector('[data-test-id="node-issues"]') !== null,
			unknown: node.querySelector('[data-test-id="node-not-installed"]') !== null,
			error: node.querySelector('[data-test-id="canvas-node-status-mark-error"]') !== null,
		})),
	);
}

/** The names the node panel lists for a search, as a person types it after pressing Tab on the canvas. */
export async function searchNodePanel(page: Page, text: string): Promise<string[]> {
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	// a loaded machine may render the canvas late: open the panel again until its search shows
	for (let attempt = 0; attempt < 5 && !(await search.isVisible().catch(() => false)); attempt++) {
		await page
			.locator('[data-test-id="canvas"]')
			.first()
			.click({ position: { x: 5, y: 5 } })
			.catch(() => undefined);
		await page.keyboard.press('Tab');
		await search.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
	}
	await search.fill(text);
	await page.waitForTimeout(500);
	return await page.locator('[data-test-id="node-creator-item-name"]').allTextContents();
}
