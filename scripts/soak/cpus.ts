/**
 * CPU placement for the intake figures. In a real queue-mode installation the webhook process
 * has a machine (or at least cores) of its own; on a small test machine the workers, PostgreSQL
 * and the sandboxes would otherwise take its CPU while it answers webhooks, and the intake rate
 * would measure them. With two or more cores and `taskset` (util-linux) at hand, the webhook
 * process gets core 0 and everything else the rest.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuLayout {
	/** the `taskset -c` list for the webhook process */
	webhook: string;
	/** the list for this process and everything it starts (inherited) */
	rest: string;
}

export function cpuLayout(): CpuLayout | undefined {
	const cores = availableParallelism();
	if (cores < 2 || spawnSync('taskset', ['--version']).status !== 0) return undefined;
	return { webhook: '0', rest: cores === 2 ? '1' : `1-${cores - 1}` };
}

/** Moves this process (all its threads) to `cpus`; children started later inherit it. */
export function pinThisProcess(cpus: string): void {
	execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}
