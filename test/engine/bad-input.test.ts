/**
 * Bad input, as one table: each case is POSTed at the SalesDrive Trigger served as n8n serves a
 * production webhook (test/helpers/webhook.ts), in front of the order template's own nodes —
 * SalesDrive Trigger → Directory Map → BAS Document Create or Update (error output on) — against
 * the SalesDrive and BAS sandboxes. For each case the table records the HTTP answer, the error
 * text and where the order went; every order ends in exactly one place (refused with an HTTP
 * error the sender sees, the Unmapped output, the error output, or one BAS document) and no
 * order is written twice. The table is printed as markdown for the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import type { Entity } from '../../sandbox/bas/store';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { orderWebhookBody } from '../../sandbox/salesdrive/webhooks';
import { basCredentials, elements } from '../helpers/bas';
import { PACKAGE_ROOT } from '../helpers/engine';
import { serveTrigger, type TriggerServer, triggerSecret } from '../helpers/webhook';

const SECRET = 'bad-input-secret-7f3a9c2e51d84b06';
const ORDER = 'Document_ЗаказПокупателя';
const TRIGGER = 'SalesDrive order webhook';
const MAP = 'Map statuses, delivery, payment';
const WRITE = 'Create or update the customer order';
/** an Артикул made of what breaks naive filters: a quote, Cyrillic, an emoji, an OData injection */
const HOSTILE_SKU = "O'Reilly Ґ😀 ') or (1 eq 1";

interface Case {
	name: string;
	/** the request: body text (made once the sandboxes run), content type, query (the secret) */
	body: () => string;
	contentType?: string;
	query?: Record<string, string>;
	/** the CRM order id the body carries, when it carries one */
	orderId?: number;
	expected: { status: number; place: Place; documents: number };
}

type Place =
	| 'rejected before a workflow started'
	| 'ignored (200)'
	| 'Unmapped output'
	| 'error output'
	| 'BAS document';

interface Outcome {
	status: number;
	message: string;
	place: Place;
	documents: number;
}

/** The template's nodes this suite needs, with the values a user sets (statuses, secret, organisation, warehouse). */
function workflowFromTemplate(bas: BasSandbox): { nodes: INode[]; connections: IConnections } {
	const template = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'workflows/salesdrive-order-to-bas.json'), 'utf8')) as {
		nodes: INode[];
	};
	const node = (name: string): INode => {
		const found = template.nodes.find((candidate) => candidate.name === name);
		if (!found) throw new Error(`The template has no node "${name}"`);
		return {
			...found,
			credentials: {
				salesDriveApi: { id: '1', name: 'SD' },
				basODataApi: { id: '2', name: 'BAS' },
				...triggerSecret(found.typeVersion, { token: SECRET }).nodeCredentials,
			},
		};
	};
	const trigger = node(TRIGGER);

	const map = node(MAP);
	const states = new Map(elements(bas, 'Catalog_СостоянияЗаказовПокупателей').map((s) => [s.Description, s.Ref_Key]));
	const names: Record<string, string> = { 1: 'Новий', 2: 'В роботі', 3: 'В роботі', 4: 'Виконано' };
	const table = map.parameters.orderStatusTable as { rows: Array<{ crmValue: unknown; basValue: unknown }> };
	for (const row of table.rows) row.basValue = states.get(names[String(row.crmValue)]);

	// the template's Settings node (an n8n core node) is left out: its values are put in place
	const settings: Record<string, string> = {
		'$json.basOrganisation': JSON.stringify(String(elements(bas, 'Catalog_Организации')[0].Description)),
		'$json.basWarehouse': JSON.stringify('Основний склад'),
		'$json.variantSeparator': JSON.stringify('/'),
	};
	const withSettings = (value: unknown): unknown => {
		if (typeof value === 'string') {
			return Object.entries(settings).reduce(
				(text, [expression, literal]) => text.split(expression).join(literal),
				value,
			);
		}
		if (Array.isArray(value)) return value.map(withSettings);
		if (value && typeof value === 'object') {
			return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withSettings(inner)]));
		}
		return value;
	};
	const write: INode = { ...(withSettings(node(WRITE)) as INode), onError: 'continueErrorOutput' };

	return {
		nodes: [trigger, map, write],
		connections: {
			[TRIGGER]: { main: [[{ node: MAP, type: 'main', index: 0 }]] },
			[MAP]: { main: [[{ node: WRITE, type: 'main', index: 0 }], []] },
		},
	};
}

/** A markdown table of the outcomes, for the README. */
function markdownTable(rows: Array<{ name: string; outcome: Outcome }>): string {
	const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
	return [
		'| input | HTTP answer | error text | where the order went | BAS documents |',
		'|---|---|---|---|---|',
		...rows.map(
			({ name, outcome }) =>
				`| ${cell(name)} | ${outcome.status} | ${cell(outcome.message)} | ${outcome.place} | ${outcome.documents} |`,
		),
	].join('\n');
}

describe('bad input, one table: SalesDrive Trigger → Directory Map → BAS Document', () => {
	let bas: BasSandbox;
	let sd: SalesDriveSandbox;
	let server: TriggerServer;
	let envelope: IDataObject;
	const results: Array<{ name: string; outcome: Outcome }> = [];

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
		sd = await startSalesDriveSandbox({ demoData: false });
		// a plain item of the base, and one whose Артикул is hostile
		const plain = elements(bas, 'Catalog_Номенклатура').find(
			(item) => String(item.Артикул) !== '' && item.ИспользоватьХарактеристики !== true,
		) as Entity;
		bas.store.create('Catalog_Номенклатура', {
			Description: 'Кава «Ялинка» 😀',
			Артикул: HOSTILE_SKU,
			ЕдиницаИзмерения_Key: plain.ЕдиницаИзмерения_Key,
		});
		const created = (await (
			await fetch(`${sd.url}/handler/`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-api-key': sd.apiKey },
				body: JSON.stringify({
					getResultData: 1,
					fName: 'Олена',
					lName: "О'Ніл",
					phone: '+380671234567',
					products: [{ id: '1', name: 'Товар', costPerItem: 100, amount: 2, sku: String(plain.Артикул) }],
				}),
			})
		).json()) as { data: { orderId: number } };
		const order = sd.store.orders.find((o) => o.id === created.data.orderId)!;
		envelope = orderWebhookBody(sd.store, order, 'new_order', sd.account) as unknown as IDataObject;
		server = await serveTrigger({
			workflow: workflowFromTemplate(bas),
			trigger: TRIGGER,
			credentials: {
				...basCredentials(bas),
				salesDriveApi: { apiKey: sd.apiKey, baseUrl: sd.url },
				...triggerSecret(1.1, { token: SECRET }).credentials,
			},
		});
	});

	afterAll(async () => {
		await server?.stop();
		await bas?.close();
		await sd?.close();
		// eslint-disable-next-line no-console
		if (results.length) console.log(`Bad input table:\n${markdownTable(results)}`);
	});

	/** The order envelope with `change` applied to a copy of its data. */
	const orderBody = (orderId: number, change: (data: IDataObject) => void = () => {}): string => {
		const copy = JSON.parse(JSON.stringify(envelope)) as { data: IDataObject };
		copy.data.id = orderId;
		change(copy.data);
		return JSON.stringify(copy);
	};
	const withSku = (sku: string) => (data: IDataObject) => {
		(data.products as IDataObject[])[0].sku = sku;
	};
	const documentsFor = (orderId: number | undefined) =>
		orderId === undefined
			? 0
			: bas.store.list(ORDER).filter((d) => d.НомерВходящегоДокумента === String(orderId) && d.DeletionMark !== true)
					.length;

	const ok = { query: { token: SECRET } };
	const cases: Case[] = [
		{
			name: 'a good order',
			...ok,
			body: () => orderBody(7001),
			orderId: 7001,
			expected: { status: 200, place: 'BAS document', documents: 1 },
		},
		{
			name: 'the same order again',
			...ok,
			body: () => orderBody(7001),
			orderId: 7001,
			expected: { status: 200, place: 'BAS document', documents: 1 },
		},
		{
			name: 'malformed JSON',
			...ok,
			body: () => '{"info": {"webhookEvent": "new_order"}, "data": {"id": 7002',
			orderId: 7002,
			expected: { status: 422, place: 'rejected before a workflow started', documents: 0 },
		},
		{
			// the trigger reads the raw body as JSON whatever the header says: a proxy that rewrites it loses nothing
			name: 'wrong content type (text/plain, JSON body)',
			...ok,
			contentType: 'text/plain',
			body: () => orderBody(7003),
			orderId: 7003,
			expected: { status: 200, place: 'BAS document', documents: 1 },
		},
		{
			name: 'wrong content type (form-urlencoded, not JSON)',
			...ok,
			contentType: 'application/x-www-form-urlencoded',
			body: () => 'info[webhookEvent]=new_order&data[id]=7013',
			orderId: 7013,
			expected: { status: 400, place: 'rejected before a workflow started', documents: 0 },
		},
		{
			name: 'missing order id',
			...ok,
			body: () => orderBody(0, (data) => delete data.id),
			expected: { status: 400, place: 'rejected before a workflow started', documents: 0 },
		},
		{
			name: 'unknown SKU',
			...ok,
			body: () => orderBody(7005, withSku('NO-SUCH-SKU-404')),
			orderId: 7005,
			expected: { status: 200, place: 'error output', documents: 0 },
		},
		{
			name: 'unknown status (99)',
			...ok,
			body: () => orderBody(7006, (data) => (data.statusId = 99)),
			orderId: 7006,
			expected: { status: 200, place: 'Unmapped output', documents: 0 },
		},
		{
			name: "SKU `') or (1 eq 1` (must match nothing, not everything)",
			...ok,
			body: () => orderBody(7007, withSku("') or (1 eq 1")),
			orderId: 7007,
			expected: { status: 200, place: 'error output', documents: 0 },
		},
		{
			name: 'SKU with a quote, Cyrillic, an emoji and `) or (1 eq 1` that exists in BAS',
			...ok,
			body: () => orderBody(7008, withSku(HOSTILE_SKU)),
			orderId: 7008,
			expected: { status: 200, place: 'BAS document', documents: 1 },
		},
		{
			name: "contact name and phone with quotes and emoji (`'😀') or (1 eq 1`)",
			...ok,
			body: () =>
				orderBody(7009, (data) => {
					const contact = (data.contacts as IDataObject[] | undefined)?.[0];
					if (contact) contact.lName = "Ш'евченко 😀') or (1 eq 1";
				}),
			orderId: 7009,
			expected: { status: 200, place: 'BAS document', documents: 1 },
		},
		{
			name: 'a 10 MB body',
			...ok,
			body: () => orderBody(7010, (data) => (data.comment = 'x'.repeat(10 * 1024 * 1024))),
			orderId: 7010,
			expected: { status: 413, place: 'rejected before a workflow started', documents: 0 },
		},
		{
			name: 'wrong secret',
			query: { token: 'not-the-secret' },
			body: () => orderBody(7011),
			orderId: 7011,
			expected: { status: 401, place: 'rejected before a workflow started', documents: 0 },
		},
		{
			name: 'missing secret',
			body: () => orderBody(7012),
			orderId: 7012,
			expected: { status: 401, place: 'rejected before a workflow started', documents: 0 },
		},
	];

	/** Sends one case and finds out where its order went. */
	async function deliver(testCase: Case): Promise<Outcome> {
		const executionsBefore = server.executions.length;
		const response = await fetch(server.url(testCase.query ?? {}), {
			method: 'POST',
			headers: { 'content-type': testCase.contentType ?? 'application/json' },
			body: testCase.body(),
		});
		const answer = (await response.json().catch(() => ({}))) as { message?: string };
		const started = server.executions.slice(executionsBefore);
		expect(started.length).toBeLessThanOrEqual(1);
		let place: Place = response.ok ? 'ignored (200)' : 'rejected before a workflow started';
		let message = answer.message ?? '';
		if (started.length === 1) {
			const run = await started[0].done;
			const unmapped = run.output(MAP, 1);
			const failed = run.output(WRITE, 1);
			const written = run.output(WRITE, 0);
			// every order in exactly one place
			expect(unmapped.length + failed.length + written.length).toBe(1);
			if (unmapped.length) {
				place = 'Unmapped output';
				const { table, field, value, label } = unmapped[0].json;
				message = `no ${String(table)} row for ${String(field)} = ${JSON.stringify(value)} (${String(label)})`;
			} else if (failed.length) {
				place = 'error output';
				message = String(failed[0].json.error ?? '');
			} else {
				place = 'BAS document';
			}
		}
		return { status: response.status, message, place, documents: documentsFor(testCase.orderId) };
	}

	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
		const documentsBefore = bas.store.list(ORDER).length;
		const outcome = await deliver(testCase);
		results.push({ name: testCase.name, outcome });
		expect({ status: outcome.status, place: outcome.place, documents: outcome.documents }).toEqual(testCase.expected);
		// nothing written beside this case's own order: at most its one document is new
		const expectedNew = testCase.name === 'the same order again' ? 0 : testCase.expected.documents;
		expect(bas.store.list(ORDER).length - documentsBefore).toBe(expectedNew);
		if (outcome.place !== 'BAS document') expect(outcome.message).not.toBe('');
	});

	it('wrote one document per accepted order, and the hostile SKU line to the item that has it', () => {
		const ours = bas.store.list(ORDER).filter((d) => /^70\d\d$/.test(String(d.НомерВходящегоДокумента)));
		expect(ours.map((d) => d.НомерВходящегоДокумента).sort()).toEqual(['7001', '7003', '7008', '7009']);
		const hostile = elements(bas, 'Catalog_Номенклатура').find((item) => item.Артикул === HOSTILE_SKU)!;
		const line = (ours.find((d) => d.НомерВходящегоДокумента === '7008')!.Запасы as Entity[])[0];
		expect(line.Номенклатура).toBe(hostile.Ref_Key);
	});

	it('prints the table for the README', () => {
		const table = markdownTable(results);
		expect(table.split('\n')).toHaveLength(cases.length + 2);
		expect(table).toContain('| a 10 MB body | 413 |');
	});
});
