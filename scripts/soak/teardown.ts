/**
 * Everything a soak run started, to stop in reverse order at the end — also after a failure, a
 * Ctrl-C or the time limit — within a bounded time, and to kill at once when the process exits.
 */
export interface Stoppable {
	name: string;
	stop(): Promise<void>;
	/** synchronous last resort (process exit) */
	kill(): void;
}

export class Teardown {
	private readonly started: Stoppable[] = [];
	private stopping: Promise<void> | undefined;

	add(resource: Stoppable): void {
		this.started.push(resource);
	}

	/** Stops everything, newest first; what has not stopped within `timeoutMs` is killed. */
	async stopAll(timeoutMs = 60_000, log: (line: string) => void = () => undefined): Promise<void> {
		this.stopping ??= (async () => {
			const deadline = Date.now() + timeoutMs;
			for (const resource of [...this.started].reverse()) {
				const left = deadline - Date.now();
				let timer: NodeJS.Timeout | undefined;
				const timedOut = new Promise<'timeout'>((resolve) => {
					timer = setTimeout(() => resolve('timeout'), Math.max(left, 0));
				});
				const outcome = await Promise.race([
					resource.stop().then(
						() => 'stopped' as const,
						() => 'failed' as const,
					),
					timedOut,
				]);
				clearTimeout(timer);
				if (outcome !== 'stopped') {
					log(`[soak] ${resource.name}: ${outcome === 'timeout' ? 'did not stop in time' : 'stop failed'}, killed`);
					resource.kill();
				}
			}
		})();
		await this.stopping;
	}

	killAll(): void {
		for (const resource of [...this.started].reverse()) {
			try {
				resource.kill();
			} catch {
				// keep killing the rest
			}
		}
	}
}
