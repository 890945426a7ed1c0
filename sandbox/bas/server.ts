/**
 * Local stand-in for a BAS publication speaking 1C's standard OData dialect, for one
 * configuration profile (UNF, UT or BP structure): service document and `$metadata`, reads with
 * `$filter`/`$select`/`$orderby`/`$top`/`$skip`/`$inlinecount`/`$count`, navigation to referenced
 * objects, writes with POST, PATCH and DELETE, posting with real register movements, and the
 * virtual tables Balance, Turnovers, SliceLast and SliceFirst computed from them. As strict as a
 * real publication: Atom XML unless JSON is asked for, Edm.Int64 as JSON strings, navigation
 * links, 1C's error codes, the documented Condition quoting. UTF-8 Basic auth.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { selfSignedCertificate } from '../common/tls';
import { ADMIN_PREFIX, createSandboxApp, isAdminRequest, type Sandbox, startSandbox } from '../common/app';
import { generateBase, type DemoOptions } from './demo';
import { documentsPage } from './documentsPage';
import { renderEdmx } from './edmx';
import { ODataError, badRequest, notFound } from './errors';
import { postDocument, unpostDocument } from './posting';
import { applyQuery, applySelect, createResolver, evaluateFilter, parseSelect, type QueryContext } from './query';
import { balance, RegisterRecords, slice, turnovers } from './registers';
import { representationOf, type Responder, sendEntity, sendError, sendList, sendServiceDocument } from './replies';
import {
	CONDITION_QUOTINGS,
	conditionParameter,
	type ConditionQuoting,
	dateParameter,
	keyGuid,
	parseResourcePath,
	type ResourcePath,
	stringParameter,
} from './resource';
import { LEDGER, ledgerBalance } from './accounting';
import { buildSchema, isReferenceKind, type ObjectDef, type ProfileId, type Schema } from './schema';
import { entityPath, entityShapes, virtualTableShape, type WireShape } from './shapes';
import { BasStore, EMPTY_REF, type Entity } from './store';

export type { ConditionQuoting } from './resource';

export interface BasUser {
	name: string;
	password: string;
}

/** What can be switched while the sandbox runs (`PUT /__sandbox/settings`). */
export interface BasSandboxSettings {
	/** which quoting of a virtual table's Condition is accepted (default `asIs`, as 1C documents it) */
	conditionQuoting: ConditionQuoting;
}

export interface BasSandboxOptions extends Partial<BasSandboxSettings> {
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
	/** the current settings; change them here or over HTTP, a reset restores the start options */
	settings: BasSandboxSettings;
}

export const DEFAULT_BAS_USERS: BasUser[] = [{ name: 'Адміністратор', password: 'пароль' }];

const ODATA = '/odata/standard.odata';

/** The query options 1C knows; another `$` option is error 0 (not supported). */
const QUERY_OPTIONS = new Set([
	'$filter',
	'$select',
	'$expand',
	'$orderby',
	'$top',
	'$skip',
	'$inlinecount',
	'$format',
]);

/** Functions of the standard interface: one the set does not have is error 11, any other segment error 6. */
const FUNCTIONS = new Set([
	'Post',
	'Unpost',
	'Balance',
	'Turnovers',
	'BalanceAndTurnovers',
	'SliceLast',
	'SliceFirst',
	'DrCrTurnovers',
	'ExtDimensions',
	'RecordsWithExtDimensions',
]);

function unknownSegment(set: string, segment: string): ODataError {
	return FUNCTIONS.has(segment)
		? badRequest(`Метод не найден: ${set}/${segment}`, '11')
		: badRequest(`Неправильный URL: ${set}/${segment}`, '6');
}

/** The user from a Basic header, decoded as UTF-8 the way 1C does. */
function basicUser(request: FastifyRequest, users: BasUser[]): string | undefined {
	const match = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return users.find((user) => user.name === decoded.slice(0, colon) && user.password === decoded.slice(colon + 1))
		?.name;
}

type Query = Record<string, string | undefined>;

/** Unknown `$` options are error 0; an option given twice does not parse (14). */
function checkQueryOptions(query: Record<string, unknown>): void {
	for (const [name, value] of Object.entries(query)) {
		if (Array.isArray(value)) throw badRequest(`Ошибка разбора параметра запроса ${name}: указан несколько раз`, '14');
		if (name.startsWith('$') && !QUERY_OPTIONS.has(name)) {
			throw badRequest(`Параметр запроса не поддерживается: ${name}`, '0');
		}
	}
}

export async function startBasSandbox(options: BasSandboxOptions = {}): Promise<BasSandbox> {
	const profile = options.profile ?? 'unf';
	const publication = `/${(options.publication ?? 'demo').replace(/^\/+|\/+$/g, '')}`;
	const users = options.users ?? DEFAULT_BAS_USERS;
	const initialSettings: BasSandboxSettings = { conditionQuoting: options.conditionQuoting ?? 'asIs' };
	const settings: BasSandboxSettings = { ...initialSettings };
	const schema = buildSchema(profile);
	const edmx = renderEdmx(schema);
	const shapes = entityShapes(schema);
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
	const responderFor = (request: FastifyRequest, reply: FastifyReply): Responder => ({
		request,
		reply,
		root: `${request.protocol}://${request.headers.host}${root}`,
		representation: representationOf(request),
	});
	const shapeOf = (set: string): WireShape => {
		const shape = shapes.get(set);
		if (!shape) throw badRequest(`Тип сущности не найден: ${set}`, '8');
		return shape;
	};

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

	const conditionOf = (name: string, raw: string | undefined) => {
		const node = conditionParameter(name, raw, settings.conditionQuoting);
		return node && ((record: Entity) => evaluateFilter(node, record, context));
	};

	/**
	 * `$filter`, `$orderby`, paging and `$inlinecount` on a list, then `$select`; row addresses are
	 * taken before `$select`, which may leave the key out.
	 */
	const respondList = (
		responder: Responder,
		rows: Entity[],
		shape: WireShape,
		name: string,
		options: { object?: ObjectDef; complex?: { functionName: string } } = {},
	) => {
		const query = responder.request.query as Query;
		const tabularSections = options.object ? Object.keys(options.object.tabularSections) : [];
		const select = query.$select !== undefined ? parseSelect(query.$select) : undefined;
		const result = applyQuery(
			rows,
			{
				filter: query.$filter,
				orderBy: query.$orderby,
				top: query.$top,
				skip: query.$skip,
				inlineCount: query.$inlinecount,
			},
			context,
		);
		return sendList(responder, shape, {
			name,
			rows: select ? result.rows.map((row) => applySelect(row, select, tabularSections)) : result.rows,
			paths: result.rows.map((row) => entityPath(shape, row)),
			count: result.count,
			complex: options.complex,
		});
	};

	/** One entity of `set`, with `$select` applied. */
	const respondEntity = (responder: Responder, set: string, entity: Entity, status?: number) => {
		const query = responder.request.query as Query;
		const shape = shapeOf(set);
		const tabularSections = Object.keys(schema.objects[set]?.tabularSections ?? {});
		const selected =
			query.$select !== undefined ? applySelect(entity, parseSelect(query.$select), tabularSections) : entity;
		return sendEntity(responder, selected, shape, { set, path: entityPath(shape, entity), status });
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
		// tabular-section rows as a set of their own: `Document_X_Товары` (each row carries its owner's Ref_Key)
		for (const [ownerSet, owner] of Object.entries(schema.objects)) {
			if (!set.startsWith(`${ownerSet}_`)) continue;
			const section = set.slice(ownerSet.length + 1);
			if (!owner.tabularSections[section]) continue;
			return { rows: store.list(ownerSet).flatMap((entity) => entity[section] as Entity[]) };
		}
		return undefined;
	};

	/** Balance, Turnovers, SliceLast, SliceFirst; undefined when the segment is none of them. */
	const virtualTable = (responder: Responder, resource: ResourcePath) => {
		const query = responder.request.query as Query;
		const object = schema.objects[resource.set];
		const { action, set } = resource;
		if (action === 'Balance' && set === LEDGER && object) {
			const parameters = { ...resource.parameters, ...pick(query, ['Period', 'AccountCondition', 'Condition']) };
			const account = conditionOf('AccountCondition', parameters.AccountCondition);
			const condition = conditionOf('Condition', parameters.Condition);
			const rows = ledgerBalance(records.records(LEDGER), {
				period: dateParameter(parameters.Period),
				keep: (row) => (!account || account(row)) && (!condition || condition(row)),
			});
			const name = `${LEDGER}_Balance`;
			return respondList(responder, rows, virtualTableShape(name, object), name, { complex: { functionName: action } });
		}
		if (action === 'Balance' || action === 'Turnovers') {
			const register = object?.register;
			if (object?.kind !== 'AccumulationRegister' || (action === 'Balance' && !register?.balance)) {
				throw unknownSegment(set, action);
			}
			const parameters = {
				...resource.parameters,
				...pick(query, ['Period', 'Condition', 'Dimensions', 'StartPeriod', 'EndPeriod']),
			};
			const dimensions = stringParameter(parameters.Dimensions)
				?.split(',')
				.map((d) => d.trim())
				.filter(Boolean);
			const condition = conditionOf('Condition', parameters.Condition);
			const rows =
				action === 'Balance'
					? balance(object, records.records(set), { period: dateParameter(parameters.Period), dimensions, condition })
					: turnovers(object, records.records(set), {
							start: dateParameter(parameters.StartPeriod),
							end: dateParameter(parameters.EndPeriod),
							dimensions,
							condition,
						});
			const name = `${set}_${action === 'Balance' ? 'Balance' : 'Turnover'}`;
			return respondList(responder, rows, virtualTableShape(name, object), name, { complex: { functionName: action } });
		}
		if (action === 'SliceLast' || action === 'SliceFirst') {
			if (object?.kind !== 'InformationRegister' || !object.register?.periodic) throw unknownSegment(set, action);
			const parameters = { ...resource.parameters, ...pick(query, ['Period', 'Condition']) };
			const rows = slice(object, store.infoRecords.get(set) ?? [], {
				period: dateParameter(parameters.Period),
				first: action === 'SliceFirst',
				condition: conditionOf('Condition', parameters.Condition),
			});
			return respondList(responder, rows, shapeOf(set), set, { object });
		}
		return undefined;
	};

	/** `Catalog_Номенклатура(guid'…')/ЕдиницаИзмерения`: the object the reference points to. */
	const navigate = (responder: Responder, object: ObjectDef, key: string, name: string) => {
		const field = object.fields.find((f) => f.type.kind === 'ref' && f.attribute === name);
		if (field?.type.kind !== 'ref') return undefined;
		const reference = String(store.get(object.set, keyGuid(key))[field.name]);
		const target = reference === EMPTY_REF ? undefined : store.find(field.type.target, reference);
		if (!target) throw notFound(`${object.set}(${key})/${name}`);
		return respondEntity(responder, field.type.target, target);
	};

	const read = async (responder: Responder, resource: ResourcePath) => {
		const query = responder.request.query as Query;
		const virtual = virtualTable(responder, resource);
		if (virtual) return await virtual;
		const found = rowsOf(resource.set);
		if (!found) throw badRequest(`Тип сущности не найден: ${resource.set}`, '8');
		if (resource.action === '$count' && resource.key === undefined) {
			const { count } = applyQuery(found.rows, { filter: query.$filter, inlineCount: true }, context);
			return responder.reply.type('text/plain;charset=utf-8').send(String(count ?? 0));
		}
		if (resource.action) {
			const navigation =
				resource.key !== undefined && found.object && isReferenceKind(found.object.kind)
					? navigate(responder, found.object, resource.key, resource.action)
					: undefined;
			if (navigation) return await navigation;
			throw unknownSegment(resource.set, resource.action);
		}
		if (resource.key !== undefined) {
			return respondEntity(responder, resource.set, store.get(resource.set, keyGuid(resource.key)));
		}
		return respondList(responder, found.rows, shapeOf(resource.set), resource.set, { object: found.object });
	};

	const write = async (responder: Responder, resource: ResourcePath) => {
		const { request, reply } = responder;
		const object = schema.objects[resource.set];
		if (!object) throw badRequest(`Тип сущности не найден: ${resource.set}`, '8');
		const body = (request.body ?? {}) as Entity;
		const isDocument = object.kind === 'Document';
		if (request.method === 'POST' && isDocument && resource.action === 'Post' && resource.key !== undefined) {
			postDocument(store, records, resource.set, keyGuid(resource.key));
			return reply.code(200).send();
		}
		if (request.method === 'POST' && isDocument && resource.action === 'Unpost' && resource.key !== undefined) {
			unpostDocument(store, records, resource.set, keyGuid(resource.key));
			return reply.code(200).send();
		}
		if (resource.action) throw unknownSegment(resource.set, resource.action);
		if (request.method === 'POST' && resource.key === undefined) {
			if (object.kind === 'InformationRegister') {
				return respondEntity(responder, resource.set, store.addInfoRecord(resource.set, body), 201);
			}
			if (!isReferenceKind(object.kind)) throw badRequest('Создание объектов этого типа не поддерживается', '19');
			const created = store.create(resource.set, body);
			const location = `${responder.root}/${resource.set}(guid'${String(created.Ref_Key)}')`;
			reply.header('Location', encodeURI(location));
			return respondEntity(responder, resource.set, created, 201);
		}
		if (resource.key === undefined) throw badRequest('Не указан ключ объекта', '7');
		const key = keyGuid(resource.key);
		if (request.method === 'PATCH' || request.method === 'PUT' || request.method === 'MERGE') {
			return respondEntity(responder, resource.set, store.update(resource.set, key, body));
		}
		if (request.method === 'DELETE') {
			store.remove(resource.set, key);
			records.clear(key);
			return reply.code(204).send();
		}
		throw badRequest('Метод HTTP не поддерживается', '19');
	};

	const serviceDocument = async (request: FastifyRequest, reply: FastifyReply) => {
		try {
			checkQueryOptions(request.query as Record<string, unknown>);
			return sendServiceDocument(responderFor(request, reply), serviceSets);
		} catch (error) {
			return sendError(request, reply, error);
		}
	};
	app.get(root, serviceDocument);
	app.get(`${root}/`, serviceDocument);
	// 1C serves its metadata only as EDMX, whatever the client asks for
	app.get(`${root}/$metadata`, async (_request, reply) => reply.type('application/xml;charset=utf-8').send(edmx));
	app.route({
		method: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
		url: `${root}/*`,
		handler: async (request, reply) => {
			try {
				checkQueryOptions(request.query as Record<string, unknown>);
				const responder = responderFor(request, reply);
				// Fastify has percent-decoded the path once; decoding again would turn a `%41` in a value into `A`
				const resource = parseResourcePath((request.params as { '*': string })['*']);
				if (request.method === 'GET') return await read(responder, resource);
				return await write(responder, resource);
			} catch (error) {
				return sendError(request, reply, error);
			}
		},
	});
	app.setErrorHandler((error, request, reply) => sendError(request, reply, error));

	app.get(
		`${ADMIN_PREFIX}/documents`,
		documentsPage(() => store),
	);
	app.get(`${ADMIN_PREFIX}/settings`, async () => settings);
	app.put(`${ADMIN_PREFIX}/settings`, async (request, reply) => {
		const { conditionQuoting } = (request.body ?? {}) as Partial<BasSandboxSettings>;
		if (conditionQuoting !== undefined && !CONDITION_QUOTINGS.includes(conditionQuoting)) {
			return reply.code(400).send({ error: `conditionQuoting must be one of ${CONDITION_QUOTINGS.join(', ')}` });
		}
		if (conditionQuoting !== undefined) settings.conditionQuoting = conditionQuoting;
		return settings;
	});

	const sandbox = await startSandbox(
		app,
		{
			requests,
			faults,
			reset: () => {
				load();
				Object.assign(settings, initialSettings);
				requests.length = 0;
				faults.reset();
			},
			state: () => ({
				profile,
				settings,
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
		settings,
	};
}

function pick(query: Query, names: string[]): Record<string, string> {
	const picked: Record<string, string> = {};
	for (const name of names) if (query[name] !== undefined) picked[name] = query[name] as string;
	return picked;
}
