/**
 * `npm start` runs the demo it promises: every template in workflows/ imported, the SalesDrive
 * order and status templates published, and the sample-order command it prints makes a posted
 * customer order in the BAS sandbox through the real webhook (and its `ship` step a shipment
 * invoice). It stops completely, however it is stopped: Ctrl-C in the terminal (SIGINT to the
 * whole process group, npm included), SIGTERM to the script alone, or the script killed outright
 * (then n8n notices that its parent is gone). Afterwards no process it started is left and n8n's
 * port is closed. A later start in the same n8n folder imports nothing twice.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_BAS_USERS } from '../../sandbox/bas/server';
import { freePort, signIn } from '../../scripts/n8n/instance';
import { PACKAGE_ROOT } from '../../scripts/n8n/runtime';

// each start builds the package and starts n8n (about 20–40 s once the runtime is installed)
jest.setTimeout(600_000);

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	/** clock ticks after boot: tells a process from a later one with the same pid */
	startTime: string;
	zombie: boolean;
	command: string;
}

function processTable(): ProcessInfo[] {
	const table: ProcessInfo[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			// "pid (command) state ppid pgrp …": the command may contain spaces and parentheses
			const close = stat.lastIndexOf(')');
			const fields = stat.slice(close + 2).split(' ');
			table.push({
				pid: Number(name),
				ppid: Number(fields[1]),
				pgid: Number(fields[2]),
				startTime: fields[19],
				zombie: fields[0] === 'Z',
				command: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim(),
			});
		} catch {
			// it exited while being read
		}
	}
	return table;
}

/** The process, everything it started (transitively) and every member of their process groups. */
function processTree(rootPid: number): ProcessInfo[] {
	const table = processTable();
	const found = new Map<number, ProcessInfo>();
	let grew = true;
	while (grew) {
		grew = false;
		const groups = new Set([...found.values()].map((p) => p.pgid));
		for (const p of table) {
			if (found.has(p.pid)) continue;
			if (p.pid === rootPid || found.has(p.ppid) || groups.has(p.pgid)) {
				found.set(p.pid, p);
				grew = true;
			}
		}
	}
	return [...found.values()];
}

/** Which of the recorded processes still run (zombies have exited), plus newcomers in their groups. */
function stillRunning(recorded: ProcessInfo[]): string[] {
	const groups = new Set(recorded.map((p) => p.pgid));
	return processTable()
		.filter((p) => !p.zombie)
		.filter((p) => recorded.some((r) => r.pid === p.pid && r.startTime === p.startTime) || groups.has(p.pgid))
		.map((p) => `${p.pid} ${p.command}`);
}

async function portIsOpen(port: number): Promise<boolean> {
	return await new Promise((resolveOpen) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolveOpen(true);
		});
		socket.once('error', () => resolveOpen(false));
	});
}

/** Polls until `check` holds; the bound only ends a failing wait. */
async function until(check: () => boolean | Promise<boolean>, boundMs: number): Promise<void> {
	const deadline = Date.now() + boundMs;
	while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const DEMO_WORKFLOWS = ['SalesDrive order → BAS customer order', 'SalesDrive status → BAS follow-up documents'];
const PORT_VARIABLES = ['N8N_PORT', 'BAS_SANDBOX_PORT', 'SALESDRIVE_SANDBOX_PORT', 'KEYCRM_SANDBOX_PORT'];

const templateNames = () =>
	readdirSync(join(PACKAGE_ROOT, 'workflows'))
		.filter((file) => file.endsWith('.json'))
		.map((file) => (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'workflows', file), 'utf8')) as { name: string }).name);

/** A command line as printed, run by a shell in the package folder without the test's port variables. */
async function runPrinted(command: string): Promise<{ code: number; output: string }> {
	const env = { ...process.env };
	for (const name of [...PORT_VARIABLES, 'NODE_ENV', 'NODE_OPTIONS']) delete env[name];
	return await new Promise((resolveRun) => {
		execFile('sh', ['-c', command], { cwd: PACKAGE_ROOT, env }, (error, stdout, stderr) =>
			resolveRun({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
		);
	});
}

/** Rows of a BAS sandbox entity set over its OData, as the credential's user reads them. */
async function basRows(basPort: number, path: string): Promise<Array<Record<string, unknown>>> {
	const [user] = DEFAULT_BAS_USERS;
	const response = await fetch(
		`http://127.0.0.1:${basPort}/demo/odata/standard.odata/${encodeURI(path)}${path.includes('?') ? '&' : '?'}$format=json`,
		{ headers: { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}` } },
	);
	expect(response.status).toBe(200);
	return ((await response.json()) as { value: Array<Record<string, unknown>> }).value;
}

describe('npm start', () => {
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-start-'));
	afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

	let started: ChildProcess | undefined;
	afterEach(() => {
		// a failed test must not leave n8n running
		if (started?.pid) for (const p of processTree(started.pid)) process.kill(p.pid, 'SIGKILL');
	});

	/** Starts the command in its own process group, as a terminal does, and waits until n8n is ready. */
	async function startUntilReady(command: string, args: string[]) {
		const n8nPort = await freePort();
		const basPort = await freePort();
		const env: NodeJS.ProcessEnv = {
			...process.env,
			N8N_PORT: String(n8nPort),
			BAS_SANDBOX_PORT: String(basPort),
			SALESDRIVE_SANDBOX_PORT: String(await freePort()),
			KEYCRM_SANDBOX_PORT: String(await freePort()),
			BAS_CRM_N8N_FOLDER: userFolder,
		};
		for (const name of Object.keys(env))
			if (name === 'NODE_ENV' || name === 'NODE_OPTIONS' || name.startsWith('JEST_')) delete env[name];
		const t0 = Date.now();
		const child = spawn(command, args, { cwd: PACKAGE_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		started = child;
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		let exitedWith: string | undefined;
		child.once('exit', (code, signal) => (exitedWith = String(signal ?? code)));
		const ready = 'Ctrl-C stops everything';
		await until(() => exitedWith !== undefined || output.includes(ready), 480_000);
		if (!output.includes(ready)) throw new Error(`npm start did not get ready:\n${output.slice(-4000)}`);
		expect((await fetch(`http://127.0.0.1:${n8nPort}/healthz`)).ok).toBe(true);
		const tree = processTree(child.pid as number);
		console.log(`ready after ${seconds(t0)}; processes:\n${tree.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
		return { child, n8nPort, basPort, tree, output: () => output, exitedWith: () => exitedWith };
	}

	/** Waits until every recorded process is gone and the port is closed, then asserts both. */
	async function expectAllStopped(run: Awaited<ReturnType<typeof startUntilReady>>) {
		const t0 = Date.now();
		await until(
			async () =>
				run.exitedWith() !== undefined && stillRunning(run.tree).length === 0 && !(await portIsOpen(run.n8nPort)),
			90_000,
		);
		console.log(`stopped after ${seconds(t0)} (exit: ${run.exitedWith()})`);
		expect({ running: stillRunning(run.tree), exited: run.exitedWith() !== undefined }).toEqual({
			running: [],
			exited: true,
		});
		expect(await portIsOpen(run.n8nPort)).toBe(false);
		started = undefined;
	}

	it('the demo: templates imported, SalesDrive ones published, the printed command makes a posted customer order in BAS; then Ctrl-C (SIGINT to the whole process group of `npm start`)', async () => {
		const run = await startUntilReady('npm', ['start']);
		const printed = run.output();

		// every template imported once; the demo ones published with a generated token, as printed
		const n8n = await signIn(`http://127.0.0.1:${run.n8nPort}`);
		const workflows = await n8n.rest<Array<{ id: string; name: string; active: boolean }>>('GET', '/workflows');
		expect(workflows.map((w) => w.name).sort()).toEqual(templateNames().sort());
		expect(workflows.filter((w) => w.active).map((w) => w.name)).toEqual(expect.arrayContaining(DEMO_WORKFLOWS));
		const orderWorkflow = workflows.find((w) => w.name === DEMO_WORKFLOWS[0])!;
		const stored = await n8n.rest<{
			nodes: Array<{ name: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string }> }>;
		}>('GET', `/workflows/${orderWorkflow.id}`);
		// the secret is in the CRM Webhook API credential, never in the workflow
		const trigger = stored.nodes.find((n) => n.name === 'SalesDrive order webhook')!;
		expect(trigger.parameters).not.toHaveProperty('secretToken');
		expect(trigger.credentials?.crmWebhookApi?.id).toBeTruthy();
		const token = /\/webhook\/salesdrive-order-to-bas\/salesdrive\?token=([\w-]{32})/.exec(printed)?.[1];
		expect(token).toBeDefined();
		expect(JSON.stringify(stored)).not.toContain(token);

		// the one printed command: an order in the SalesDrive sandbox, its webhook, a posted customer order in BAS
		const command = /^\s*\$ (.*npm run demo:order)$/m.exec(printed)?.[1];
		expect(command).toMatch(/^BAS_SANDBOX_PORT=\d+ SALESDRIVE_SANDBOX_PORT=\d+ npm run demo:order$/);
		const demo = await runPrinted(command!);
		expect(demo).toMatchObject({ code: 0 });
		const orderId = /SalesDrive order (\d+) created/.exec(demo.output)?.[1];
		const orders = await basRows(
			run.basPort,
			`Document_ЗаказПокупателя?$filter=НомерВходящегоДокумента eq '${orderId}'`,
		);
		expect(orders).toHaveLength(1);
		expect(orders[0]).toMatchObject({ Posted: true, СуммаДокумента: 2100 });
		// the status table's BAS side was picked from this sandbox at start: SalesDrive's status 1 is "Новий"
		const [state] = await basRows(run.basPort, `Catalog_СостоянияЗаказовПокупателей?$filter=Description eq 'Новий'`);
		expect(orders[0].СостояниеЗаказа).toBe(state.Ref_Key);
		// one execution of the order workflow, finished well (it may still be finishing when BAS has the order)
		const executions = async () => (await n8n.listExecutions(orderWorkflow.id)).map((e) => e.status);
		await until(async () => {
			const statuses = await executions();
			return statuses.length > 0 && statuses.every((status) => !['new', 'running', 'waiting'].includes(status));
		}, 30_000);
		expect(await executions()).toEqual(['success']);

		// the page the start printed lists it
		const page = /^\s*(http:\/\/\S+\/__sandbox\/documents\S*)$/m.exec(printed)?.[1];
		const listed = (await (await fetch(`${page!}&format=json`)).json()) as Array<Record<string, unknown>>;
		expect(listed.filter((row) => row.crmNumber === orderId)).toEqual([
			expect.objectContaining({ type: 'Document_ЗаказПокупателя', number: orders[0].Number, posted: true }),
		]);

		// the step it suggests next: the status template makes the shipment invoice
		const shipped = await runPrinted(`${command!} -- ship ${orderId}`);
		expect(shipped).toMatchObject({ code: 0 });
		const shipments = (await basRows(run.basPort, 'Document_РасходнаяНакладная')).filter(
			(d) => d.Заказ === orders[0].Ref_Key,
		);
		expect(shipments).toEqual([expect.objectContaining({ Posted: true })]);

		process.kill(-(run.child.pid as number), 'SIGINT');
		await expectAllStopped(run);
	});

	it('SIGTERM to the script alone; a start in the same n8n folder imports nothing twice and publishes the demo again', async () => {
		const run = await startUntilReady(process.execPath, ['scripts/start.mjs']);
		const n8n = await signIn(`http://127.0.0.1:${run.n8nPort}`);
		const workflows = await n8n.rest<Array<{ name: string; active: boolean }>>('GET', '/workflows');
		expect(workflows.map((w) => w.name).sort()).toEqual(templateNames().sort());
		expect(workflows.filter((w) => w.active).map((w) => w.name)).toEqual(expect.arrayContaining(DEMO_WORKFLOWS));
		process.kill(run.child.pid as number, 'SIGTERM');
		await expectAllStopped(run);
		expect(run.output()).toContain('stopping …');
	});

	it('the script killed outright: n8n stops because its parent is gone', async () => {
		const run = await startUntilReady(process.execPath, ['scripts/start.mjs']);
		process.kill(run.child.pid as number, 'SIGKILL');
		await expectAllStopped(run);
	});
});
