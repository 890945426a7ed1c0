/**
 * Secrets never leak: every node's succeeding and failing paths run through n8n-core (wrong key or
 * password 401, 500, 422, rate limit exhausted, a network error, a bad webhook), and the whole
 * stored run (JSON.stringify of the IRun: output items, error message, description, context) must
 * not contain an API key, a password, an Authorization value or the webhook's secret token. The
 * secrets are distinctive, so a plain search is exact. The sandboxes' request logs stay masked.
 */
import { createServer } from 'node:net';

import type { IDataObject, INode, IRun } from 'n8n-workflow';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import type { Sandbox } from '../../sandbox/common/app';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { orderWebhookBody } from '../../sandbox/salesdrive/webhooks';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { runBasNode } from '../helpers/bas';
import { runKeyCrmNode } from '../helpers/keyCrm';
import { runSalesDriveNode } from '../helpers/salesDrive';
import { serveTrigger, triggerSecret } from '../helpers/webhook';

const BAS_USER = 'Оператор';
const BAS_PASSWORD = 'BasPw-LEAKCHECK-5e1f9a';
const BAS_WRONG_PASSWORD = 'BasPw-WRONG-LEAKCHECK-77c2';
const SD_KEY = 'sdKey-LEAKCHECK-a8d3b1c9';
const SD_WRONG_KEY = 'sdKey-WRONG-LEAKCHECK-42f0';
const KC_KEY = 'kcKey-LEAKCHECK-0b7e6d5c';
const KC_WRONG_KEY = 'kcKey-WRONG-LEAKCHECK-93aa';
const WEBHOOK_SECRET = 'whSecret-LEAKCHECK-6c4d2e';

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`, 'utf8').toString('base64');

/** Every form a secret could take in a run: as set, as a Basic credential, as a Bearer value. */
const SECRET_FORMS = [
	BAS_PASSWORD,
	BAS_WRONG_PASSWORD,
	basic(BAS_USER, BAS_PASSWORD),
	basic(BAS_USER, BAS_WRONG_PASSWORD),
	SD_KEY,
	SD_WRONG_KEY,
	KC_KEY,
	KC_WRONG_KEY,
	WEBHOOK_SECRET,
	'LEAKCHECK',
];

/** The secrets found in a stored run (none expected). */
const leaks = (stored: unknown): string[] => {
	const text = JSON.stringify(stored);
	return SECRET_FORMS.filter((secret) => text.includes(secret));
};

/** A reply that ends the transport's retries at once: Retry-After beyond what it waits for. */
const hardFailure = (status: number, body: IDataObject) => ({
	status,
	headers: { 'Retry-After': '86400' },
	body: JSON.stringify(body),
});

async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

interface Scenario {
	name: string;
	/** true when the node is expected to end with an error (on its error output or as the run's error) */
	fails: boolean;
	before?: () => void;
	run: () => Promise<{ run: IRun; failed: boolean }>;
}

/** Runs each scenario and checks that it ended as expected and leaked nothing. */
function checkScenarios(sandbox: () => Sandbox, scenarios: Scenario[]) {
	it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
		await sandbox().reset();
		scenario.before?.();
		const { run, failed } = await scenario.run();
		expect(failed).toBe(scenario.fails);
		expect(leaks(run)).toEqual([]);
		// the sandbox logged the request with its secrets masked
		expect(leaks(sandbox().requests)).toEqual([]);
	});
}

/** Whether a node run failed: an item on its error output or an error at the node. */
const failedRun = (result: { output(index?: number): unknown[]; error(): unknown }) =>
	result.output(1).length > 0 || result.error() !== undefined;

describe('secrets never leak into stored runs', () => {
	let bas: BasSandbox;
	let sd: SalesDriveSandbox;
	let kc: KeyCrmSandbox;
	let nowhere: string;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', users: [{ name: BAS_USER, password: BAS_PASSWORD }] });
		sd = await startSalesDriveSandbox({ apiKey: SD_KEY });
		kc = await startKeyCrmSandbox({ apiKey: KC_KEY });
		nowhere = await closedPortUrl();
	});
	afterAll(async () => {
		await Promise.all([bas?.close(), sd?.close(), kc?.close()]);
	});

	describe('BAS Catalog', () => {
		const run = async (password: string, url = bas.publicationUrl) => {
			const result = await runBasNode({
				type: 'basCatalog',
				parameters: { resource: 'catalog', catalog: 'Catalog_Номенклатура', operation: 'getMany', limit: 2 },
				onError: 'continueErrorOutput',
				credentials: { basODataApi: { url, user: BAS_USER, password } },
			});
			return { run: result.run, failed: failedRun(result) };
		};
		const odataError = (code: string, value: string) => ({ 'odata.error': { code, message: { lang: 'ru', value } } });
		checkScenarios(
			() => bas,
			[
				{ name: 'succeeds', fails: false, run: async () => await run(BAS_PASSWORD) },
				{ name: 'wrong password (401)', fails: true, run: async () => await run(BAS_WRONG_PASSWORD) },
				{
					name: '500',
					fails: true,
					before: () => bas.injectReplies(hardFailure(500, odataError('-1', 'Внутренняя ошибка'))),
					run: async () => await run(BAS_PASSWORD),
				},
				{
					name: 'rate limit exhausted (429)',
					fails: true,
					before: () => bas.injectReplies(hardFailure(429, odataError('-1', 'Too many requests'))),
					run: async () => await run(BAS_PASSWORD),
				},
				{
					name: 'network error (nothing listens)',
					fails: true,
					run: async () => await run(BAS_PASSWORD, `${nowhere}/demo`),
				},
			],
		);
	});

	describe('SalesDrive', () => {
		const run = async (apiKey: string) => {
			const result = await runSalesDriveNode({
				parameters: { resource: 'directory', operation: 'getStatuses' },
				credentials: { salesDriveApi: { apiKey, baseUrl: sd.url } },
			});
			return { run: result.run, failed: failedRun(result) };
		};
		checkScenarios(
			() => sd,
			[
				{ name: 'succeeds', fails: false, run: async () => await run(SD_KEY) },
				{ name: 'wrong key (401)', fails: true, run: async () => await run(SD_WRONG_KEY) },
				{
					name: '500',
					fails: true,
					before: () => sd.injectReplies(hardFailure(500, { success: false, message: 'Server error' })),
					run: async () => await run(SD_KEY),
				},
				{
					name: '422',
					fails: true,
					before: () => sd.injectReplies(hardFailure(422, { success: false, message: 'Validation failed' })),
					run: async () => await run(SD_KEY),
				},
				{
					name: 'rate limit exhausted (429)',
					fails: true,
					before: () => sd.injectReplies(hardFailure(429, { success: false, message: 'Too many requests' })),
					run: async () => await run(SD_KEY),
				},
			],
		);
	});

	describe('KeyCRM', () => {
		const run = async (apiKey: string) => {
			const result = await runKeyCrmNode({
				parameters: { resource: 'order', operation: 'get', orderId: [...kc.store.orders.keys()][0] },
				onError: 'continueErrorOutput',
				credentials: { keyCrmApi: { apiKey, baseUrl: kc.baseUrl } },
			});
			return { run: result.run, failed: failedRun(result) };
		};
		checkScenarios(
			() => kc,
			[
				{ name: 'succeeds', fails: false, run: async () => await run(KC_KEY) },
				{ name: 'wrong key (401)', fails: true, run: async () => await run(KC_WRONG_KEY) },
				{
					name: '500',
					fails: true,
					before: () => kc.injectReplies(hardFailure(500, { message: 'Server Error' })),
					run: async () => await run(KC_KEY),
				},
				{
					name: '422',
					fails: true,
					before: () =>
						kc.injectReplies(hardFailure(422, { message: 'The given data was invalid.', errors: { id: ['invalid'] } })),
					run: async () => await run(KC_KEY),
				},
				{
					name: 'rate limit exhausted (429)',
					fails: true,
					before: () => kc.injectReplies(hardFailure(429, { message: 'Too Many Attempts.' })),
					run: async () => await run(KC_KEY),
				},
			],
		);
	});

	describe('SalesDrive Trigger', () => {
		it('neither a good nor a bad webhook puts the secret token into an answer or a run', async () => {
			const secret = triggerSecret(1.1, { token: WEBHOOK_SECRET });
			const trigger: INode = {
				id: 'trigger',
				name: 'SalesDrive Trigger',
				type: 'n8n-nodes-bas-crm.salesDriveTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				parameters: {},
				credentials: secret.nodeCredentials,
			};
			const server = await serveTrigger({
				workflow: { nodes: [trigger], connections: {} },
				trigger: trigger.name,
				credentials: secret.credentials,
			});
			try {
				const order = sd.store.orders[0];
				const body = JSON.stringify(orderWebhookBody(sd.store, order, 'new_order', sd.account));
				const post = async (query: Record<string, string>, text = body) =>
					await fetch(server.url(query), {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: text,
					});
				const answers = [
					await post({ token: WEBHOOK_SECRET }),
					await post({ token: `${WEBHOOK_SECRET}x` }),
					await post({}),
					await post({ token: WEBHOOK_SECRET }, '{"info": {}, "data": {}}'),
				];
				expect(answers.map((a) => a.status)).toEqual([200, 401, 401, 400]);
				const executions = await server.settled();
				expect(executions).toHaveLength(1);
				expect(leaks(executions.map((e) => e.run))).toEqual([]);
				// a wrong token is not echoed back either
				expect(JSON.stringify(server.calls.map((c) => c.body))).not.toContain(WEBHOOK_SECRET);
			} finally {
				await server.stop();
			}
		});
	});
});
