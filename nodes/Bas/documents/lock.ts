/**
 * One upsert at a time per key in this n8n process: executions that upsert the same external id
 * at the same moment (a webhook delivered twice, twenty executions started together) queue here,
 * so the second one finds what the first created instead of creating its own. Module level, like
 * the publication's request semaphore (nodes/common/concurrency.ts), because every execution of
 * the process loads this module once. It does not reach other processes: see ./guard.ts for
 * queue mode.
 */

/** key → the promise that settles when the last queued holder is done */
const tails = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task with the same key has ended; the place is given back however it ends. */
export async function withKeyLock<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	let release!: () => void;
	const mine = new Promise<void>((resolve) => {
		release = resolve;
	});
	const tail = previous.then(async () => await mine);
	tails.set(key, tail);
	try {
		await previous;
		return await task();
	} finally {
		release();
		// the last holder leaves no entry behind, so the map holds only keys in use
		if (tails.get(key) === tail) tails.delete(key);
	}
}

/** Keys queued or held right now (for tests: nothing stays locked after a run). */
export function lockedKeys(): string[] {
	return [...tails.keys()];
}
