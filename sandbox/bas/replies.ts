/**
 * How the sandbox answers, as 1C does: Atom XML unless the client asks for JSON with `$format`
 * (`json`, `application/json;odata=nometadata`, …) or an `Accept: application/json` header; with
 * JSON, 1C's envelope (`odata.metadata`, `value`, `odata.count` as a string) and typed values.
 * Errors follow the same choice: `odata.error` in JSON, `<m:error>` in XML.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import {
	ATOM_ENTRY_TYPE,
	ATOM_FEED_TYPE,
	ATOM_SERVICE_TYPE,
	atomCollection,
	atomEntry,
	atomError,
	atomFeed,
	atomService,
	XML_TYPE,
} from './atom';
import { ODataError } from './errors';
import { jsonEntity, type MetadataLevel } from './json';
import { ODataQueryError } from './query';
import type { WireShape } from './shapes';
import type { Entity } from './store';

export const JSON_TYPE = 'application/json;charset=utf-8';

export type Representation = { kind: 'json'; metadata: MetadataLevel } | { kind: 'atom' };

const METADATA_LEVELS: Record<string, MetadataLevel> = {
	minimalmetadata: 'minimal',
	nometadata: 'none',
	fullmetadata: 'full',
};

/** `application/json;odata=nometadata` → JSON without metadata; undefined when not a JSON type. */
function jsonMediaType(text: string): Representation | 'invalid' | undefined {
	const [type, ...parameters] = text.split(';').map((part) => part.trim().toLowerCase());
	if (type !== 'json' && type !== 'application/json') return undefined;
	const odata = parameters.find((parameter) => parameter.startsWith('odata='))?.slice('odata='.length);
	if (odata === undefined) return { kind: 'json', metadata: 'minimal' };
	const metadata = METADATA_LEVELS[odata];
	return metadata ? { kind: 'json', metadata } : 'invalid';
}

const ATOM_FORMATS = new Set(['atom', 'xml', 'application/atom+xml', 'application/xml']);

/** The representation a request asks for; `$format` wins over `Accept`. Unknown `$format` is error 3. */
export function representationOf(request: FastifyRequest): Representation {
	const format = (request.query as Record<string, unknown>).$format;
	if (typeof format === 'string') {
		const json = jsonMediaType(format);
		if (json && json !== 'invalid') return json;
		if (!json && ATOM_FORMATS.has(format.split(';')[0].trim().toLowerCase())) return { kind: 'atom' };
		throw new ODataError(400, '3', `Представление не поддерживается: ${format}`);
	}
	// only an Accept that asks for JSON alone: a catch-all list such as axios's default
	// `application/json, text/plain, */*` gets the default, so a client forgetting $format notices
	// (UNCERTAIN how 1C weighs such lists; a client sending $format=json is right either way)
	const ranges = String(request.headers.accept ?? '')
		.split(',')
		.filter((range) => range.trim() !== '')
		.map(jsonMediaType);
	if (ranges.length === 0 || ranges.some((range) => range === undefined)) return { kind: 'atom' };
	const [first] = ranges;
	return first === 'invalid' || first === undefined ? { kind: 'json', metadata: 'minimal' } : first;
}

/** What one reply needs: the service root for addresses and the chosen representation. */
export interface Responder {
	request: FastifyRequest;
	reply: FastifyReply;
	/** `http://host/base/odata/standard.odata` */
	root: string;
	representation: Representation;
}

function metadataUrl(responder: Responder, fragment: string): Entity {
	const { representation } = responder;
	return representation.kind === 'json' && representation.metadata !== 'none'
		? { 'odata.metadata': `${responder.root}/$metadata${fragment}` }
		: {};
}

/** One entity (`…/@Element`): GET by key, navigation, POST and PATCH replies. */
export function sendEntity(
	responder: Responder,
	entity: Entity,
	shape: WireShape,
	options: { set: string; path?: string; status?: number },
) {
	const { reply, representation } = responder;
	reply.code(options.status ?? 200);
	if (representation.kind === 'atom') {
		return reply.type(ATOM_ENTRY_TYPE).send(atomEntry(responder.root, entity, shape, options.path));
	}
	return reply.type(JSON_TYPE).send({
		...metadataUrl(responder, `#${options.set}/@Element`),
		...jsonEntity(entity, shape, representation.metadata, options.path),
	});
}

export interface ListReply {
	/** `Catalog_X`, or the result type of a virtual table (`…_Balance`) */
	name: string;
	rows: Entity[];
	/** addresses of the rows taken before `$select` (which may drop the key) */
	paths?: Array<string | undefined>;
	count?: number;
	/** virtual tables return complex-type rows: no feed in Atom, but a `<d:element>` collection */
	complex?: { functionName: string };
}

export function sendList(responder: Responder, shape: WireShape, list: ListReply) {
	const { reply, representation } = responder;
	if (representation.kind === 'atom') {
		if (list.complex) return reply.type(XML_TYPE).send(atomCollection(list.complex.functionName, list.rows, shape));
		const rows = list.rows.map((entity, index) => ({ entity, path: list.paths?.[index] }));
		return reply.type(ATOM_FEED_TYPE).send(atomFeed(responder.root, list.name, rows, shape, list.count));
	}
	const body: Entity = metadataUrl(responder, `#${list.name}`);
	if (list.count !== undefined) body['odata.count'] = String(list.count);
	body.value = list.rows.map((row, index) => jsonEntity(row, shape, representation.metadata, list.paths?.[index]));
	return reply.type(JSON_TYPE).send(body);
}

export function sendServiceDocument(responder: Responder, sets: string[]) {
	const { reply, representation } = responder;
	if (representation.kind === 'atom') return reply.type(ATOM_SERVICE_TYPE).send(atomService(responder.root, sets));
	return reply
		.type(JSON_TYPE)
		.send({ ...metadataUrl(responder, ''), value: sets.map((name) => ({ name, url: name })) });
}

function asODataError(error: unknown): ODataError {
	if (error instanceof ODataError) return error;
	if (error instanceof ODataQueryError) return new ODataError(400, String(error.code), error.message);
	// Fastify's own refusals (an unsupported body type, a body too large) are request-format errors
	const status = (error as { statusCode?: number }).statusCode;
	if (status !== undefined && status >= 400 && status < 500)
		return new ODataError(status, '2', (error as Error).message);
	return new ODataError(500, '-1', (error as Error).message);
}

/** An error in the representation the request asked for (XML when it asked for nothing valid). */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
	const e = asODataError(error);
	let representation: Representation = { kind: 'atom' };
	try {
		representation = representationOf(request);
	} catch {
		// a bad $format is answered in the default representation
	}
	reply.code(e.status);
	if (representation.kind === 'atom') return reply.type(XML_TYPE).send(atomError(e.code, e.message));
	return reply.type(JSON_TYPE).send({ 'odata.error': { code: e.code, message: { lang: 'ru', value: e.message } } });
}
