/**
 * What a person sees, in headless Chromium: the journal page of template 12 with this run's
 * events coloured by outcome and a Re-process that turns an error green; n8n's editor (signed in
 * as the owner) showing every template in workflows/ with no node unknown, missing a credential
 * type or in error; and the pack's nodes in the node panel's search.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import type { N8nClient } from '../../scripts/n8n/instance';
import { PACKAGE_ROOT } from '../../scripts/n8n/runtime';
import { canvasNodes, launchChromium, openWorkflow, searchNodePanel, signInToEditor } from '../helpers/browser';
import {
	connectE2e,
	type E2eState,
	eventually,
	finishedExecutions,
	loadTemplate,
	salesDriveApi,
	setBasFaults,
	stockedItems,
	type WorkflowJson,
} from '../helpers/e2e';
import {
	type Journal,
	journalRows,
	journalWorkflows,
	PAGE_AUTH,
	postPageForm,
	salesDriveWebhooksTo,
} from '../helpers/e2e-journal';

jest.setTimeout(240_000);

let n8n: N8nClient;
let state: E2eState;
let browser: Browser;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await setBasFaults(state, { errorRate: 0 });
	await salesDriveWebhooksTo(state, []);
});

/** rgb() of a journal row's background, by the event's journal id */
const rowColour = (page: Page, id: number) =>
	page
		.locator(`tr.event[data-id="${id}"]`)
		.evaluate((row) => row.ownerDocument.defaultView!.getComputedStyle(row).backgroundColor);

describe('the journal page (template 12)', () => {
	let journal: Journal;

	beforeAll(async () => {
		journal = await journalWorkflows(n8n, state);
		await salesDriveWebhooksTo(state, [journal.receiverUrl]);
	});

	it('shows the events coloured by outcome, filters them, and Re-process turns an error green', async () => {
		const [item] = await stockedItems(state, 'Основний склад', { withVariants: 0, plain: 1 });
		const order = async (phone: string) =>
			(
				await salesDriveApi<{ data: { orderId: number } }>(state, 'POST', '/handler/', {
					getResultData: 1,
					fName: 'Марко',
					lName: 'Вовк',
					phone,
					products: [{ sku: item.sku, name: 'Товар', costPerItem: 500, amount: 1 }],
				})
			).data.orderId;
		const runs = (await n8n.listExecutions(journal.receiverId)).length;
		const completedOrder = await order('+380671240001');
		await salesDriveApi(state, 'POST', '/api/order/update/', { id: completedOrder, data: { statusId: 5 } });
		await salesDriveApi(state, 'POST', '/api/order/update/', { id: completedOrder, data: { statusId: 7 } });
		await finishedExecutions(n8n, journal.receiverId, runs + 3);
		await postPageForm(journal, 'process');
		const settled = (orderIds: number[], count: number) =>
			eventually(
				async () => (await journalRows(n8n)).filter((r) => orderIds.map(String).includes(r.orderId)),
				(rows) => rows.length === count && rows.every((r) => !['pending', 'processing'].includes(r.status)),
				'the events processed',
			);
		await settled([completedOrder], 3);
		// an order that arrives while BAS is down
		await setBasFaults(state, { errorRate: 1, errorStatus: 503 });
		const failingOrder = await order('+380671240002');
		await finishedExecutions(n8n, journal.receiverId, runs + 4);
		await postPageForm(journal, 'process');
		const rows = await settled([completedOrder, failingOrder], 4);
		await setBasFaults(state, { errorRate: 0 });
		const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.id]));
		expect(Object.keys(byStatus).sort()).toEqual(['completed', 'declined', 'error', 'skipped']);

		const context = await browser.newContext({
			httpCredentials: { username: PAGE_AUTH.user, password: PAGE_AUTH.password },
		});
		const page = await context.newPage();
		await page.goto(journal.pageUrl);
		expect(await rowColour(page, byStatus.completed)).toBe('rgb(212, 244, 221)'); // green
		expect(await rowColour(page, byStatus.skipped)).toBe('rgb(214, 232, 251)'); // blue
		expect(await rowColour(page, byStatus.declined)).toBe('rgb(249, 214, 213)'); // red
		expect(await rowColour(page, byStatus.error)).toBe('rgb(252, 239, 194)'); // yellow
		await expect(page.locator(`tr.event[data-id="${byStatus.error}"] details`).textContent()).resolves.toContain('503');

		// the filter: errors only
		await page.locator('a.filter.error').click();
		const shown = await page.locator('tr.event').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
		expect(shown.length).toBeGreaterThan(0);
		expect(new Set(shown)).toEqual(new Set(['error']));

		// Re-process the error: the page comes back (303) and, once processed, shows it green
		await page.goto(journal.pageUrl);
		await page.locator(`tr.event[data-id="${byStatus.error}"] button`).click();
		await page.waitForURL(journal.pageUrl);
		await eventually(
			async () => {
				await page.goto(journal.pageUrl);
				return await rowColour(page, byStatus.error);
			},
			(colour) => colour === 'rgb(212, 244, 221)',
			'the re-processed event green',
		);
		await context.close();
	});
});

describe("n8n's editor", () => {
	let page: Page;

	beforeAll(async () => {
		page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signInToEditor(page, state.n8n.url, state.n8n.owner);
	});

	afterAll(async () => {
		await page?.close();
	});

	it('the marker check sees an unknown node and a missing credential (the control case)', async () => {
		const broken: WorkflowJson = {
			name: 'Browser test: broken on purpose',
			nodes: [
				{
					name: 'Unknown',
					type: 'n8n-nodes-bas-crm.noSuchNode',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					name: 'BAS without a credential',
					type: 'n8n-nodes-bas-crm.basDocument',
					typeVersion: 1,
					position: [300, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		const { id } = await n8n.importWorkflow(broken);
		await openWorkflow(page, state.n8n.url, id, 2);
		const nodes = await canvasNodes(page);
		expect(nodes.map((n) => [n.name, n.issues || n.unknown]).sort()).toEqual([
			['BAS without a credential', true],
			['Unknown', true],
		]);
	});

	const templates = readdirSync(join(PACKAGE_ROOT, 'workflows')).filter((f) => f.endsWith('.json'));

	it.each(templates)('opens %s with every node known, its credentials set and no issue marker', async (file) => {
		const template = loadTemplate(file, state);
		// its own name: the journal tests find their published copies by the template's name
		template.name = `${template.name} (editor check)`;
		const { id } = await n8n.importWorkflow(await withPageCredential(template));
		const expected = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		await openWorkflow(page, state.n8n.url, id, expected.length);
		const nodes = await canvasNodes(page);
		expect(nodes.map((n) => n.name).sort()).toEqual(expected.map((n) => n.name).sort());
		const flagged = nodes.filter((n) => n.issues || n.unknown || n.error).map((n) => n.name);
		expect(flagged).toEqual(agentsAwaitingAChatModel(template));
	});

	it("lists the pack's nodes in the node panel's search", async () => {
		const { id } = await n8n.importWorkflow({ name: 'Browser test: node panel', nodes: [], connections: {} });
		await page.goto(`${state.n8n.url}/workflow/${id}`);
		await page
			.locator('[data-test-id="canvas-add-button"], [data-test-id="canvas-plus-button"]')
			.first()
			.click({ timeout: 30_000 })
			.catch(() => undefined); // searchNodePanel opens the panel with Tab when this did not
		const found = new Set([
			...(await searchNodePanel(page, 'BAS')),
			...(await searchNodePanel(page, 'SalesDrive')),
			...(await searchNodePanel(page, 'KeyCRM')),
			...(await searchNodePanel(page, 'Directory Map')),
			...(await searchNodePanel(page, 'Stock Export')),
		]);
		// n8n lists an app's trigger under the app's own entry (SalesDrive Trigger inside SalesDrive)
		for (const name of [
			'BAS Document',
			'BAS Catalog',
			'BAS Trigger',
			'SalesDrive',
			'SalesDrive Poll Trigger',
			'KeyCRM',
			'Directory Map',
			'Stock Export',
		])
			expect([...found]).toContain(name);
	});
});

/** The journal's Basic Auth credential bound like the other credentials (the shared helper created it). */
async function withPageCredential(template: WorkflowJson): Promise<WorkflowJson> {
	const credentials = await n8n.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
	const page = credentials.find((c) => c.type === 'httpBasicAuth');
	for (const node of template.nodes)
		if (node.credentials?.httpBasicAuth && page) node.credentials.httpBasicAuth = { id: page.id, name: page.name };
	return template;
}

/**
 * AI Agent nodes that the template leaves without a chat model: the user picks one (template
 * 13), and until then n8n marks the agent, rightly. Any other marker is a fault of the template.
 */
function agentsAwaitingAChatModel(template: WorkflowJson): string[] {
	const withModel = new Set(
		Object.values(template.connections).flatMap((outputs) =>
			((outputs as { ai_languageModel?: Array<Array<{ node: string }>> }).ai_languageModel ?? [])
				.flat()
				.map((c) => c.node),
		),
	);
	return template.nodes
		.filter((n) => n.type === '@n8n/n8n-nodes-langchain.agent' && !withModel.has(n.name))
		.map((n) => n.name);
}
