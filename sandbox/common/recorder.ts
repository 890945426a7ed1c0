import type { FastifyInstance, FastifyRequest } from 'fastify';

/** One request as a sandbox saw it: for assertions and request counting in tests and benchmarks. */
export interface RecordedRequest {
	at: number;
	method: string;
	/** path and query, percent-decoded (Cyrillic readable) */
	url: string;
	/** the authenticated user or key holder, when there was one */
	principal?: string;
	status?: number;
}

/** Records every request the server answers (that `include` accepts), with the status it got. */
export function recordRequests(
	app: FastifyInstance,
	include: (request: FastifyRequest) => boolean = () => true,
): RecordedRequest[] {
	const requests: RecordedRequest[] = [];
	app.addHook('onResponse', async (request, reply) => {
		if (!include(request)) return;
		let url = request.url;
		try {
			url = decodeURIComponent(url);
		} catch {
			// keep the raw form when it is not valid percent-encoding
		}
		requests.push({
			at: Date.now(),
			method: request.method,
			url,
			principal: (request as { principal?: string }).principal,
			status: reply.statusCode,
		});
	});
	return requests;
}
