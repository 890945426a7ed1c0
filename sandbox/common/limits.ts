import { type RateWindow, RateLimiter } from '../../nodes/common/pacing';

/**
 * A service's request limits as the service enforces them. `timeScale` shortens the windows
 * (10 per minute at scale 10 becomes 10 per 6 s) so paced runs finish quickly in tests and
 * quick benchmarks; a client keeps up by pacing with the same scale.
 */
export class ServerLimits {
	private limiter: RateLimiter;

	constructor(
		private readonly windows: RateWindow[],
		private scale = 1,
	) {
		this.limiter = this.build();
	}

	private build(): RateLimiter {
		return new RateLimiter(this.windows.map((w) => ({ limit: w.limit, periodMs: w.periodMs / this.scale })));
	}

	get timeScale(): number {
		return this.scale;
	}

	/** Changes the scale and forgets past requests. */
	setTimeScale(scale: number): void {
		this.scale = scale;
		this.limiter = this.build();
	}

	reset(): void {
		this.limiter = this.build();
	}

	/** 0 when the request may go ahead (and is counted), else milliseconds until it may. */
	take(): number {
		return this.limiter.tryAcquire();
	}
}
