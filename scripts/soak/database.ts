/**
 * What the soak reads from n8n's PostgreSQL database: stored execution statuses (the truth about
 * what ran, where HTTP answers say nothing: n8n answers 200 before a worker even picks the
 * execution up), when each finished, and whether a secret made it into a stored execution.
 * The `pg` client is n8n's own, from the runtime.
 */
import { join } from 'node:path';

import { n8nRuntime } from '../n8n/runtime';
import type { Postgres } from './services';

interface PgClient {
	connect(): Promise<void>;
	query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
	end(): Promise<void>;
}

/** Statuses of executions that have not ended yet. */
const UNFINISHED = ['new', 'running', 'waiting'];

export interface ExecutionRow {
	id: string;
	status: string;
	startedAt: Date | null;
	stoppedAt: Date | null;
}

export interface N8nDatabase {
	/** every stored execution of the workflow, oldest first */
	executions(workflowId: string): Promise<ExecutionRow[]>;
	/**
	 * Waits until the workflow has at least `count` executions and none is unfinished; returns
	 * them. Fails after `timeoutMs` saying how far it got.
	 */
	finishedExecutions(
		workflowId: string,
		count: number,
		timeoutMs: number,
		signal?: AbortSignal,
	): Promise<ExecutionRow[]>;
	/** the stored run data (n8n's flatted JSON) of each execution of the workflow, by execution id */
	runData(workflowId: string): Promise<Map<string, string>>;
	/**
	 * How many stored executions contain each secret: in their run data (items, errors) and in
	 * the copy of the workflow n8n stores with each execution (its node parameters).
	 */
	secretsFound(secrets: string[]): Promise<{ runData: number; workflowSnapshot: number; which: string[] }>;
	close(): Promise<void>;
}

export async function connectN8nDatabase(postgres: Postgres): Promise<N8nDatabase> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Client } = require(join(n8nRuntime().modules, 'pg')) as { Client: new (config: object) => PgClient };
	const client = new Client({
		host: '127.0.0.1',
		port: postgres.port,
		user: postgres.user,
		password: postgres.password,
		database: postgres.database,
	});
	await client.connect();

	const executions = async (workflowId: string) =>
		(
			await client.query<ExecutionRow>(
				// by the numeric id (an ORDER BY on the text alias would put 100 before 11)
				'SELECT e.id::text AS id, e.status, e."startedAt", e."stoppedAt" FROM execution_entity e WHERE e."workflowId" = $1 ORDER BY e.id',
				[workflowId],
			)
		).rows;

	return {
		executions,
		finishedExecutions: async (workflowId, count, timeoutMs, signal) => {
			const deadline = Date.now() + timeoutMs;
			let rows: ExecutionRow[] = [];
			for (;;) {
				rows = await executions(workflowId);
				const unfinished = rows.filter((row) => UNFINISHED.includes(row.status)).length;
				if (rows.length >= count && unfinished === 0) return rows;
				signal?.throwIfAborted();
				if (Date.now() > deadline) {
					throw new Error(
						`executions of workflow ${workflowId}: ${rows.length} of ${count} stored, ${unfinished} unfinished after ${Math.round(timeoutMs / 1000)} s`,
					);
				}
				await new Promise((r) => setTimeout(r, 1000));
			}
		},
		runData: async (workflowId) => {
			const { rows } = await client.query<{ id: string; data: string }>(
				`SELECT e.id::text AS id, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
				 WHERE e."workflowId" = $1`,
				[workflowId],
			);
			return new Map(rows.map((row) => [row.id, row.data]));
		},
		secretsFound: async (secrets) => {
			let runData = 0;
			let workflowSnapshot = 0;
			const which: string[] = [];
			for (const [index, secret] of secrets.entries()) {
				const { rows } = await client.query<{ in_data: string; in_workflow: string }>(
					`SELECT count(*) FILTER (WHERE strpos(data, $1) > 0)::text AS in_data,
					        count(*) FILTER (WHERE strpos("workflowData"::text, $1) > 0)::text AS in_workflow
					 FROM execution_data`,
					[secret],
				);
				const inData = Number(rows[0].in_data);
				const inWorkflow = Number(rows[0].in_workflow);
				runData += inData;
				workflowSnapshot += inWorkflow;
				// name the secret by its position, never by its value
				if (inData + inWorkflow > 0)
					which.push(`secret #${index + 1}: ${inData} run data, ${inWorkflow} workflow copies`);
			}
			return { runData, workflowSnapshot, which };
		},
		close: async () => {
			await client.end();
		},
	};
}
