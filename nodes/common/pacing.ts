import { sleep } from 'n8n-workflow';

/** At most `limit` requests in any `periodMs` interval. */
export interface RateWindow {
	limit: number;
	periodMs: number;
	/** the service's own period when `periodMs` was widened for safety (see clientWindows), for messages */
	nominalPeriodMs?: number;
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
				? `Request budget of ${describeWindow(window)} is used up; the next request is possible in ${Math.ceil(waitMs / 1000)} s`
				: `The server asked to pause for ${Math.ceil(waitMs / 1000)} s`,
		);
	}
}

/** Thrown by a wait that ended because its signal was aborted (the execution was cancelled). */
export class WaitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
	}
}

/** "100 per hour" */
export function describeWindow(window: RateWindow): string {
	return `${window.limit} per ${describePeriod(window.nominalPeriodMs ?? window.periodMs)}`;
}

function describePeriod(ms: number): string {
	if (ms % DAY === 0) return ms === DAY ? 'day' : `${ms / DAY} days`;
	if (ms % HOUR === 0) return ms === HOUR ? 'hour' : `${ms / HOUR} hours`;
	if (ms % MINUTE === 0) return ms === MINUTE ? 'minute' : `${ms / MINUTE} minutes`;
	return `${ms / 1000} s`;
}

/** Longest stretch a pending wait keeps a ref'd timer; bounds what lingers after a cancel. */
const KEEP_ALIVE_STEP_MS = 1000;

/**
 * Sleeps `ms`, or rejects with WaitCancelledError as soon as `signal` aborts. The exact timer is
 * AbortSignal.timeout's, which can be cancelled but does not hold the process open, so short
 * n8n-workflow sleeps run beside it while the wait lasts: a paced Return All must not let a script
 * end mid-list, and a cancelled wait of an hour leaves at most one second of timer behind
 * (n8n-workflow's `sleep` alone cannot be cancelled, and node timers are off limits in nodes).
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (!signal) return await sleep(ms);
	if (signal.aborted) throw new WaitCancelledError();
	const elapsed = AbortSignal.timeout(Math.max(0, ms));
	let settled = false;
	const keepAlive = async () => {
		while (!settled) await sleep(KEEP_ALIVE_STEP_MS);
	};
	void keepAlive();
	try {
		await new Promise<void>((resolve, reject) => {
			const settle = (cancelled: boolean) => () => {
				elapsed.removeEventListener('abort', onElapsed);
				signal.removeEventListener('abort', onCancelled);
				if (cancelled) reject(new WaitCancelledError());
				else resolve();
			};
			const onElapsed = settle(false);
			const onCancelled = settle(true);
			elapsed.addEventListener('abort', onElapsed, { once: true });
			signal.addEventListener('abort', onCancelled, { once: true });
		});
	} finally {
		settled = true;
	}
}

/**
 * How long a series of requests (one Return All) may spend waiting in total — for rate-limit
 * slots and for pauses a server asked for. Unlimited unless a cap is given.
 */
export class WaitBudget {
	private spentMs = 0;

	constructor(readonly totalMs = Infinity) {}

	get remainingMs(): number {
		return Math.max(0, this.totalMs - this.spentMs);
	}

	spend(ms: number): void {
		this.spentMs += Math.max(0, ms);
	}
}

/** A slot taken from a limiter: when it was granted, and how long the caller waited for it. */
export interface GrantedSlot {
	at: number;
	waitedMs: number;
}

export interface AcquireOptions {
	/** refuse (RateBudgetExhaustedError) rather than wait longer than this */
	maxWaitMs?: number;
	/** ends the wait (WaitCancelledError) and gives the reserved slot back */
	signal?: AbortSignal;
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
		private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
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

	/**
	 * Waits for and takes the next slot, resolving with how long it waited. Refuses when that
	 * would mean waiting longer than `maxWaitMs`. A wait cancelled through `signal` gives its
	 * slot back, so a cancelled execution spends none of the budget.
	 */
	async acquire(options: AcquireOptions = {}): Promise<number> {
		return (await this.acquireSlot(options)).waitedMs;
	}

	/** As `acquire`, also naming the slot taken, for `settle` once its request is answered. */
	async acquireSlot({ maxWaitMs = Infinity, signal }: AcquireOptions = {}): Promise<GrantedSlot> {
		if (signal?.aborted) throw new WaitCancelledError();
		const now = this.clock();
		const { at, window } = this.nextSlot(now);
		const waitMs = at - now;
		if (waitMs > maxWaitMs) throw new RateBudgetExhaustedError(window, waitMs);
		this.granted.push(at);
		this.prune(now);
		if (waitMs <= 0) return { at, waitedMs: 0 };
		// a wait ends early only when cancelled
		const cancelled = await this.wait(waitMs, signal).then(
			() => false,
			() => true,
		);
		if (cancelled) {
			this.release(at);
			throw new WaitCancelledError();
		}
		return { at, waitedMs: waitMs };
	}

	/**
	 * Moves a slot from when it was granted to when its request was answered. A server counts a
	 * request when it arrives, which can be well after the grant (a slow first connection, a
	 * loaded machine) but never after the answer; counting from the answer keeps every window
	 * the server sees within its limit, however late a request arrived.
	 */
	settle(slot: GrantedSlot, answeredAt = this.clock()): void {
		const index = this.granted.lastIndexOf(slot.at);
		if (index < 0 || answeredAt <= slot.at) return;
		this.granted.splice(index, 1);
		let insertAt = this.granted.length;
		while (insertAt > 0 && this.granted[insertAt - 1] > answeredAt) insertAt--;
		this.granted.splice(insertAt, 0, answeredAt);
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

	/** Gives back a slot that was reserved but not used; later slots keep their places. */
	private release(at: number): void {
		const index = this.granted.lastIndexOf(at);
		if (index >= 0) this.granted.splice(index, 1);
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
	return windows.map((w) => ({
		limit: w.limit,
		periodMs: w.periodMs + Math.max(100, Math.round(w.periodMs * 0.01)),
		nominalPeriodMs: w.nominalPeriodMs ?? w.periodMs,
	}));
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
