import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

import { Faults, type FaultSettings, type InjectedReply } from './faults';
import { listenOnLoopback, type RunningServer } from './listen';
import type { TlsMaterial } from './tls';
import { type RecordedRequest, recordRequests } from './recorder';

/** Routes under this prefix control the sandbox; they skip auth, faults, limits and recording. */
export const ADMIN_PREFIX = '/__sandbox';

export interface SandboxControls {
	requests: RecordedRequest[];
	faults: Faults;
	/** back to the demo data, no faults, empty request log */
	reset(): Promise<void> | void;
	/** a summary of the sandbox's data for inspection */
	state(): unknown;
}

/** Requests the sandbox received (also those that never got a reply) and how many it held at once. */
export interface Traffic {
	received: number;
	inFlight: number;
	/** the most requests in flight at one moment since the start (or since a test set it back) */
	maxInFlight: number;
}

export interface Sandbox extends RunningServer, SandboxControls {
	/** the next requests get these replies, in order */
	injectReplies(...replies: InjectedReply[]): void;
	traffic: Traffic;
}

const trafficOf = new WeakMap<FastifyInstance, Traffic>();

export function isAdminRequest(request: FastifyRequest): boolean {
	return request.url.startsWith(ADMIN_PREFIX);
}

/**
 * A Fastify app with what every sandbox shares: the request log, fault knobs applied before
 * anything else, and the admin routes (`GET /__sandbox/requests`, `DELETE /__sandbox/requests`,
 * `GET|PUT /__sandbox/faults`, `POST /__sandbox/reset`, `GET /__sandbox/state`, `GET /__sandbox/traffic`).
 */
export function createSandboxApp(options: { tls?: TlsMaterial } = {}): {
	app: FastifyInstance;
	requests: RecordedRequest[];
	faults: Faults;
} {
	const app = (
		options.tls
			? Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024, https: options.tls })
			: Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 })
	) as FastifyInstance;
	const requests = recordRequests(app, (request) => !isAdminRequest(request));
	const faults = new Faults();
	const traffic: Traffic = { received: 0, inFlight: 0, maxInFlight: 0 };
	trafficOf.set(app, traffic);

	// first of all hooks, so requests that hang or get a canned reply count too
	app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
		if (isAdminRequest(request)) return;
		traffic.received++;
		traffic.inFlight++;
		traffic.maxInFlight = Math.max(traffic.maxInFlight, traffic.inFlight);
		let open = true;
		const settle = () => {
			if (open) traffic.inFlight--;
			open = false;
		};
		reply.raw.once('finish', settle);
		reply.raw.once('close', settle);
	});

	app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
		if (isAdminRequest(request)) return;
		const decision = faults.decide();
		if (decision.kind === 'hang') {
			// never answer; the socket closes when the client gives up or the server stops
			return await new Promise<never>((_resolve, reject) => {
				request.raw.on('close', () => reject(new Error('client gave up')));
			});
		}
		if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
		if (decision.kind === 'reply') {
			const { reply: canned } = decision;
			return reply
				.code(canned.status)
				.headers(canned.headers ?? {})
				.type(canned.contentType ?? 'application/json; charset=utf-8')
				.send(canned.body);
		}
	});
	return { app, requests, faults };
}

/** Adds the admin routes and starts listening on loopback. */
export async function startSandbox(app: FastifyInstance, controls: SandboxControls, port?: number): Promise<Sandbox> {
	app.get(`${ADMIN_PREFIX}/requests`, async () => controls.requests);
	app.delete(`${ADMIN_PREFIX}/requests`, async () => {
		controls.requests.length = 0;
		return { ok: true };
	});
	app.get(`${ADMIN_PREFIX}/faults`, async () => controls.faults.current);
	app.put(`${ADMIN_PREFIX}/faults`, async (request) => controls.faults.set(request.body as Partial<FaultSettings>));
	app.post(`${ADMIN_PREFIX}/faults/inject`, async (request) => {
		controls.faults.inject(...(request.body as InjectedReply[]));
		return { ok: true };
	});
	app.post(`${ADMIN_PREFIX}/reset`, async () => {
		await controls.reset();
		return { ok: true };
	});
	app.get(`${ADMIN_PREFIX}/state`, async () => controls.state());
	const traffic = trafficOf.get(app) ?? { received: 0, inFlight: 0, maxInFlight: 0 };
	app.get(`${ADMIN_PREFIX}/traffic`, async () => traffic);
	const server = await listenOnLoopback(app, port);
	return {
		...server,
		...controls,
		injectReplies: (...replies: InjectedReply[]) => controls.faults.inject(...replies),
		traffic,
	};
}
