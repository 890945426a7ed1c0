/**
 * The KeyCRM routes beyond orders and the catalog, under `/v1`: file storage (multipart upload),
 * the bank's external transactions, pipelines with their statuses and cards, and calls. Query
 * conventions and errors as in ./routes.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { samePhone } from './format';
import type { AttachmentTarget, CardRecord } from './records';
import {
	API_PREFIX,
	between,
	bodyOf,
	byId,
	idSet,
	list,
	ListQuery,
	type Params,
	pathId,
	truthy,
	within,
} from './routes';
import type { UploadedFile } from './storage';
import type { KeyCrmStore } from './store';
import { KeyCrmError } from './validation';
import {
	CALL_INCLUDES,
	CARD_INCLUDES,
	callView,
	cardView,
	fileView,
	paymentView,
	pipelineStatusView,
	transactionView,
} from './views';

/** The `file` part of a multipart/form-data body; undefined when there is none. */
export function multipartFile(contentType: string, body: Buffer): UploadedFile | undefined {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!boundary) throw new KeyCrmError(400, 'The multipart body has no boundary.');
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	let at = body.indexOf(delimiter);
	while (at >= 0) {
		const next = body.indexOf(delimiter, at + delimiter.length);
		if (next < 0) break;
		const part = body.subarray(at + delimiter.length + 2, next - 2); // after CRLF, before CRLF
		const headerEnd = part.indexOf('\r\n\r\n');
		if (headerEnd >= 0) {
			const headers = part.subarray(0, headerEnd).toString('utf8');
			const disposition = /content-disposition:[^\r\n]*\bname="([^"]*)"(?:[^\r\n]*\bfilename="([^"]*)")?/i.exec(
				headers,
			);
			if (disposition?.[1] === 'file' && disposition[2] !== undefined) {
				const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
				return { name: disposition[2], mimeType: type, bytes: Buffer.from(part.subarray(headerEnd + 4)) };
			}
		}
		at = next;
	}
	return undefined;
}

export function registerWorkspaceRoutes(app: FastifyInstance, store: KeyCrmStore): void {
	const v1 = (path: string) => `${API_PREFIX}${path}`;
	const created = (reply: FastifyReply, body: unknown) => reply.code(201).send(body);
	const accepted = (reply: FastifyReply, body: unknown) => reply.code(202).send(body);
	const origin = (request: FastifyRequest) => `${request.protocol}://${request.headers.host}`;

	app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

	// ---- storage ----

	app.get(v1('/storage'), async (request) => {
		const query = new ListQuery(request);
		query.filters([]);
		const files = query.sort([...store.files.values()], { id: (f) => f.id, size: (f) => f.size });
		return query.page(files, fileView);
	});

	app.get<{ Params: Params }>(v1('/storage/attachment/:entityType/:entityId'), async (request) => {
		const { entityType, entityId } = request.params;
		if (entityType !== 'order' && entityType !== 'pipelines') {
			throw new KeyCrmError(404, `The route ${request.url.slice(1)} could not be found.`);
		}
		const id = pathId(entityId, entityType === 'order' ? 'Order' : 'Lead');
		if (entityType === 'order') store.getOrder(id);
		else store.getCard(id);
		return store.filesOf(entityType as AttachmentTarget, id).map(fileView);
	});

	// 201 for a new file, 200 with the stored one when the same file comes again
	app.post(v1('/storage/upload'), async (request, reply) => {
		const contentType = String(request.headers['content-type'] ?? '');
		if (!/^multipart\/form-data/i.test(contentType) || !Buffer.isBuffer(request.body)) {
			throw new KeyCrmError(422, 'The given data was invalid.', { file: ['The file field is required.'] });
		}
		const { file, created: isNew } = store.uploadFile(multipartFile(contentType, request.body), origin(request));
		return reply.code(isNew ? 201 : 200).send(fileView(file));
	});

	// ---- bank transactions ----

	app.get(v1('/payments/external-transactions'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters(['id', 'transaction_uuid', 'gateway_id', 'is_attached', 'created_between']);
		let transactions = [...store.transactions.values()];
		for (const [name, value] of filters) {
			if (name === 'id' || name === 'gateway_id') {
				const ids = idSet(value);
				transactions = transactions.filter((t) => ids.has(name === 'id' ? t.id : t.gateway_id));
			} else if (name === 'transaction_uuid') {
				const uuids = list(value);
				transactions = transactions.filter((t) => uuids.includes(t.uuid));
			} else if (name === 'is_attached') {
				const wanted = truthy(value);
				transactions = transactions.filter((t) => t.payment_ids.length > 0 === wanted);
			} else {
				const range = between(name, value);
				transactions = transactions.filter((t) => within(t.created_at, range));
			}
		}
		return query.page(query.sort(transactions, byId()), (t) => transactionView(store, t));
	});

	app.post<{ Params: Params }>(v1('/payments/:paymentId/external-transactions'), async (request, reply) => {
		const payment = store.attachTransaction(pathId(request.params.paymentId, 'Payment'), bodyOf(request));
		return created(reply, paymentView(store, payment, true));
	});

	// ---- pipelines and cards ----

	app.get(v1('/pipelines'), async (request) => {
		store.requireLeads();
		const query = new ListQuery(request);
		query.filters([]);
		return query.page(query.sort(store.pipelines, byId()), (p) => p);
	});

	app.get<{ Params: Params }>(v1('/pipelines/:pipelineId/statuses'), async (request) => {
		store.requireLeads();
		const pipeline = store.getPipeline(pathId(request.params.pipelineId, 'Pipeline'));
		const query = new ListQuery(request);
		query.filters([]);
		return query.page(store.statusesOf(pipeline.id), (s) => pipelineStatusView(store, s));
	});

	app.get(v1('/pipelines/cards'), async (request) => {
		store.requireLeads();
		const query = new ListQuery(request);
		const filters = query.filters(['pipeline_id', 'status_id', 'source_id', 'created_between', 'updated_between']);
		const includes = query.includes(CARD_INCLUDES);
		let cards = [...store.cards.values()];
		for (const [name, value] of filters) {
			if (name === 'created_between' || name === 'updated_between') {
				const range = between(name, value);
				cards = cards.filter((c) => within(name === 'created_between' ? c.created_at : c.updated_at, range));
			} else {
				const ids = idSet(value);
				const key = name as 'pipeline_id' | 'status_id' | 'source_id';
				cards = cards.filter((c: CardRecord) => ids.has(c[key] ?? -1));
			}
		}
		return query.page(query.sort(cards, byId()), (c) => cardView(store, c, includes));
	});

	app.post(v1('/pipelines/cards'), async (request, reply) => {
		return created(reply, cardView(store, store.createCard(bodyOf(request))));
	});

	app.get<{ Params: Params }>(v1('/pipelines/cards/:cardId'), async (request) => {
		store.requireLeads();
		const includes = new ListQuery(request).includes(CARD_INCLUDES);
		return cardView(store, store.getCard(pathId(request.params.cardId, 'Lead')), includes);
	});

	// the spec answers a card update with `{status: true}`, not the card
	app.put<{ Params: Params }>(v1('/pipelines/cards/:cardId'), async (request, reply) => {
		store.updateCard(pathId(request.params.cardId, 'Lead'), bodyOf(request));
		return accepted(reply, { status: true });
	});

	app.post<{ Params: Params }>(v1('/pipelines/cards/:cardId/payment'), async (request, reply) => {
		const payment = store.addCardPayment(pathId(request.params.cardId, 'Lead'), bodyOf(request));
		return created(reply, paymentView(store, payment, true));
	});

	app.put<{ Params: Params }>(v1('/pipelines/cards/:cardId/payment/:paymentId'), async (request, reply) => {
		const payment = store.updateCardPayment(
			pathId(request.params.cardId, 'Lead'),
			pathId(request.params.paymentId, 'Payment'),
			bodyOf(request),
		);
		return accepted(reply, paymentView(store, payment, true));
	});

	app.post<{ Params: Params }>(v1('/pipelines/cards/:cardId/attachment/:fileId'), async (request, reply) => {
		store.attachFileToCard(pathId(request.params.cardId, 'Lead'), pathId(request.params.fileId, 'File'));
		return accepted(reply, { status: true });
	});

	app.delete<{ Params: Params }>(v1('/pipelines/cards/:cardId/attachment/:fileId'), async (request, reply) => {
		store.detachFileFromCard(pathId(request.params.cardId, 'Lead'), pathId(request.params.fileId, 'File'));
		return created(reply, { status: true });
	});

	// ---- calls ----

	app.get(v1('/calls'), async (request) => {
		const query = new ListQuery(request);
		const filters = query.filters([
			'client_id',
			'client_phone',
			'created_between',
			'lead_id',
			'manager_id',
			'reference_id',
			'type',
		]);
		const includes = query.includes(CALL_INCLUDES);
		let calls = store.calls;
		for (const [name, value] of filters) {
			if (name === 'client_id' || name === 'lead_id' || name === 'manager_id') {
				const ids = idSet(value);
				calls = calls.filter((c) => ids.has((name === 'manager_id' ? c.user_id : c[name]) ?? -1));
			} else if (name === 'client_phone') {
				calls = calls.filter((c) => samePhone(c.external_number, value));
			} else if (name === 'reference_id' || name === 'type') {
				const values = list(value);
				calls = calls.filter((c) => values.includes(c[name]));
			} else {
				const range = between(name, value);
				calls = calls.filter((c) => within(c.created_at, range));
			}
		}
		return query.page(query.sort(calls, byId()), (c) => callView(store, c, includes));
	});
}
