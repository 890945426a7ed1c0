import { Server as TlsServer } from 'node:tls';

import type { FastifyInstance } from 'fastify';

export interface RunningServer {
	/** `http://127.0.0.1:<port>`, or `https://…` for a sandbox started with TLS */
	url: string;
	port: number;
	close(): Promise<void>;
}

/**
 * Listens on loopback only; port 0 picks a free one. The server is unref'd so a forgotten
 * sandbox never keeps a test process alive.
 */
export async function listenOnLoopback(app: FastifyInstance, port = 0): Promise<RunningServer> {
	await app.listen({ host: '127.0.0.1', port });
	app.server.unref();
	const address = app.server.address();
	const actualPort = typeof address === 'object' && address ? address.port : port;
	return {
		url: `${app.server instanceof TlsServer ? 'https' : 'http'}://127.0.0.1:${actualPort}`,
		port: actualPort,
		close: async () => {
			await app.close();
		},
	};
}
