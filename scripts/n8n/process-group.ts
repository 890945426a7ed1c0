/**
 * Stopping an n8n process started detached, in its own process group (n8n and the task runner it
 * starts): SIGTERM to n8n first so it shuts down in order, SIGKILL to the whole group after a
 * grace period, and always to the group once n8n is gone (a task runner may be left behind).
 */
import type { ChildProcess } from 'node:child_process';

/** Sends `signal` to the process group led by `pid`; a group that is gone already is fine. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// the group is gone already
	}
}

/** A stop() that does the above once, however often it is called; resolves when the group is gone. */
export function groupStopper(
	child: ChildProcess,
	exited: Promise<unknown>,
	hasExited: () => boolean,
	graceMs: number,
): () => Promise<void> {
	const pid = child.pid as number;
	let stopping: Promise<void> | undefined;
	return async () => {
		stopping ??= (async () => {
			if (!hasExited()) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killProcessGroup(pid, 'SIGKILL');
		})();
		await stopping;
	};
}
