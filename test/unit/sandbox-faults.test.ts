import { Faults } from '../../sandbox/common/faults';
import { ServerLimits } from '../../sandbox/common/limits';

describe('sandbox fault knobs', () => {
	it('answers a seeded share of requests with the chosen error, the same for the same seed', () => {
		const run = () => {
			const faults = new Faults();
			faults.set({ errorRate: 0.25, errorStatus: 500, seed: 42 });
			return Array.from({ length: 400 }, () => faults.decide()).map((d) => (d.kind === 'reply' ? d.reply.status : 0));
		};
		const first = run();
		expect(run()).toEqual(first);
		const errors = first.filter((status) => status === 500).length;
		expect(errors).toBeGreaterThan(60);
		expect(errors).toBeLessThan(140);
	});

	it('serves a burst of 429 with Retry-After, then lets requests through', () => {
		const faults = new Faults();
		faults.set({ rateLimitBurst: 2, retryAfterS: 3 });
		const decisions = [faults.decide(), faults.decide(), faults.decide()];
		expect(decisions.map((d) => (d.kind === 'reply' ? d.reply.status : d.kind))).toEqual([429, 429, 'pass']);
		expect(decisions[0].kind === 'reply' && decisions[0].reply.headers).toEqual({ 'Retry-After': '3' });
	});

	it('hangs a share of requests and adds latency to the rest; injected replies come first', () => {
		const faults = new Faults();
		faults.set({ timeoutRate: 1 });
		expect(faults.decide().kind).toBe('hang');
		faults.set({ timeoutRate: 0, latencyMs: 150 });
		faults.inject({ status: 503, body: '' });
		expect(faults.decide()).toMatchObject({ kind: 'reply', delayMs: 150, reply: { status: 503 } });
		expect(faults.decide()).toEqual({ kind: 'pass', delayMs: 150 });
		faults.reset();
		expect(faults.decide()).toEqual({ kind: 'pass', delayMs: 0 });
	});
});

describe('server-side limits (counted by the sandbox, by arrival)', () => {
	it('accepts exactly `limit` requests in a window and refuses the next, saying when one is possible', () => {
		const limits = new ServerLimits([{ limit: 10, periodMs: 60_000 }], 1);
		const decisions = Array.from({ length: 11 }, (_, i) => limits.admit(1_000 + i));
		expect(decisions.filter((d) => d.accepted)).toHaveLength(10);
		expect(decisions[10]).toEqual({
			accepted: false,
			retryAfterMs: 60_000 - 10, // the first, at 1000, leaves the window at 61000
			window: { limit: 10, periodMs: 60_000 },
		});
		expect(limits.count(0, 1_010)).toBe(10);
	});

	it('refuses a request arriving one millisecond early: no grace, no margin', () => {
		const limits = new ServerLimits([{ limit: 2, periodMs: 1_000 }], 1);
		expect(limits.admit(0).accepted).toBe(true);
		expect(limits.admit(500).accepted).toBe(true);
		expect(limits.admit(999)).toMatchObject({ accepted: false, retryAfterMs: 1 });
		// the window ending at 1000 no longer holds the request of 0
		expect(limits.admit(1_000).accepted).toBe(true);
		expect(limits.admit(1_499).accepted).toBe(false);
		expect(limits.admit(1_500).accepted).toBe(true);
	});

	it('does not count refused requests', () => {
		const limits = new ServerLimits([{ limit: 1, periodMs: 1_000 }], 1);
		expect(limits.admit(0).accepted).toBe(true);
		for (let t = 100; t < 1_000; t += 100) expect(limits.admit(t).accepted).toBe(false);
		expect(limits.admit(1_000).accepted).toBe(true);
		expect(limits.peakCounts()).toEqual([{ limit: 1, periodMs: 1_000, peak: 1 }]);
	});

	it('enforces every window: the hourly limit refuses what the per-minute one would allow', () => {
		const limits = new ServerLimits(
			[
				{ limit: 10, periodMs: 60_000 },
				{ limit: 100, periodMs: 3_600_000 },
			],
			1,
		);
		let accepted = 0;
		for (let minute = 0; minute < 11; minute++) {
			for (let i = 0; i < 10; i++) if (limits.admit(minute * 60_000 + i).accepted) accepted++;
		}
		expect(accepted).toBe(100);
		const refusal = limits.admit(11 * 60_000);
		expect(refusal).toMatchObject({ accepted: false, window: { limit: 100, periodMs: 3_600_000 } });
		expect(limits.peakCounts().map((w) => w.peak)).toEqual([10, 100]);
	});

	it('judges a request decided after a later arrival by every window it falls in', () => {
		const limits = new ServerLimits([{ limit: 2, periodMs: 1_000 }], 1);
		expect(limits.admit(0).accepted).toBe(true);
		expect(limits.admit(900).accepted).toBe(true);
		// arrived at 500, decided last: the window ending at 900 would hold three
		expect(limits.admit(500).accepted).toBe(false);
	});

	it('shortens the windows by the time scale and forgets past requests when it changes', () => {
		const limits = new ServerLimits([{ limit: 1, periodMs: 60_000 }], 20);
		expect(limits.admit(0).accepted).toBe(true);
		expect(limits.admit(2_999)).toMatchObject({ accepted: false, retryAfterMs: 1 });
		expect(limits.admit(3_000).accepted).toBe(true);
		limits.setTimeScale(1);
		expect(limits.admit(3_001).accepted).toBe(true);
		expect(limits.admit(3_002).accepted).toBe(false);
	});
});
