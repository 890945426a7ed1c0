/**
 * A service's request limits as the service counts them: a plain sliding window over the
 * ARRIVAL times of the requests it accepted. A request is refused when a window ending at its
 * arrival already holds `limit` accepted requests — no grace, no margin; a request that comes
 * a millisecond early is refused like one that comes a minute early. Refused requests do not
 * count. This is deliberately independent of the client's pacer (nodes/common/pacing.ts): the
 * sandbox must catch a client that paces wrongly, not share its arithmetic.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** At most `limit` accepted requests in any `periodMs` interval. */
export interface LimitWindow {
	limit: number;
	periodMs: number;
}

export type Admission =
	| { accepted: true }
	/** `retryAfterMs`: how long until the window that refused frees a place */
	| { accepted: false; retryAfterMs: number; window: LimitWindow };

/**
 * `timeScale` shortens the windows (10 per minute at scale 10 becomes 10 per 6 s) so paced runs
 * finish quickly in tests and quick benchmarks; a client keeps up by pacing with the same scale.
 */
export class ServerLimits {
	/** arrival times of accepted requests, ascending, as far back as the longest window */
	private accepted: number[] = [];
	/** the most accepted requests any window (by index) ever held */
	private peaks: number[];

	constructor(
		private readonly windows: LimitWindow[],
		private scale = 1,
	) {
		this.peaks = windows.map(() => 0);
	}

	get timeScale(): number {
		return this.scale;
	}

	/** The windows as they are enforced now (periods divided by the time scale). */
	get scaledWindows(): LimitWindow[] {
		return this.windows.map((w) => ({ limit: w.limit, periodMs: w.periodMs / this.scale }));
	}

	/** Changes the scale and forgets past requests. */
	setTimeScale(scale: number): void {
		this.scale = scale;
		this.reset();
	}

	reset(): void {
		this.accepted = [];
		this.peaks = this.windows.map(() => 0);
	}

	/**
	 * Decides a request that arrived at `arrivedAt` and counts it when accepted. Requests are
	 * normally decided in arrival order; one decided late (behind a slower request) is still
	 * judged by every window it falls in, so no window ever holds more than its limit.
	 */
	admit(arrivedAt: number = Date.now()): Admission {
		for (const window of this.scaledWindows) {
			const refusal = this.refusalBy(window, arrivedAt);
			if (refusal !== undefined) return { accepted: false, retryAfterMs: refusal, window };
		}
		let index = this.accepted.length;
		while (index > 0 && this.accepted[index - 1] > arrivedAt) index--;
		this.accepted.splice(index, 0, arrivedAt);
		this.scaledWindows.forEach((window, i) => {
			this.peaks[i] = Math.max(this.peaks[i], this.countIn(window.periodMs, arrivedAt));
		});
		this.prune(arrivedAt);
		return { accepted: true };
	}

	/** Accepted requests in the window of the `index`-th limit ending at `at` (default: now). */
	count(index = 0, at: number = Date.now()): number {
		return this.countIn(this.scaledWindows[index].periodMs, at);
	}

	/** Per limit, the most accepted requests one of its windows ever held (never above the limit). */
	peakCounts(): Array<LimitWindow & { peak: number }> {
		return this.scaledWindows.map((window, i) => ({ ...window, peak: this.peaks[i] }));
	}

	/** Accepted requests in (end - periodMs, end]. */
	private countIn(periodMs: number, end: number): number {
		let count = 0;
		for (const at of this.accepted) if (at > end - periodMs && at <= end) count++;
		return count;
	}

	/**
	 * Milliseconds until `window` has room for a request arriving at `at`, or undefined when it
	 * has room now: the window ending at `at`, and those ending at later accepted arrivals that
	 * `at` would also fall into, must each hold fewer than `limit`.
	 */
	private refusalBy(window: LimitWindow, at: number): number | undefined {
		const ends = [at, ...this.accepted.filter((t) => t > at && t < at + window.periodMs)];
		for (const end of ends) {
			const inWindow = this.accepted.filter((t) => t > end - window.periodMs && t <= end);
			if (inWindow.length < window.limit) continue;
			// the window frees a place when its oldest request (beyond the limit's worth) falls out
			const freeing = inWindow[inWindow.length - window.limit];
			return Math.max(1, freeing + window.periodMs - at);
		}
		return undefined;
	}

	private prune(now: number): void {
		const longest = Math.max(0, ...this.scaledWindows.map((w) => w.periodMs));
		const keepFrom = this.accepted.findIndex((t) => t > now - longest);
		if (keepFrom > 0) this.accepted.splice(0, keepFrom);
		else if (keepFrom === -1) this.accepted = [];
	}
}
