import { sleep } from 'n8n-workflow';

/** At most `limit` requests in any `periodMs` interval. */
export interface RateWindow {
	limit: number;
	periodMs: number;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Thrown when the next free slot is further away than the caller is willing to wait. */
export class RateBudgetExhaustedError extends Error {
	constructor(
		readonly window: RateWindow | undefined,
		readonly waitMs: number,
	) {
		super(
			window
				? `Request budget of ${window.limit} per ${describePeriod(window.periodMs)} is used up; the next request is possible in ${Math.ceil(waitMs / 1000)} s`
				: `The server asked to pause for ${Math.ceil(waitMs / 1000)} s`,
		);
	}
}

function describePeriod(ms: number): string {
	if (ms % DAY === 0) return ms === DAY ? 'day' : `${ms / DAY} days`;
	if (ms % HOUR === 0) return ms === HOUR ? 'hour' : `${ms / HOUR} hours`;
	if (ms % MINUTE === 0) return ms === MINUTE ? 'minute' : `${ms / MINUTE} minutes`;
	return `${ms / 1000} s`;
}

/**
 * Sliding-window pacer: grants request slots in FIFO order so that no window is ever exceeded.
 * Slots are reserved synchronously, so concurrent callers in one process never overrun a limit.
 * State is per process (n8n queue-mode workers do not share it); the server's 429 answers,
 * fed back through `pauseUntil`, cover what other processes spent.
 */
export class RateLimiter {
	private readonly granted: number[] = [];
	private blockedUntil = 0;
	private readonly longestPeriod: number;
	private readonly largestLimit: number;

	constructor(
		readonly windows: RateWindow[],
		private readonly clock: () => number = () => Date.now(),
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {
		this.longestPeriod = Math.max(0, ...windows.map((w) => w.periodMs));
		this.largestLimit = Math.max(0, ...windows.map((w) => w.limit));
	}

	/** Earliest time a new request may start, and the window that decides it. */
	nextSlot(now = this.clock()): { at: number; window?: RateWindow } {
		let at = Math.max(now, this.blockedUntil, this.granted[this.granted.length - 1] ?? 0);
		let decidedBy: RateWindow | undefined;
		for (const window of this.windows) {
			if (this.granted.length < window.limit) continue;
			const oldestInWindow = this.granted[this.granted.length - window.limit];
			if (oldestInWindow + window.periodMs > at) {
				at = oldestInWindow + window.periodMs;
				decidedBy = window;
			}
		}
		return { at, window: decidedBy };
	}

	/** Waits for and takes the next slot; refuses when that would mean waiting longer than `maxWaitMs`. */
	async acquire(maxWaitMs = Infinity): Promise<void> {
		const now = this.clock();
		const { at, window } = this.nextSlot(now);
		const waitMs = at - now;
		if (waitMs > maxWaitMs) throw new RateBudgetExhaustedError(window, waitMs);
		this.granted.push(at);
		this.prune(now);
		if (waitMs > 0) await this.wait(waitMs);
	}

	/**
	 * Takes a slot only if one is free right now, else says how long until one is — the view of a
	 * server enforcing the limit (the sandboxes use it).
	 */
	tryAcquire(): number {
		const now = this.clock();
		const { at } = this.nextSlot(now);
		if (at > now) return at - now;
		this.granted.push(now);
		this.prune(now);
		return 0;
	}

	/** Holds every further request until `until` (a server's Retry-After). */
	pauseUntil(until: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, until);
	}

	/** Requests granted within the last `periodMs` (for diagnostics and benchmarks). */
	grantedWithin(periodMs: number, now = this.clock()): number {
		return this.granted.filter((t) => t > now - periodMs && t <= now).length;
	}

	private prune(now: number): void {
		const excess = this.granted.length - this.largestLimit;
		let drop = 0;
		while (drop < excess && this.granted[drop] <= now - this.longestPeriod) drop++;
		if (drop > 0) this.granted.splice(0, drop);
	}
}

/**
 * A client's view of a server's limits: each window a little longer (1 %, at least 100 ms),
 * because a request counted here when its slot is granted reaches the server later, and the
 * server counts arrivals. Without the margin the first request of a window can arrive late
 * enough that the server sees one request too many in the next.
 */
export function clientWindows(windows: RateWindow[]): RateWindow[] {
	return windows.map((w) => ({ limit: w.limit, periodMs: w.periodMs + Math.max(100, Math.round(w.periodMs * 0.01)) }));
}

const limiters = new Map<string, RateLimiter>();

/**
 * One limiter per key (an API key or account) and per set of limits, shared by every node
 * and execution in this process that uses that key.
 */
export function sharedRateLimiter(key: string, windows: RateWindow[]): RateLimiter {
	const id = `${key}|${windows.map((w) => `${w.limit}/${w.periodMs}`).join(',')}`;
	let limiter = limiters.get(id);
	if (!limiter) {
		limiter = new RateLimiter(windows);
		limiters.set(id, limiter);
	}
	return limiter;
}
