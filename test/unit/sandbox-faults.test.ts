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

describe('server-side limits', () => {
	it('refuses the 11th list call within a window and says when the next is possible', () => {
		const limits = new ServerLimits([{ limit: 10, periodMs: 60_000 }], 1);
		for (let i = 0; i < 10; i++) expect(limits.take()).toBe(0);
		const wait = limits.take();
		expect(wait).toBeGreaterThan(59_000);
		expect(wait).toBeLessThanOrEqual(60_000);
	});

	it('shortens the window by the time scale', () => {
		const limits = new ServerLimits([{ limit: 1, periodMs: 60_000 }], 20);
		expect(limits.take()).toBe(0);
		expect(limits.take()).toBeLessThanOrEqual(3_000);
	});
});
