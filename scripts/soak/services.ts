/**
 * PostgreSQL and Redis from Debian's packages, each a private throw-away server on loopback for
 * one soak run: a fresh data folder, a free port, nothing kept. Installed with apt-get when
 * absent (as root; otherwise the error says what to install).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { freePort } from '../n8n/instance';

const POSTGRES_ROOT = '/usr/lib/postgresql';
const REDIS_SERVER = '/usr/bin/redis-server';
const READY_TIMEOUT_MS = 60_000;

/** The newest installed PostgreSQL's bin folder (Debian keeps one folder per major version). */
function postgresBin(): string | undefined {
	if (!existsSync(POSTGRES_ROOT)) return undefined;
	const versions = readdirSync(POSTGRES_ROOT)
		.filter((name) => existsSync(join(POSTGRES_ROOT, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(POSTGRES_ROOT, versions[0], 'bin') : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Installs Debian's `postgresql` and `redis-server` when either is missing. */
export function ensureServerPackages(log: (line: string) => void): void {
	const missing = [...(postgresBin() ? [] : ['postgresql']), ...(existsSync(REDIS_SERVER) ? [] : ['redis-server'])];
	if (missing.length === 0) return;
	if (!isRoot()) {
		throw new Error(
			`the soak needs ${missing.join(' and ')} from Debian's packages: sudo apt-get install -y ${missing.join(' ')}`,
		);
	}
	log(`[soak] installing ${missing.join(', ')} with apt-get`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
	// Debian's packages start a system-wide server of each; the soak runs its own
	for (const service of ['postgresql', 'redis-server']) {
		try {
			execFileSync('service', [service, 'stop'], { stdio: 'ignore' });
		} catch {
			// not running, or no service manager: nothing to stop
		}
	}
}

export interface RunningService {
	port: number;
	stop(): Promise<void>;
	/** stops at once, synchronously (the process is exiting) */
	kill(): void;
}

export interface Postgres extends RunningService {
	user: string;
	password: string;
	database: string;
}

/**
 * A PostgreSQL cluster in `dir`: initdb refuses to run as root, so as root it runs as Debian's
 * `postgres` user, which then owns the folder. Password (scram) authentication on 127.0.0.1 only.
 */
export async function startPostgres(dir: string, password: string): Promise<Postgres> {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const data = join(dir, 'data');
	const sockets = join(dir, 'sockets');
	mkdirSync(sockets, { recursive: true });
	const pwfile = join(dir, 'pwfile');
	writeFileSync(pwfile, password, { mode: 0o600 });
	const asOwner = (command: string, args: string[]): [string, string[]] =>
		isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	if (isRoot()) {
		const { uid, gid } = postgresIds();
		for (const path of [dir, sockets, pwfile]) chownSync(path, uid, gid);
	}
	const user = 'n8n';
	execFileSync(
		...asOwner(join(bin, 'initdb'), [
			'-D',
			data,
			'-U',
			user,
			`--pwfile=${pwfile}`,
			'--auth=scram-sha-256',
			'--encoding=UTF8',
			'--no-sync',
		]),
		{ stdio: 'ignore' },
	);
	const port = await freePort();
	const options = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
	const pgCtl = (args: string[], stdio: 'ignore' | 'inherit' = 'ignore') =>
		execFileSync(...asOwner(join(bin, 'pg_ctl'), ['-D', data, ...args]), { stdio, timeout: READY_TIMEOUT_MS });
	pgCtl(['-l', join(dir, 'postgres.log'), '-o', options, '-w', 'start']);
	const database = 'n8n';
	execFileSync(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], {
		env: { ...process.env, PGPASSWORD: password },
		stdio: 'inherit',
	});
	let stopped = false;
	const stopNow = (mode: 'fast' | 'immediate') => {
		if (stopped) return;
		stopped = true;
		try {
			pgCtl(['-m', mode, 'stop']);
		} catch {
			// already gone
		}
	};
	return {
		port,
		user,
		password,
		database,
		stop: async () => stopNow('fast'),
		kill: () => stopNow('immediate'),
	};
}

function postgresIds(): { uid: number; gid: number } {
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** A Redis server in the foreground, as our child, with no persistence. */
export async function startRedis(dir: string): Promise<RunningService> {
	if (!existsSync(REDIS_SERVER)) throw new Error('redis-server is not installed (apt-get install redis-server)');
	const port = await freePort();
	const child: ChildProcess = spawn(
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
		{ stdio: 'ignore' },
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await answersPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`redis-server did not start on port ${port}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		port,
		stop: async () => {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		},
		kill: () => {
			if (child.exitCode === null) child.kill('SIGKILL');
		},
	};
}

/** Redis answers PING (inline command) with +PONG. */
async function answersPing(port: number): Promise<boolean> {
	const { createConnection } = await import('node:net');
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('close', () => resolve(false));
	});
}
