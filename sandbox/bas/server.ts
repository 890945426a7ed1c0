/**
 * Local stand-in for a BAS publication speaking 1C's standard OData dialect: the service
 * document, `$metadata`, UTF-8 Basic auth. Reads and writes of objects come with the sandbox's
 * data model; this is the part every BAS node starts from.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import { createSandboxApp, isAdminRequest, type Sandbox, startSandbox } from '../common/app';

export interface BasUser {
	name: string;
	password: string;
}

export interface BasSandboxOptions {
	port?: number;
	/** the publication's path, e.g. `demo` → `http://127.0.0.1:<port>/demo` */
	publication?: string;
	users?: BasUser[];
	/** the EDMX served as `$metadata`; the service document lists its entity sets */
	edmx: string;
}

export interface BasSandbox extends Sandbox {
	/** the address a user puts into the credentials (before /odata/standard.odata) */
	publicationUrl: string;
	users: BasUser[];
}

export const DEFAULT_BAS_USERS: BasUser[] = [{ name: 'Адміністратор', password: 'пароль' }];

const ODATA = '/odata/standard.odata';

function odataError(reply: FastifyReply, status: number, code: number, message: string) {
	return reply
		.code(status)
		.type('application/json;charset=utf-8')
		.send({ 'odata.error': { code: String(code), message: { lang: 'ru', value: message } } });
}

/** The user from a Basic header, decoded as UTF-8 the way 1C does. */
function basicUser(request: FastifyRequest, users: BasUser[]): string | undefined {
	const header = request.headers.authorization ?? '';
	const match = /^Basic\s+(.+)$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const name = decoded.slice(0, colon);
	const password = decoded.slice(colon + 1);
	return users.find((user) => user.name === name && user.password === password)?.name;
}

export async function startBasSandbox(options: BasSandboxOptions): Promise<BasSandbox> {
	const publication = `/${(options.publication ?? 'demo').replace(/^\/+|\/+$/g, '')}`;
	const users = options.users ?? DEFAULT_BAS_USERS;
	const model = parseMetadata(options.edmx);
	const { app, requests, faults } = createSandboxApp();

	app.addHook('onRequest', async (request, reply) => {
		if (isAdminRequest(request)) return;
		const principal = basicUser(request, users);
		if (!principal) {
			return reply
				.code(401)
				.header('WWW-Authenticate', 'Basic realm="1C:Enterprise"')
				.type('text/html')
				.send('<html><body>401 Unauthorized</body></html>');
		}
		(request as { principal?: string }).principal = principal;
	});

	const root = `${publication}${ODATA}`;
	const serviceDocument = async (request: FastifyRequest, reply: FastifyReply) => {
		const base = `http://${request.headers.host}${root}`;
		const value = Object.keys(model.entitySets).map((name) => ({ name, url: name }));
		return reply.type('application/json;charset=utf-8').send({ 'odata.metadata': `${base}/$metadata`, value });
	};
	app.get(root, serviceDocument);
	app.get(`${root}/`, serviceDocument);
	app.get(`${root}/$metadata`, async (_request, reply) => reply.type('application/xml;charset=utf-8').send(options.edmx));
	app.all(`${root}/*`, async (_request, reply) => odataError(reply, 404, 6, 'Неправильный адрес ресурса'));

	const sandbox = await startSandbox(app, {
		requests,
		faults,
		reset: () => {
			requests.length = 0;
			faults.reset();
		},
		state: () => ({ entitySets: Object.keys(model.entitySets).length }),
	});
	return { ...sandbox, publicationUrl: `${sandbox.url}${publication}`, users };
}
