/**
 * Fault knobs every sandbox shares: added latency, a share of 500/503 replies, requests that hang
 * until the client gives up, bursts of 429, and canned replies queued for the next requests.
 * Randomness is seeded, so a test with the same seed sees the same faults.
 */
import { seededRandom } from './random';

export interface FaultSettings {
	/** added to every reply, in milliseconds */
	latencyMs: number;
	/** share (0..1) of requests answered with `errorStatus` */
	errorRate: number;
	errorStatus: 500 | 502 | 503;
	/** share (0..1) of requests that never get an answer (the client times out) */
	timeoutRate: number;
	/** the next N requests are answered 429 with Retry-After `retryAfterS` */
	rateLimitBurst: number;
	retryAfterS: number;
	seed: number;
}

export const NO_FAULTS: FaultSettings = {
	latencyMs: 0,
	errorRate: 0,
	errorStatus: 503,
	timeoutRate: 0,
	rateLimitBurst: 0,
	retryAfterS: 1,
	seed: 1,
};

/** A canned reply served instead of the real one. */
export interface InjectedReply {
	status: number;
	headers?: Record<string, string>;
	body: string;
	contentType?: string;
}

/** What to do with one request. */
export type FaultDecision =
	| { kind: 'pass'; delayMs: number }
	| { kind: 'reply'; delayMs: number; reply: InjectedReply }
	| { kind: 'hang' };

export class Faults {
	private settings: FaultSettings = { ...NO_FAULTS };
	private random = seededRandom(NO_FAULTS.seed);
	private readonly queue: InjectedReply[] = [];

	get current(): FaultSettings {
		return { ...this.settings };
	}

	/** Changes some knobs; the rest stay. A new seed restarts the random sequence. */
	set(changes: Partial<FaultSettings>): FaultSettings {
		this.settings = { ...this.settings, ...changes };
		if (changes.seed !== undefined) this.random = seededRandom(changes.seed);
		return this.current;
	}

	reset(): void {
		this.settings = { ...NO_FAULTS };
		this.random = seededRandom(NO_FAULTS.seed);
		this.queue.length = 0;
	}

	inject(...replies: InjectedReply[]): void {
		this.queue.push(...replies);
	}

	decide(): FaultDecision {
		const { latencyMs } = this.settings;
		const queued = this.queue.shift();
		if (queued) return { kind: 'reply', delayMs: latencyMs, reply: queued };
		if (this.settings.rateLimitBurst > 0) {
			this.settings.rateLimitBurst--;
			return {
				kind: 'reply',
				delayMs: latencyMs,
				reply: {
					status: 429,
					headers: { 'Retry-After': String(this.settings.retryAfterS) },
					body: JSON.stringify({ message: 'Too Many Attempts.' }),
				},
			};
		}
		if (this.settings.timeoutRate > 0 && this.random() < this.settings.timeoutRate) return { kind: 'hang' };
		if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) {
			return {
				kind: 'reply',
				delayMs: latencyMs,
				reply: { status: this.settings.errorStatus, body: JSON.stringify({ message: 'Sandbox fault' }) },
			};
		}
		return { kind: 'pass', delayMs: latencyMs };
	}
}
