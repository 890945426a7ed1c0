/**
 * `npm run soak [-- --quick]`: the pack under n8n's queue mode, measured. Starts PostgreSQL and
 * Redis on loopback, n8n 2.40.7 as one main, two workers and one webhook process (the package
 * installed into each one's user folder), the BAS and SalesDrive sandboxes, and the SalesDrive →
 * BAS order template published; then delivers every order's webhook five times, shuffled, twenty
 * at a time, and checks BAS holds each order exactly once with the right lines and totals (see
 * scripts/soak/run.ts). Prints `BENCH` lines; exits non-zero when an order is lost or doubled,
 * or another check fails. Everything stops by itself at the end, on failure, on Ctrl-C and at
 * the time limit. `--faults` runs the orders under faults instead (scripts/soak/faults.ts): BAS
 * failing and slow, SalesDrive 429 storms, a worker killed; then Retry and a reconciliation.
 */
// @ts-expect-error: a plain ES module without types
import { build } from './ensure-deps.mjs';
import { cpuLayout, pinThisProcess } from './soak/cpus';
import { FULL, QUICK, runSoak, type SoakSize } from './soak/run';
import { Teardown } from './soak/teardown';

const quick = process.argv.includes('--quick');
const faults = process.argv.includes('--faults');
const ordersArg = process.argv.find((arg) => arg.startsWith('--orders='));
const size: SoakSize = { ...(quick ? QUICK : FULL) };
if (ordersArg) size.orders = Number(ordersArg.split('=')[1]);
/** the whole run, start-up and shut-down included */
const TIME_LIMIT_MS = (quick ? 15 : 90) * 60_000;
const STOP_TIMEOUT_MS = 60_000;

const teardown = new Teardown();
const controller = new AbortController();
const log = (line: string) => console.log(line);
process.on('exit', () => teardown.killAll());

async function endAfter(reason: string, exitCode: number) {
	console.error(`\n[soak] ${reason}: stopping everything`);
	controller.abort(new Error(reason));
	// a second Ctrl-C, or a stop that hangs, ends at once (the exit handler kills what is left)
	setTimeout(() => process.exit(exitCode), STOP_TIMEOUT_MS + 5000).unref();
	await teardown.stopAll(STOP_TIMEOUT_MS, log);
	process.exit(exitCode);
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		if (interrupted) process.exit(130);
		interrupted = true;
		void endAfter(`${signal} received`, 130);
	});
}
const limit = setTimeout(() => void endAfter(`time limit of ${TIME_LIMIT_MS / 60_000} min reached`, 1), TIME_LIMIT_MS);
limit.unref();

async function main() {
	const started = Date.now();
	log(`[soak] ${quick ? 'quick' : 'full'} size${faults ? ', under faults' : ''}: ${JSON.stringify(size)}`);
	let exitCode = 1;
	try {
		// what gets installed into n8n is dist/ (npm pack); --no-build keeps the one there
		if (!process.argv.includes('--no-build')) await (build as (options: object) => Promise<void>)({ log });
		// the webhook process on a core of its own, as in production (--shared-cores: wherever the OS puts it)
		const cpus = process.argv.includes('--shared-cores') ? undefined : cpuLayout();
		if (cpus) {
			pinThisProcess(cpus.rest);
			log(`[soak] the webhook process on core ${cpus.webhook}; this process, PostgreSQL, Redis, n8n main and workers on ${cpus.rest}`);
		}
		const result = await runSoak(size, teardown, {
			log,
			signal: controller.signal,
			faults,
			webhookCpus: cpus?.webhook,
		});
		for (const figure of result.figures) console.log(`BENCH ${JSON.stringify(figure)}`);
		for (const note of result.notes) log(`[soak] ${note}`);
		for (const failure of result.failures) console.error(`[soak] FAILED: ${failure}`);
		exitCode = result.failures.length ? 1 : 0;
	} catch (error) {
		if (!controller.signal.aborted) console.error(`[soak] ${(error as Error).stack ?? String(error)}`);
	} finally {
		if (!controller.signal.aborted) {
			log('[soak] stopping n8n, Redis, PostgreSQL and the sandboxes');
			await teardown.stopAll(STOP_TIMEOUT_MS, log);
			clearTimeout(limit);
			log(`[soak] ${exitCode === 0 ? 'passed' : 'failed'} in ${Math.round((Date.now() - started) / 1000)} s`);
			process.exit(exitCode);
		}
	}
}

void main();
