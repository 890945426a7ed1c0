/**
 * `npm start` stops completely, however it is stopped: Ctrl-C in the terminal (SIGINT to the
 * whole process group, npm included), SIGTERM to the script alone, or the script killed outright
 * (then n8n notices that its parent is gone). Afterwards no process it started is left and n8n's
 * port is closed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../../scripts/n8n/instance';
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

describe('npm start stops everything', () => {
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
		const env: NodeJS.ProcessEnv = {
			...process.env,
			N8N_PORT: String(n8nPort),
			BAS_SANDBOX_PORT: String(await freePort()),
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
		await until(() => exitedWith !== undefined || output.includes('n8n is running at'), 480_000);
		if (!output.includes('n8n is running at')) throw new Error(`npm start did not get ready:\n${output.slice(-4000)}`);
		expect((await fetch(`http://127.0.0.1:${n8nPort}/healthz`)).ok).toBe(true);
		const tree = processTree(child.pid as number);
		console.log(`ready after ${seconds(t0)}; processes:\n${tree.map((p) => `  ${p.pid} ${p.command}`).join('\n')}`);
		return { child, n8nPort, tree, output: () => output, exitedWith: () => exitedWith };
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

	it('Ctrl-C: SIGINT to the whole process group of `npm start`', async () => {
		const run = await startUntilReady('npm', ['start']);
		process.kill(-(run.child.pid as number), 'SIGINT');
		await expectAllStopped(run);
	});

	it('SIGTERM to the script alone', async () => {
		const run = await startUntilReady(process.execPath, ['scripts/start.mjs']);
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
