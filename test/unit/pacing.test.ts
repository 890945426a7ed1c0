import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

import {
	abortableSleep,
	clientWindows,
	DAY,
	HOUR,
	MINUTE,
	RateBudgetExhaustedError,
	RateLimiter,
	WaitCancelledError,
} from '../../nodes/common/pacing';
import { collectPages, partialItemsOf } from '../../nodes/common/pagination';
import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	isTransientNetworkError,
	parseRetryAfter,
} from '../../nodes/common/retry';

const PACKAGE_ROOT = resolve(__dirname, '../..');

/** A limiter on a virtual clock: waiting advances time instead of sleeping. */
function virtualLimiter(windows: ConstructorParameters<typeof RateLimiter>[0]) {
	const clock = { now: 0 };
	const limiter = new RateLimiter(
		windows,
		() => clock.now,
		async (ms) => {
			clock.now += ms;
		},
	);
	return { clock, limiter };
}

describe('RateLimiter', () => {
	it('grants SalesDrive list calls at 10 per minute, never more in any sliding minute', async () => {
		const { clock, limiter } = virtualLimiter([
			{ limit: 10, periodMs: MINUTE },
			{ limit: 100, periodMs: HOUR },
			{ limit: 1000, periodMs: DAY },
		]);
		const starts: number[] = [];
		for (let i = 0; i < 35; i++) {
			await limiter.acquire();
			starts.push(clock.now);
		}
		for (let i = 10; i < starts.length; i++) expect(starts[i] - starts[i - 10]).toBeGreaterThanOrEqual(MINUTE);
		// and no slower than needed: the 35th call starts exactly three minutes in
		expect(starts[34]).toBe(3 * MINUTE);
	});

	it('counts a request from its answer, so one that arrived late never crowds the next window', async () => {
		const { clock, limiter } = virtualLimiter([{ limit: 2, periodMs: MINUTE }]);
		// the first request reaches the server (and is answered) 20 s after its slot was granted
		// (a slow first connection), the others at once
		const arrivals: number[] = [];
		for (let i = 0; i < 6; i++) {
			const slot = await limiter.acquireSlot();
			clock.now += i === 0 ? 20_000 : 100;
			arrivals.push(clock.now);
			limiter.settle(slot);
		}
		// the server's view: never more than 2 arrivals in any minute
		for (let i = 2; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 2]).toBeGreaterThanOrEqual(MINUTE);
	});

	it('keeps the hourly window too', async () => {
		const { clock, limiter } = virtualLimiter([
			{ limit: 10, periodMs: MINUTE },
			{ limit: 100, periodMs: HOUR },
		]);
		for (let i = 0; i < 100; i++) await limiter.acquire();
		expect(clock.now).toBe(9 * MINUTE);
		await limiter.acquire();
		expect(clock.now).toBe(HOUR);
	});

	it('refuses to wait longer than allowed, naming the exhausted window', async () => {
		const { limiter } = virtualLimiter([{ limit: 2, periodMs: HOUR }]);
		await limiter.acquire();
		await limiter.acquire();
		await expect(limiter.acquire({ maxWaitMs: MINUTE })).rejects.toThrow(RateBudgetExhaustedError);
		await expect(limiter.acquire({ maxWaitMs: MINUTE })).rejects.toThrow(/2 per hour/);
	});

	it("names a client window by the service's period, not the widened one", () => {
		const [hourly] = clientWindows([{ limit: 100, periodMs: HOUR }]);
		expect(hourly.periodMs).toBeGreaterThan(HOUR);
		expect(new RateBudgetExhaustedError(hourly, 5000).message).toContain('100 per hour');
	});

	it('resolves with the time it waited', async () => {
		const { limiter } = virtualLimiter([{ limit: 1, periodMs: MINUTE }]);
		expect(await limiter.acquire()).toBe(0);
		expect(await limiter.acquire()).toBe(MINUTE);
	});

	it('gives the slot of a cancelled waiter back, so the next caller does not wait for it', async () => {
		// waits stay pending until the test lets them go or their signal aborts
		const waits: Array<{ ms: number; resolve: () => void }> = [];
		const limiter = new RateLimiter(
			[{ limit: 1, periodMs: MINUTE }],
			() => 0,
			(ms, signal) =>
				new Promise<void>((resolve, reject) => {
					waits.push({ ms, resolve });
					signal?.addEventListener('abort', () => reject(new WaitCancelledError()));
				}),
		);
		await limiter.acquire();
		const cancel = new AbortController();
		const cancelled = limiter.acquire({ signal: cancel.signal });
		expect(waits.map((w) => w.ms)).toEqual([MINUTE]);
		cancel.abort();
		await expect(cancelled).rejects.toThrow(WaitCancelledError);

		void limiter.acquire();
		// the next caller takes the freed slot at one minute, not the one after it at two
		expect(waits.map((w) => w.ms)).toEqual([MINUTE, MINUTE]);
		// a caller whose execution is already cancelled takes nothing
		await expect(limiter.acquire({ signal: cancel.signal })).rejects.toThrow(WaitCancelledError);
		expect(limiter.nextSlot(0).at).toBe(2 * MINUTE);
	});

	it('ends a sleep when its signal aborts', async () => {
		const cancel = new AbortController();
		const sleeping = abortableSleep(50, cancel.signal);
		cancel.abort();
		await expect(sleeping).rejects.toThrow(WaitCancelledError);
		await expect(abortableSleep(50, cancel.signal)).rejects.toThrow(WaitCancelledError);
	});

	it('keeps the process alive while a cancellable wait lasts (a paced list must not end a script mid-way)', () => {
		// a process with nothing else pending: it must wake and print, not exit silently
		const script = `require('./nodes/common/pacing').abortableSleep(1500, new AbortController().signal).then(() => console.log('woke'))`;
		const child = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
		expect(child.stderr).toBe('');
		expect(child.stdout.trim()).toBe('woke');
	});

	it('serves concurrent callers in order without overrunning the limit', async () => {
		// the clock stands still: every caller reserves its slot at once and waits until it
		const starts: number[] = [];
		const limiter = new RateLimiter(
			[{ limit: 60, periodMs: MINUTE }],
			() => 0,
			async (ms) => {
				starts.push(ms);
			},
		);
		await Promise.all(Array.from({ length: 150 }, () => limiter.acquire()));
		expect(starts).toHaveLength(150 - 60); // the first 60 start without waiting
		const all = [...Array(60).fill(0), ...starts];
		for (let i = 60; i < all.length; i++) expect(all[i] - all[i - 60]).toBeGreaterThanOrEqual(MINUTE);
		expect(all[149]).toBe(2 * MINUTE);
	});

	it('holds everything after a server-requested pause', async () => {
		const { clock, limiter } = virtualLimiter([{ limit: 60, periodMs: MINUTE }]);
		limiter.pauseUntil(5000);
		await limiter.acquire();
		expect(clock.now).toBe(5000);
	});
});

describe('retry rules', () => {
	it('reads Retry-After as seconds or a date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(['2'])).toBe(2000);
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
		expect(backoffDelay(1, policy, () => 0)).toBe(500);
		expect(backoffDelay(1, policy, () => 1)).toBe(1000);
		expect(backoffDelay(3, policy, () => 1)).toBe(4000);
		expect(backoffDelay(10, policy, () => 1)).toBe(8000);
	});

	it('retries 429 and 5xx but not client errors or 501', () => {
		expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 404, 422, 501].some(isRetryableStatus)).toBe(false);
	});

	it('recognises transient network failures', () => {
		expect(isTransientNetworkError({ code: 'ECONNRESET' })).toBe(true);
		expect(isTransientNetworkError({ cause: { code: 'ETIMEDOUT' } })).toBe(true);
		expect(isTransientNetworkError({ message: 'timeout of 60000ms exceeded' })).toBe(true);
		expect(isTransientNetworkError({ code: 'ENOTFOUND' })).toBe(false);
	});
});

describe('collectPages', () => {
	const pages = (sizes: number[]) => async (page: number) => ({
		items: Array.from({ length: sizes[page - 1] ?? 0 }, (_, i) => `${page}.${i}`),
		next: page < sizes.length ? page + 1 : undefined,
	});

	it('reads every page when no limit is set', async () => {
		expect(await collectPages(1, pages([100, 100, 37]))).toHaveLength(237);
	});

	it('stops at the limit without fetching further pages', async () => {
		const fetched: number[] = [];
		const fetchPage = pages([50, 50, 50]);
		const items = await collectPages(
			1,
			async (page: number) => {
				fetched.push(page);
				return await fetchPage(page);
			},
			60,
		);
		expect(items).toHaveLength(60);
		expect(fetched).toEqual([1, 2]);
	});

	it('hands the items read so far to a failure part-way', async () => {
		const failure = await collectPages(1, async (page: number) => {
			if (page === 3) throw new Error('connection reset');
			return { items: [`${page}.a`, `${page}.b`], next: page + 1 };
		}).catch((error: unknown) => error);
		expect((failure as Error).message).toBe('connection reset');
		expect(partialItemsOf(failure)).toEqual(['1.a', '1.b', '2.a', '2.b']);
	});

	it('stops on an empty page even if the service claims more', async () => {
		expect(await collectPages(1, async (page: number) => ({ items: page === 1 ? ['a'] : [], next: page + 1 }))).toEqual(
			['a'],
		);
	});
});
