/**
 * Template 12 (receive-then-process with n8n's Data Table) on the shared n8n: both workflows
 * imported once per run with their credentials bound and published, the journal page's Basic
 * Auth credential, and the journal's rows read back over n8n's REST API. Shared by
 * test/e2e/journal.test.ts and test/e2e/browser.test.ts, whichever runs first sets it up.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import {
	type E2eState,
	loadTemplate,
	nodeOf,
	pickBasValues,
	sandboxCall,
	webhookLive,
	webhookToken,
	type WorkflowJson,
} from './e2e';

export const RECEIVER_FILE = 'journal-salesdrive-receive.json';
export const PROCESSOR_FILE = 'journal-process-and-page.json';
export const JOURNAL_TABLE = 'exchange_journal';
export const PAGE_AUTH = { user: 'journal', password: 'Journal-Page-1' };
const PAGE_CREDENTIAL = 'Journal page';

export interface JournalRow {
	id: number;
	eventKey: string;
	system: string;
	event: string;
	orderId: string;
	status: string;
	details: string;
	payload: string;
	receivedAt: string;
	processedAt: string | null;
	attempts: number;
}

export interface Journal {
	receiverId: string;
	processorId: string;
	/** the receiver's production URL with the token, as pasted into SalesDrive */
	receiverUrl: string;
	/** `<n8n>/webhook/bas-crm-journal` */
	pageUrl: string;
	/** Basic Auth header for the page and its actions */
	authorization: string;
}

/** What a user sets in the processor: the BAS order state per SalesDrive status; the schedule off, so the test decides when processing runs. */
async function processorAsSet(state: E2eState, credentialId: string): Promise<WorkflowJson> {
	const template = loadTemplate(PROCESSOR_FILE, state);
	await pickBasValues(
		state,
		nodeOf(template, 'Map statuses, delivery, payment'),
		'orderStatusTable',
		'Catalog_СостоянияЗаказовПокупателей',
		{ 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' },
	);
	nodeOf(template, 'Every minute').disabled = true;
	for (const node of template.nodes)
		if (node.credentials?.httpBasicAuth) node.credentials.httpBasicAuth = { id: credentialId, name: PAGE_CREDENTIAL };
	return template;
}

/** Both journal workflows published on the shared n8n (imported by the first caller of a run). */
export async function journalWorkflows(n8n: N8nClient, state: E2eState): Promise<Journal> {
	const receiver = loadTemplate(RECEIVER_FILE, state);
	const trigger = nodeOf(receiver, 'SalesDrive order webhook');
	const receiverUrl = `${n8n.productionWebhookUrl(`${trigger.webhookId}/salesdrive`)}?token=${encodeURIComponent(webhookToken(state))}`;
	const processorName = (loadTemplate(PROCESSOR_FILE, state) as WorkflowJson).name;

	const workflows = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/workflows');
	const existing = (name: string) => workflows.find((w) => w.name === name)?.id;
	let receiverId = existing(receiver.name);
	let processorId = existing(processorName);
	if (!receiverId || !processorId) {
		const credentials = await n8n.rest<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
		const credential =
			credentials.find((c) => c.type === 'httpBasicAuth' && c.name === PAGE_CREDENTIAL) ??
			(await n8n.createCredential({ name: PAGE_CREDENTIAL, type: 'httpBasicAuth', data: PAGE_AUTH }));
		receiverId ??= (await n8n.importWorkflow(receiver)).id;
		processorId ??= (await n8n.importWorkflow(await processorAsSet(state, credential.id))).id;
		await n8n.publishWorkflow(receiverId);
		await n8n.publishWorkflow(processorId);
	}
	await webhookLive(receiverUrl);
	const pageUrl = n8n.productionWebhookUrl('bas-crm-journal');
	await pageLive(pageUrl);
	return {
		receiverId,
		processorId,
		receiverUrl,
		pageUrl,
		authorization: `Basic ${Buffer.from(`${PAGE_AUTH.user}:${PAGE_AUTH.password}`).toString('base64')}`,
	};
}

/** Waits until the page's webhook answers (publishing answers before it is live); unauthenticated, so 401. */
async function pageLive(url: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while ((await fetch(url)).status === 404) {
		if (Date.now() > deadline) throw new Error(`${url} not registered within 60 s`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Where the SalesDrive sandbox POSTs its webhooks (replaces the list). */
export async function salesDriveWebhooksTo(state: E2eState, urls: string[]): Promise<void> {
	await sandboxCall(`${state.sandboxes.salesDrive.url}/__sandbox/webhooks`, 'PUT', { urls });
}

/** Every row of the journal table, oldest first; none while the table does not exist yet. */
export async function journalRows(n8n: N8nClient): Promise<JournalRow[]> {
	const filter = encodeURIComponent(JSON.stringify({ name: JOURNAL_TABLE }));
	const tables = await n8n.rest<{ data: Array<{ id: string; name: string; projectId: string }> }>(
		'GET',
		`/data-tables-global?filter=${filter}&take=10`,
	);
	const table = tables.data.find((t) => t.name === JOURNAL_TABLE);
	if (!table) return [];
	const rows: JournalRow[] = [];
	for (let skip = 0; ; skip += 250) {
		const page = await n8n.rest<{ count: number; data: JournalRow[] }>(
			'GET',
			`/projects/${table.projectId}/data-tables/${table.id}/rows?take=250&skip=${skip}&sortBy=id:asc`,
		);
		rows.push(...page.data);
		if (rows.length >= page.count || page.data.length === 0) return rows;
	}
}

/** A POST of one of the page's forms (Process now, Re-process), as the browser sends it; n8n answers 303 back to the page. */
export async function postPageForm(
	journal: Journal,
	action: 'process' | 'reprocess',
	fields: Record<string, string> = {},
) {
	const response = await fetch(`${journal.pageUrl}/${action}`, {
		method: 'POST',
		headers: { authorization: journal.authorization, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual',
	});
	if (response.status !== 303) throw new Error(`${action}: HTTP ${response.status} ${await response.text()}`);
	return response;
}
