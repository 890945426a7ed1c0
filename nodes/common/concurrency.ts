/**
 * At most `limit` holders at a time; the others wait their turn in arrival order. A transport
 * holds one while a request is on the wire, so a server sees no more than `limit` requests at
 * once from this process, however many executions run.
 */
export class Semaphore {
	private held = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private limit: number) {
		this.limit = Math.max(1, Math.floor(limit));
	}

	/** A changed setting takes effect for the next waiters; holders keep what they have. */
	setLimit(limit: number): void {
		this.limit = Math.max(1, Math.floor(limit));
		this.grant();
	}

	/**
	 * Waits for a free place and returns its release; releasing twice is harmless. An aborted
	 * `signal` (a cancelled execution) stops the wait with the signal's reason.
	 */
	async acquire(signal?: AbortSignal): Promise<() => void> {
		signal?.throwIfAborted();
		if (this.held < this.limit && this.waiting.length === 0) {
			this.held++;
		} else {
			// grant() counts the place as held before waking the waiter
			await new Promise<void>((resolve, reject) => {
				const onAbort = () => {
					this.waiting.splice(this.waiting.indexOf(wake), 1);
					reject(signal?.reason);
				};
				const wake = () => {
					signal?.removeEventListener('abort', onAbort);
					resolve();
				};
				this.waiting.push(wake);
				signal?.addEventListener('abort', onAbort, { once: true });
			});
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.held--;
			this.grant();
		};
	}

	/** Runs `task` holding a place, which is given back however the task ends. */
	async use<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		const release = await this.acquire(signal);
		try {
			return await task();
		} finally {
			release();
		}
	}

	private grant(): void {
		while (this.held < this.limit && this.waiting.length > 0) {
			this.held++;
			this.waiting.shift()!();
		}
	}
}
