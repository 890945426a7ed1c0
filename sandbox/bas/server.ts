/**
 * Local stand-in for a BAS publication speaking 1C's standard OData dialect, for one
 * configuration profile (UNF, UT or BP structure): service document and `$metadata`, reads with
 * `$filter`/`$select`/`$orderby`/`$top`/`$skip`/`$inlinecount`/`$count`, writes with POST, PATCH
 * and DELETE, posting with real register movements, and the virtual tables Balance, Turnovers,
 * SliceLast and SliceFirst computed from them. UTF-8 Basic auth; 1C's error bodies.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { selfSignedCertificate } from '../common/tls';
import { createSandboxApp, isAdminRequest, type Sandbox, startSandbox } from '../common/app';
import { generateBase, type DemoOptions } from './demo';
import { renderEdmx } from './edmx';
import { ODataError, badRequest, notFound } from './errors';
import { postDocument, unpostDocument } from './posting';
import { applyQuery, createResolver, evaluateFilter, ODataQueryError, parseFilter, type QueryContext } from './query';
import { balance, RegisterRecords, slice, turnovers } from './registers';
import { dateParameter, keyGuid, parseResourcePath, type ResourcePath, stringParameter } from './resource';
import { LEDGER, ledgerBalance } from './accounting';
import { buildSchema, isReferenceKind, type ObjectDef, type ProfileId, type Schema } from './schema';
import { BasStore, EMPTY_REF, type Entity } from './store';

export interface BasUser {
	name: string;
	password: string;
}

export interface BasSandboxOptions {
	port?: number;
	/** configuration structure: UNF (BAS Small Business, default), UT (BAS UT / KUP / ERP) or BP (BAS Accounting) */
	profile?: ProfileId;
	/** the publication's path, e.g. `demo` → `http://127.0.0.1:<port>/demo` */
	publication?: string;
	users?: BasUser[];
	/** demo data size and seed; `{ items: 0 }` starts empty */
	demo?: DemoOptions;
	timeZone?: string;
	/** serve HTTPS with a fresh self-signed certificate, as a local BAS web server often does */
	https?: boolean;
}

export interface BasSandbox extends Sandbox {
	/** the address a user puts into the credentials (before /odata/standard.odata) */
	publicationUrl: string;
	users: BasUser[];
	profile: ProfileId;
	schema: Schema;
	store: BasStore;
	records: RegisterRecords;
	edmx: string;
}

export const DEFAULT_BAS_USERS: BasUser[] = [{ name: 'Адміністратор', password: 'пароль' }];

const ODATA = '/odata/standard.odata';
const JSON_TYPE = 'application/json;charset=utf-8';

/** The user from a Basic header, decoded as UTF-8 the way 1C does. */
function basicUser(request: FastifyRequest, users: BasUser[]): string | undefined {
	const match = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return users.find((user) => user.name === decoded.slice(0, colon) && user.password === decoded.slice(colon + 1))
		?.name;
}

function sendError(reply: FastifyReply, error: unknown) {
	if (error instanceof ODataQueryError) {
		return reply
			.code(400)
			.type(JSON_TYPE)
			.send({ 'odata.error': { code: String(error.code), message: { lang: 'ru', value: error.message } } });
	}
	const e = error instanceof ODataError ? error : new ODataError(500, '-1', (error as Error).message);
	return reply
		.code(e.status)
		.type(JSON_TYPE)
		.send({ 'odata.error': { code: e.code, message: { lang: 'ru', value: e.message } } });
}

type Query = Record<string, string | undefined>;

export async function startBasSandbox(options: BasSandboxOptions = {}): Promise<BasSandbox> {
	const profile = options.profile ?? 'unf';
	const publication = `/${(options.publication ?? 'demo').replace(/^\/+|\/+$/g, '')}`;
	const users = options.users ?? DEFAULT_BAS_USERS;
	const schema = buildSchema(profile);
	const edmx = renderEdmx(schema);
	const serviceSets = [...edmx.matchAll(/<EntitySet Name="([^"]+)"/g)].map((m) => m[1]);
	const records = new RegisterRecords();
	let store = new BasStore(schema, options.timeZone);
	const load = () => {
		store = new BasStore(schema, options.timeZone);
		records.reset();
		generateBase(store, records, options.demo);
	};
	load();

	const { app, requests, faults } = createSandboxApp({
		tls: options.https ? await selfSignedCertificate() : undefined,
	});
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
		try {
			done(null, body === '' ? {} : JSON.parse(body as string));
		} catch {
			done(badRequest('Неправильный формат тела запроса', '2'), undefined);
		}
	});

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
	const base = (request: FastifyRequest) => `http://${request.headers.host}${root}`;

	/** `Контрагент/Code`: a navigation step follows the `_Key` (or composite value) to the referenced object. */
	const context: QueryContext = {
		resolve: createResolver((owner, name) => {
			const key = owner[`${name}_Key`] ?? (typeof owner[`${name}_Type`] === 'string' ? owner[name] : undefined);
			if (key === undefined) return undefined;
			if (key === EMPTY_REF || key === '') return null;
			return store.byRef(String(key)) ?? null;
		}),
		resolveReference: (_type, key) => store.byRef(key),
	};

	const conditionOf = (raw: string | undefined) => {
		const text = stringParameter(raw);
		if (!text) return undefined;
		const node = parseFilter(text);
		return (record: Entity) => evaluateFilter(node, record, context);
	};

	const respondList = (
		request: FastifyRequest,
		reply: FastifyReply,
		rows: Entity[],
		typeName: string,
		object?: ObjectDef,
	) => {
		const query = request.query as Query;
		const result = applyQuery(
			rows,
			{
				filter: query.$filter,
				orderBy: query.$orderby,
				top: query.$top,
				skip: query.$skip,
				select: query.$select,
				inlineCount: query.$inlinecount,
				tabularSections: object ? Object.keys(object.tabularSections) : [],
			},
			context,
		);
		const body: Entity = { 'odata.metadata': `${base(request)}/$metadata#${typeName}` };
		if (result.count !== undefined) body['odata.count'] = String(result.count);
		body.value = result.rows;
		return reply.type(JSON_TYPE).send(body);
	};

	const rowsOf = (set: string): { rows: Entity[]; object?: ObjectDef } | undefined => {
		const object = schema.objects[set];
		if (isReferenceKind(object?.kind)) return { rows: store.list(set), object };
		if (object?.kind === 'InformationRegister') return { rows: store.infoRecords.get(set) ?? [], object };
		if (object?.kind === 'AccumulationRegister' || object?.kind === 'AccountingRegister') {
			// record sets by recorder
			const byRecorder = new Map<string, Entity[]>();
			for (const record of records.records(set)) {
				const list = byRecorder.get(String(record.Recorder)) ?? [];
				list.push(record);
				byRecorder.set(String(record.Recorder), list);
			}
			return {
				rows: [...byRecorder.entries()].map(([recorder, list]) => ({
					Recorder: recorder,
					Recorder_Type: list[0].Recorder_Type,
					RecordSet: list,
				})),
			};
		}
		if (set.endsWith('_RecordType')) {
			const register = set.slice(0, -'_RecordType'.length);
			const kind = schema.objects[register]?.kind;
			if (kind === 'AccumulationRegister' || kind === 'AccountingRegister')
				return { rows: records.records(register), object: schema.objects[register] };
		}
		// tabular-section rows as a set of their own: `Document_X_Товары`
		for (const [ownerSet, owner] of Object.entries(schema.objects)) {
			if (!set.startsWith(`${ownerSet}_`)) continue;
			const section = set.slice(ownerSet.length + 1);
			if (!owner.tabularSections[section]) continue;
			return {
				rows: store
					.list(ownerSet)
					.flatMap((entity) => (entity[section] as Entity[]).map((row) => ({ Ref_Key: entity.Ref_Key, ...row }))),
			};
		}
		return undefined;
	};

	const read = async (request: FastifyRequest, reply: FastifyReply, resource: ResourcePath) => {
		const query = request.query as Query;
		if (resource.action === 'Balance' && resource.set === LEDGER && schema.objects[LEDGER]) {
			const parameters = { ...resource.parameters, ...pick(query, ['Period', 'AccountCondition', 'Condition']) };
			const account = conditionOf(parameters.AccountCondition);
			const condition = conditionOf(parameters.Condition);
			const rows = ledgerBalance(records.records(LEDGER), {
				period: dateParameter(parameters.Period),
				keep: (row) => (!account || account(row)) && (!condition || condition(row)),
			});
			return respondList(request, reply, rows, `${LEDGER}_Balance`);
		}
		if (resource.action === 'Balance' || resource.action === 'Turnovers') {
			const object = schema.objects[resource.set];
			if (object?.kind !== 'AccumulationRegister') throw notFound(resource.set);
			const parameters = {
				...resource.parameters,
				...pick(query, ['Period', 'Condition', 'Dimensions', 'StartPeriod', 'EndPeriod']),
			};
			const dimensions = stringParameter(parameters.Dimensions)
				?.split(',')
				.map((d) => d.trim())
				.filter(Boolean);
			const rows =
				resource.action === 'Balance'
					? balance(object, records.records(resource.set), {
							period: dateParameter(parameters.Period),
							dimensions,
							condition: conditionOf(parameters.Condition),
						})
					: turnovers(object, records.records(resource.set), {
							start: dateParameter(parameters.StartPeriod),
							end: dateParameter(parameters.EndPeriod),
							dimensions,
							condition: conditionOf(parameters.Condition),
						});
			return respondList(
				request,
				reply,
				rows,
				`${resource.set}_${resource.action === 'Balance' ? 'Balance' : 'Turnover'}`,
			);
		}
		if (resource.action === 'SliceLast' || resource.action === 'SliceFirst') {
			const object = schema.objects[resource.set];
			if (object?.kind !== 'InformationRegister' || !object.register?.periodic) throw notFound(resource.set);
			const parameters = { ...resource.parameters, ...pick(query, ['Period', 'Condition']) };
			const rows = slice(object, store.infoRecords.get(resource.set) ?? [], {
				period: dateParameter(parameters.Period),
				first: resource.action === 'SliceFirst',
				condition: conditionOf(parameters.Condition),
			});
			return respondList(request, reply, rows, resource.set, object);
		}
		const found = rowsOf(resource.set);
		if (!found) throw badRequest(`Тип сущности не найден: ${resource.set}`, '8');
		if (resource.action === '$count') {
			const { count } = applyQuery(found.rows, { filter: query.$filter, inlineCount: true }, context);
			return reply.type('text/plain;charset=utf-8').send(String(count ?? 0));
		}
		if (resource.action) throw badRequest(`Метод не найден: ${resource.action}`, '11');
		if (resource.key !== undefined) {
			const entity = store.get(resource.set, keyGuid(resource.key));
			const [selected] = applyQuery(
				[entity],
				{ select: query.$select, tabularSections: Object.keys(found.object?.tabularSections ?? {}) },
				context,
			).rows;
			return reply
				.type(JSON_TYPE)
				.send({ 'odata.metadata': `${base(request)}/$metadata#${resource.set}/@Element`, ...selected });
		}
		return respondList(request, reply, found.rows, resource.set, found.object);
	};

	const write = async (request: FastifyRequest, reply: FastifyReply, resource: ResourcePath) => {
		const object = schema.objects[resource.set];
		if (!object) throw badRequest(`Тип сущности не найден: ${resource.set}`, '8');
		const body = (request.body ?? {}) as Entity;
		if (request.method === 'POST' && resource.action === 'Post' && resource.key !== undefined) {
			postDocument(store, records, resource.set, keyGuid(resource.key));
			return reply.code(200).send();
		}
		if (request.method === 'POST' && resource.action === 'Unpost' && resource.key !== undefined) {
			unpostDocument(store, records, resource.set, keyGuid(resource.key));
			return reply.code(200).send();
		}
		if (resource.action) throw badRequest(`Метод не найден: ${resource.action}`, '11');
		if (request.method === 'POST' && resource.key === undefined) {
			if (object.kind === 'InformationRegister') {
				return reply.code(201).type(JSON_TYPE).send(store.addInfoRecord(resource.set, body));
			}
			if (!isReferenceKind(object.kind)) throw badRequest('Создание объектов этого типа не поддерживается', '19');
			const created = store.create(resource.set, body);
			const location = `${base(request)}/${resource.set}(guid'${String(created.Ref_Key)}')`;
			return reply
				.code(201)
				.header('Location', encodeURI(location))
				.type(JSON_TYPE)
				.send({ 'odata.metadata': `${base(request)}/$metadata#${resource.set}/@Element`, ...created });
		}
		if (resource.key === undefined) throw badRequest('Не указан ключ объекта', '7');
		const key = keyGuid(resource.key);
		if (request.method === 'PATCH' || request.method === 'PUT' || request.method === 'MERGE') {
			const updated = store.update(resource.set, key, body);
			return reply
				.type(JSON_TYPE)
				.send({ 'odata.metadata': `${base(request)}/$metadata#${resource.set}/@Element`, ...updated });
		}
		if (request.method === 'DELETE') {
			store.remove(resource.set, key);
			records.clear(key);
			return reply.code(204).send();
		}
		throw badRequest('Метод HTTP не поддерживается', '19');
	};

	const serviceDocument = async (request: FastifyRequest, reply: FastifyReply) =>
		reply.type(JSON_TYPE).send({
			'odata.metadata': `${base(request)}/$metadata`,
			value: serviceSets.map((name) => ({ name, url: name })),
		});
	app.get(root, serviceDocument);
	app.get(`${root}/`, serviceDocument);
	app.get(`${root}/$metadata`, async (_request, reply) => reply.type('application/xml;charset=utf-8').send(edmx));
	app.route({
		method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
		url: `${root}/*`,
		handler: async (request, reply) => {
			try {
				const raw = (request.params as { '*': string })['*'];
				const resource = parseResourcePath(decodeURIComponent(raw));
				if (request.method === 'GET') return await read(request, reply, resource);
				return await write(request, reply, resource);
			} catch (error) {
				return sendError(reply, error);
			}
		},
	});
	app.setErrorHandler((error, _request, reply) => sendError(reply, error));

	const sandbox = await startSandbox(
		app,
		{
			requests,
			faults,
			reset: () => {
				load();
				requests.length = 0;
				faults.reset();
			},
			state: () => ({
				profile,
				objects: Object.fromEntries([...store.objects.entries()].map(([set, table]) => [set, table.size])),
			}),
		},
		options.port,
	);
	return {
		...sandbox,
		publicationUrl: `${sandbox.url}${publication}`,
		users,
		profile,
		schema,
		get store() {
			return store;
		},
		records,
		edmx,
	};
}

function pick(query: Query, names: string[]): Record<string, string> {
	const picked: Record<string, string> = {};
	for (const name of names) if (query[name] !== undefined) picked[name] = query[name] as string;
	return picked;
}
