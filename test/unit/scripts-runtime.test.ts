/**
 * The real-n8n runtime installer (scripts/n8n-runtime.mjs): it refuses to start the long install
 * when a build tool is missing, and it removes what an interrupted install left behind without
 * touching an install still running. The script is an ES module that runs on plain Node (it
 * prepares everything else), so these tests run it in a child process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'n8n-runtime.mjs');

/** Runs `body` in a Node ES module where `runtime` is the installer module; returns what it prints as JSON. */
function withRuntimeModule<T>(body: string, env: NodeJS.ProcessEnv = process.env): T {
	const code = `import * as runtime from ${JSON.stringify(pathToFileURL(SCRIPT).href)};\n${body}`;
	const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { env, encoding: 'utf8' });
	return JSON.parse(out) as T;
}

/** A folder with an executable file per name (a stand-in for a tool on PATH). */
function binDir(root: string, tools: string[]): string {
	const dir = join(root, 'bin');
	mkdirSync(dir, { recursive: true });
	for (const tool of tools) {
		writeFileSync(join(dir, tool), '#!/bin/sh\n');
		chmodSync(join(dir, tool), 0o755);
	}
	return dir;
}

/** The pid of a process that has exited. */
function deadPid(): number {
	const pid = spawnSync(process.execPath, ['-e', '']).pid as number;
	expect(() => process.kill(pid, 0)).toThrow();
	return pid;
}

let temp: string;
beforeEach(() => {
	temp = mkdtempSync(join(tmpdir(), 'scripts-runtime-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

describe('build tools for the first install', () => {
	it('names exactly the tools that are not executable on PATH', () => {
		const bin = binDir(temp, ['make']);
		writeFileSync(join(bin, 'python3'), 'not executable');
		const missing = withRuntimeModule<string[]>(
			`console.log(JSON.stringify(runtime.missingBuildTools({ PATH: ${JSON.stringify(`${bin}:/nonexistent`)} })))`,
		);
		expect(missing).toEqual(['g++', 'python3']);
		expect(
			withRuntimeModule<string[]>(
				`console.log(JSON.stringify(runtime.missingBuildTools({ PATH: ${JSON.stringify(binDir(temp, ['g++', 'make', 'python3']))} })))`,
			),
		).toEqual([]);
	});

	it('stops before installing anything, naming what is missing and how to install it', () => {
		const cache = join(temp, 'cache');
		const bin = join(temp, 'bin');
		mkdirSync(bin);
		symlinkSync(process.execPath, join(bin, 'node'));
		const result = spawnSync(process.execPath, [SCRIPT], {
			env: { PATH: bin, HOME: temp, N8N_RUNTIME_CACHE: cache },
			encoding: 'utf8',
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('missing: g++, make, python3');
		expect(result.stderr).toContain('apt-get install -y g++ make python3');
		// no install folder was created: the install never started
		expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
	});
});

describe('leftovers of an interrupted install', () => {
	const RUNTIME = 'n8n-2.40.7-node-24.21.0';

	it('are the install folders whose installing process is gone', () => {
		for (const name of [
			RUNTIME,
			`${RUNTIME}.partial-111`,
			`${RUNTIME}.partial-222`,
			'n8n-2.40.6-node-24.21.0.partial-333',
			'unrelated',
			'unrelated.partial-x',
		])
			mkdirSync(join(temp, name));
		const stale = withRuntimeModule<string[]>(
			`console.log(JSON.stringify(runtime.staleInstallFolders(${JSON.stringify(temp)}, (pid) => pid === 222).sort()))`,
		);
		expect(stale).toEqual([join(temp, 'n8n-2.40.6-node-24.21.0.partial-333'), join(temp, `${RUNTIME}.partial-111`)]);
	});

	it('are removed by the next run, while a concurrent install keeps its folder', () => {
		mkdirSync(join(temp, RUNTIME));
		writeFileSync(join(temp, RUNTIME, '.ready'), 'yes');
		const interrupted = `${RUNTIME}.partial-${deadPid()}`;
		// this test's own process stands in for an install still running
		const running = `${RUNTIME}.partial-${process.pid}`;
		for (const name of [interrupted, running]) {
			mkdirSync(join(temp, name, 'node_modules'), { recursive: true });
			writeFileSync(join(temp, name, 'package.json'), '{}');
		}
		const out = execFileSync(process.execPath, [SCRIPT], {
			env: { ...process.env, N8N_RUNTIME_CACHE: temp },
			encoding: 'utf8',
		});
		expect(out).toContain(`removing ${interrupted}`);
		expect(readdirSync(temp).sort()).toEqual([RUNTIME, running].sort());
	});
});
