/**
 * What e2e test files share: the state test/e2e/global-setup.ts wrote (the one n8n, its owner,
 * the credentials, the sandboxes), a signed-in session on that n8n, templates with their
 * credentials bound, and plain HTTP to the sandboxes (their APIs and their /__sandbox controls).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type ExecutionSummary, type N8nClient, signIn } from '../../scripts/n8n/instance';
import { PACKAGE_ROOT } from '../../scripts/n8n/runtime';

export const E2E_STATE_ENV = 'BAS_CRM_E2E_STATE';

/** The credential each type gets, named as the templates name it. */
export const CREDENTIAL_NAMES = {
	basODataApi: 'BAS OData',
	salesDriveApi: 'SalesDrive',
	keyCrmApi: 'KeyCRM',
	crmWebhookApi: 'CRM webhook',
} as const;
export type CredentialType = keyof typeof CREDENTIAL_NAMES;

export interface E2eState {
	n8n: { url: string; runtimeDir: string; logFile: string; owner: { email: string; password: string } };
	credentials: Record<CredentialType, { id: string; name: string }>;
	credentialData: Record<CredentialType, Record<string, unknown>>;
	sandboxes: {
		bas: { url: string; publicationUrl: string; user: string; password: string; profile: string };
		salesDrive: { url: string; apiKey: string };
		keyCrm: { url: string; baseUrl: string; apiKey: string };
	};
}

export function e2eState(): E2eState {
	const file = process.env[E2E_STATE_ENV];
	if (!file) throw new Error(`${E2E_STATE_ENV} is not set: run e2e tests through jest's e2e project (its globalSetup)`);
	return JSON.parse(readFileSync(file, 'utf8')) as E2eState;
}

/** A signed-in session on the shared n8n, and the state. */
export async function connectE2e(): Promise<{ n8n: N8nClient; state: E2eState }> {
	const state = e2eState();
	const n8n = await signIn(state.n8n.url, state.n8n.owner);
	return { n8n, state };
}

export interface WorkflowJson {
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		webhookId?: string;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** The secret token the CRM triggers' shared CRM Webhook API credential holds (`?token=` in their URLs). */
export function webhookToken(state: E2eState): string {
	return String(state.credentialData.crmWebhookApi.token);
}

/** A template from workflows/, its credentials bound to the shared ones by type, as a user picks them. */
export function loadTemplate(file: string, state: E2eState): WorkflowJson {
	const template = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'workflows', file), 'utf8')) as WorkflowJson;
	for (const node of template.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const bound = state.credentials[type as CredentialType];
			if (bound) node.credentials![type] = { id: bound.id, name: bound.name };
		}
	}
	return template;
}

export function nodeOf(workflow: WorkflowJson, name: string): WorkflowJson['nodes'][number] {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`no node "${name}" in "${workflow.name}"`);
	return node;
}

/** Sets one value of a template's *Settings* node (where the templates keep what a user sets), as a user does. */
export function setSetting(workflow: WorkflowJson, name: string, value: unknown): void {
	const settings = nodeOf(workflow, 'Settings').parameters as {
		assignments: { assignments: Array<{ name: string; value: unknown }> };
	};
	const assignment = settings.assignments.assignments.find((a) => a.name === name);
	if (!assignment) throw new Error(`"${workflow.name}" has no setting ${name}`);
	assignment.value = value;
}

/** Polls until `check` holds (or fails after `timeoutMs`, saying what it waited for). */
export async function eventually<T>(
	read: () => Promise<T>,
	check: (value: T) => boolean,
	what: string,
	timeoutMs = 60_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	while (Date.now() < deadline) {
		last = await read();
		if (check(last)) return last;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(
		`${what}: not reached within ${timeoutMs / 1000} s; last seen ${JSON.stringify(last)?.slice(0, 800)}`,
	);
}

const UNFINISHED = ['new', 'running', 'waiting'];

/** The workflow's executions once there are `count` of them and all have finished. */
export async function finishedExecutions(
	n8n: N8nClient,
	workflowId: string,
	count: number,
): Promise<ExecutionSummary[]> {
	return await eventually(
		() => n8n.listExecutions(workflowId),
		(list) => list.length >= count && list.every((e) => !UNFINISHED.includes(e.status)),
		`${count} finished executions of workflow ${workflowId}`,
	);
}

/** JSON over HTTP to a sandbox (its API or its /__sandbox controls); throws on a non-2xx answer. */
export async function sandboxCall<T = unknown>(
	url: string,
	method: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<T> {
	const send = async () =>
		await fetch(url, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	let response = await send();
	// the tests' own calls share the CRM sandboxes' strict limits with n8n: wait as asked, like a polite client
	for (let attempt = 0; response.status === 429 && attempt < 10; attempt++) {
		const seconds = Number(response.headers.get('retry-after')) || 1;
		await response.text();
		await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 50));
		response = await send();
	}
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${text.slice(0, 500)}`);
	return (text ? JSON.parse(text) : undefined) as T;
}

/** Reads the BAS sandbox over its OData interface as the credential's user (`path` after standard.odata/). */
export async function basOData<T = Record<string, unknown>>(state: E2eState, path: string): Promise<T> {
	const { publicationUrl, user, password } = state.sandboxes.bas;
	const separator = path.includes('?') ? '&' : '?';
	return await sandboxCall<T>(
		`${publicationUrl}/odata/standard.odata/${path}${separator}$format=json`,
		'GET',
		undefined,
		{
			authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
		},
	);
}

/** OData `value` rows of an entity set filtered by `filter` (1C's $filter syntax). */
export async function basRows(state: E2eState, set: string, filter?: string): Promise<Array<Record<string, unknown>>> {
	const query = filter ? `?$filter=${encodeURIComponent(filter)}` : '';
	return (await basOData<{ value: Array<Record<string, unknown>> }>(state, `${encodeURIComponent(set)}${query}`)).value;
}

/** The BAS sandbox's fault knobs (`PUT /__sandbox/faults`), e.g. `{ errorRate: 1, errorStatus: 503 }`. */
export async function setBasFaults(state: E2eState, faults: Record<string, unknown>): Promise<void> {
	await sandboxCall(`${state.sandboxes.bas.url}/__sandbox/faults`, 'PUT', faults);
}

/** A call to the SalesDrive sandbox's API with the account's key. */
export async function salesDriveApi<T = Record<string, unknown>>(
	state: E2eState,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	return await sandboxCall<T>(`${state.sandboxes.salesDrive.url}${path}`, method, body, {
		'x-api-key': state.sandboxes.salesDrive.apiKey,
	});
}

/** A call to the KeyCRM sandbox's API (under its /v1 root) with the key. */
export async function keyCrmApi<T = Record<string, unknown>>(
	state: E2eState,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	return await sandboxCall<T>(`${state.sandboxes.keyCrm.baseUrl}${path}`, method, body, {
		authorization: `Bearer ${state.sandboxes.keyCrm.apiKey}`,
	});
}

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

/** An item the BAS sandbox holds in stock at a warehouse, as a CRM line names it: the SKU and, for a variant, the characteristic. */
export interface StockedItem {
	item: string;
	sku: string;
	characteristic?: { ref: string; name: string };
	quantity: number;
}

/**
 * Items in stock at the warehouse (UNF's ЗапасыНаСкладах balance), read over OData: `withVariants`
 * of them with a characteristic, then `plain` without one, each a different item.
 */
export async function stockedItems(
	state: E2eState,
	warehouseName: string,
	counts: { withVariants: number; plain: number },
	minimum = 5,
): Promise<StockedItem[]> {
	const [warehouse] = await basRows(state, 'Catalog_СтруктурныеЕдиницы', `Description eq '${warehouseName}'`);
	const balance = (
		await basOData<{ value: Array<Record<string, unknown>> }>(
			state,
			encodeURI('AccumulationRegister_ЗапасыНаСкладах/Balance()'),
		)
	).value.filter((row) => row.СтруктурнаяЕдиница_Key === warehouse.Ref_Key && Number(row.КоличествоBalance) >= minimum);
	const items = new Map((await basRows(state, 'Catalog_Номенклатура', 'IsFolder eq false')).map((i) => [i.Ref_Key, i]));
	const characteristics = new Map(
		(await basRows(state, 'Catalog_ХарактеристикиНоменклатуры')).map((c) => [c.Ref_Key, c]),
	);
	const picked: StockedItem[] = [];
	const take = (variant: boolean, count: number) => {
		for (const row of balance) {
			if (picked.filter((p) => Boolean(p.characteristic) === variant).length >= count) return;
			const hasVariant = row.Характеристика_Key !== EMPTY_REF && row.Характеристика_Key !== undefined;
			const item = items.get(row.Номенклатура_Key);
			if (hasVariant !== variant || !item || picked.some((p) => p.item === item.Ref_Key)) continue;
			const characteristic = hasVariant ? characteristics.get(row.Характеристика_Key) : undefined;
			picked.push({
				item: String(item.Ref_Key),
				sku: String(item.Артикул),
				characteristic: characteristic
					? { ref: String(characteristic.Ref_Key), name: String(characteristic.Description) }
					: undefined,
				quantity: Number(row.КоличествоBalance),
			});
		}
	};
	take(true, counts.withVariants);
	take(false, counts.plain);
	if (picked.length < counts.withVariants + counts.plain) throw new Error(`not enough stock at ${warehouseName}`);
	return picked;
}

/**
 * What a user does in Directory Map's BAS dropdown: sets each row's BAS value of a table to the
 * Ref_Key of the catalog item with that name (`names` by CRM value).
 */
export async function pickBasValues(
	state: E2eState,
	node: WorkflowJson['nodes'][number],
	table: string,
	catalog: string,
	names: Record<string, string>,
): Promise<void> {
	const refs = new Map((await basRows(state, catalog)).map((row) => [row.Description, String(row.Ref_Key)]));
	const rows = (node.parameters[table] as { rows: Array<{ crmValue: unknown; basValue: unknown }> }).rows;
	for (const row of rows) {
		const name = names[String(row.crmValue)];
		if (name === undefined) continue;
		const ref = refs.get(name);
		if (!ref) throw new Error(`${catalog} has no "${name}"`);
		row.basValue = ref;
	}
}

/** The sandbox's record of requests since `since` (epoch ms) that wrote something (POST, PATCH, PUT, DELETE). */
export async function basWritesSince(state: E2eState, since: number): Promise<Array<{ method: string; url: string }>> {
	const requests = await sandboxCall<Array<{ at: number; method: string; url: string }>>(
		`${state.sandboxes.bas.url}/__sandbox/requests`,
		'GET',
	);
	return requests.filter((r) => r.at >= since && r.method !== 'GET');
}

/**
 * Waits until n8n serves a just-published production webhook: publishing answers before the
 * webhook is live (a delivery in the first moments gets 404 "not registered"). Probes with a
 * wrong token, which the pack's triggers refuse (401) without starting the workflow.
 */
export async function webhookLive(url: string): Promise<void> {
	const probe = new URL(url);
	probe.searchParams.set('token', 'probe-not-the-secret');
	await eventually(
		async () =>
			(await fetch(probe, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
		(status) => status !== 404,
		`webhook ${probe.pathname} registered`,
	);
}
