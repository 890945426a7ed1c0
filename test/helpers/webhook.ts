/**
 * A production webhook endpoint for one trigger node, as n8n 2.40 serves it, on loopback: the
 * sandboxes POST their real webhooks at it and a test sees every answer and every execution the
 * trigger started.
 *
 * What it follows in n8n's server (packages/cli/src/webhooks, middlewares/body-parser.ts):
 * - publishing runs the node's webhook methods (checkExists, then create when that says false)
 *   in n8n-core's HookContext; a method that throws fails the publish (serveTrigger rejects);
 * - the path is `/webhook/<webhookId>/<path>` (NodeHelpers.getNodeWebhookPath); an unknown
 *   path or method answers 404;
 * - the raw body is read whole and kept (`rawBody`) up to N8N_PAYLOAD_SIZE_MAX (16 MB); over it
 *   n8n fails with 500 "There was a problem executing the workflow";
 * - a version-1 node's body is read and parsed by content type; above version 1 only JSON, form,
 *   text and XML bodies are, others are read when the node calls `readRawBody()`: JSON (BOM stripped; a malformed body
 *   answers 422 "Failed to parse request body" before the node runs), form-urlencoded, text;
 * - the node's webhook() runs in n8n-core's WebhookContext (mode `webhook`); if it throws, 500
 *   "Workflow Webhook Error: Workflow could not be started!" and an execution that fails at the
 *   trigger with that error, as n8n records it;
 * - `noWebhookResponse: true` leaves the answer to the node; no `workflowData` answers
 *   `webhookResponse` or "Webhook call received"; `workflowData` starts an execution with
 *   WorkflowExecute and, for responseMode onReceived, answers once it started, with the body
 *   n8n's extractor picks and the description's responseCode.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseForm } from 'node:querystring';

import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeParameters,
	INodeExecutionData,
	INodeType,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	isNodeClassInstance,
	jsonParse,
	NodeHelpers,
	resolveWebhookDescriptionField,
	Workflow,
} from 'n8n-workflow';

import { createAdditionalData, loadPackage } from './engine';

const WEBHOOK_PREFIX = '/webhook';
/** n8n's N8N_PAYLOAD_SIZE_MAX default, in MB */
const PAYLOAD_SIZE_MAX_MB = 16;
/** the server closes itself after this long even if a test forgets to stop it */
const MAX_LIFETIME_MS = 10 * 60 * 1000;

export interface TriggerServerOptions {
	workflow: { nodes: INode[]; connections: IConnections; name?: string };
	/** the trigger node's name */
	trigger: string;
	/** credential data by type, as for runWorkflow */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n's N8N_PAYLOAD_SIZE_MAX in MB (default 16) */
	payloadSizeMaxMb?: number;
}

/** A CRM trigger's shared secret, as the tests set it. */
export interface WebhookSecret {
	token: string;
	location?: 'query' | 'header';
	name?: string;
}

/**
 * How a CRM trigger of `typeVersion` is given its secret: version 1 in its parameters, from 1.1
 * in a `crmWebhookApi` credential (the node references it, the server holds its data).
 */
export function triggerSecret(typeVersion: number, secret: WebhookSecret) {
	const location = secret.location ?? 'query';
	const name = secret.name ?? 'token';
	if (typeVersion === 1) {
		return {
			parameters: { secretToken: secret.token, secretLocation: location, carrierName: name } as INodeParameters,
			nodeCredentials: {} as NonNullable<INode['credentials']>,
			credentials: {} as Record<string, ICredentialDataDecryptedObject>,
		};
	}
	return {
		parameters: {} as INodeParameters,
		nodeCredentials: { crmWebhookApi: { id: 'crm-webhook', name: 'CRM webhook' } } as NonNullable<INode['credentials']>,
		credentials: { crmWebhookApi: { token: secret.token, location, name } } as Record<
			string,
			ICredentialDataDecryptedObject
		>,
	};
}

/** One HTTP request the server answered. */
export interface WebhookCall {
	method: string;
	url: string;
	status: number;
	/** the answer's body, parsed when it was JSON */
	body: unknown;
}

/** One execution a webhook started. */
export interface StartedExecution {
	id: string;
	/** what the trigger put on its output (empty for a failed start) */
	items: INodeExecutionData[];
	/** the run, once finished */
	done: Promise<ExecutionResult>;
}

export interface ExecutionResult {
	run: IRun;
	status: IRun['status'];
	/** items a node put on an output in its first run */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	error(nodeName: string): unknown;
}

export interface TriggerServer {
	/** the production URL of the trigger's webhook, with an optional query */
	url(query?: Record<string, string>, method?: IHttpRequestMethods): string;
	calls: WebhookCall[];
	executions: StartedExecution[];
	/** resolves with every execution started so far, once each has finished */
	settled(): Promise<ExecutionResult[]>;
	stop(): Promise<void>;
}

interface RegisteredWebhook {
	httpMethod: IHttpRequestMethods;
	path: string;
	description: IWebhookDescription;
}

type ExpressLikeResponse = ServerResponse & {
	status(code: number): ExpressLikeResponse;
	json(body: unknown): ExpressLikeResponse;
	send(body: unknown): ExpressLikeResponse;
	header(name: string, value: string): ExpressLikeResponse;
	set(name: string, value: string): ExpressLikeResponse;
	locals: IDataObject;
};

/** The subset of Express's response API that nodes and n8n's webhook code use. */
function expressLike(res: ServerResponse): ExpressLikeResponse {
	const response = res as ExpressLikeResponse;
	response.locals = {};
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	response.header = (name, value) => {
		response.setHeader(name, value);
		return response;
	};
	response.set = response.header;
	response.json = (body) => {
		if (!response.hasHeader('content-type')) response.setHeader('content-type', 'application/json; charset=utf-8');
		response.end(body === undefined ? '' : JSON.stringify(body));
		return response;
	};
	response.send = (body) => {
		if (typeof body === 'string') {
			if (!response.hasHeader('content-type')) response.setHeader('content-type', 'text/html; charset=utf-8');
			response.end(body);
		} else if (Buffer.isBuffer(body)) {
			response.end(body);
		} else {
			response.json(body);
		}
		return response;
	};
	return response;
}

class PayloadTooLarge extends Error {}

/** Reads the whole body like raw-body with n8n's limit (refused up front when Content-Length says so). */
async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length']);
	if (Number.isFinite(declared) && declared > limitBytes) {
		req.resume();
		throw new PayloadTooLarge('request entity too large');
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limitBytes) throw new PayloadTooLarge('request entity too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

/** `type/subtype` and charset, as n8n's parseIncomingMessage reads the Content-Type header. */
function contentTypeOf(header: string | undefined): { contentType?: string; encoding?: BufferEncoding } {
	if (!header) return {};
	const [type, ...parameters] = header.split(';');
	const charset = parameters
		.map((parameter) => parameter.trim().split('='))
		.find(([key]) => key.trim().toLowerCase() === 'charset')?.[1];
	return {
		contentType: type.trim().toLowerCase(),
		encoding: (charset?.replace(/"/g, '').toLowerCase() ?? 'utf-8') as BufferEncoding,
	};
}

class UnprocessableBody extends Error {
	constructor(readonly hint: string) {
		super('Failed to parse request body');
	}
}

/** The content types n8n reads and parses before a node of version > 1 runs. */
function parsedByN8n(contentType: string | undefined): boolean {
	if (!contentType) return false;
	return (
		['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((type) => contentType.startsWith(type)) ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

/** n8n's parseBody for a version-1 webhook node (XML is not parsed here: see the report). */
function parseBody(rawBody: Buffer, contentType: string | undefined, encoding: BufferEncoding | undefined): unknown {
	if (rawBody.length === 0) return undefined;
	const text = rawBody.toString(encoding ?? 'utf-8');
	const stripBom = (value: string) => (value.charCodeAt(0) === 0xfeff ? value.slice(1) : value);
	try {
		if (contentType === 'application/json') return jsonParse(stripBom(text));
		if (contentType === 'application/x-www-form-urlencoded') return { ...parseForm(stripBom(text)) };
		if (contentType === 'text/plain') return text;
	} catch (error) {
		throw new UnprocessableBody((error as Error).message);
	}
	return undefined;
}

/** Express's simple query parser: a value per key, an array when a key repeats. */
function queryOf(url: URL): IDataObject {
	const query: IDataObject = {};
	for (const [key, value] of url.searchParams) {
		const existing = query[key];
		query[key] =
			existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing as string, value];
	}
	return query;
}

function resultOf(run: IRun): ExecutionResult {
	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}

export async function serveTrigger(options: TriggerServerOptions): Promise<TriggerServer> {
	const { nodeTypes } = await loadPackage();
	const workflowData = {
		id: `webhook-${randomUUID().slice(0, 8)}`,
		name: options.workflow.name ?? 'webhook test',
		active: true,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
		nodes: options.workflow.nodes.map((node) => ({ ...node, webhookId: node.webhookId ?? randomUUID() })),
		connections: options.workflow.connections,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: true,
		nodeTypes,
		staticData: {},
		settings: workflowData.settings,
	});
	const node = workflow.getNode(options.trigger);
	if (!node) throw new Error(`No node named ${options.trigger}`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	if (!nodeType.webhook || !nodeType.description.webhooks) throw new Error(`${node.type} is not a webhook node`);

	const evaluate = <T>(description: IWebhookDescription, field: keyof IWebhookDescription, fallback?: T): T => {
		const native = resolveWebhookDescriptionField(node, description, String(field));
		if (native.resolved) return native.value as T;
		return workflow.expression.getSimpleParameterValue(
			node,
			description[field] as string,
			'internal',
			{},
			undefined,
			fallback as string,
		) as T;
	};
	const registered: RegisteredWebhook[] = nodeType.description.webhooks.flatMap((description) => {
		const path = String(evaluate(description, 'path', ''))
			.trim()
			.replace(/^\//, '')
			.replace(/\/$/, '');
		const fullPath = NodeHelpers.getNodeWebhookPath(
			workflow.id,
			node,
			path,
			evaluate(description, 'isFullPath', false),
		);
		return String(evaluate(description, 'httpMethod', 'GET'))
			.split(',')
			.filter(Boolean)
			.map((method) => ({ httpMethod: method.trim() as IHttpRequestMethods, path: fullPath, description }));
	});

	const webhookDataOf = (webhook: RegisteredWebhook, additionalData: IWorkflowExecuteAdditionalData): IWebhookData => ({
		httpMethod: webhook.httpMethod,
		node: node.name,
		path: webhook.path,
		webhookDescription: webhook.description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	});

	// publishing: the webhook methods n8n runs for each webhook on activation
	const publishData = await createAdditionalData(options.credentials, 'webhook-publish');
	for (const webhook of registered) {
		const methods = nodeType.webhookMethods?.[webhook.description.name];
		if (!methods) continue;
		const context = new HookContext(
			workflow,
			node,
			publishData,
			'trigger',
			'activate',
			webhookDataOf(webhook, publishData),
		);
		const exists = await methods.checkExists?.call(context);
		if (!exists) await methods.create?.call(context);
	}

	const calls: WebhookCall[] = [];
	const executions: StartedExecution[] = [];
	const limitBytes = (options.payloadSizeMaxMb ?? PAYLOAD_SIZE_MAX_MB) * 1024 * 1024;
	let executionCount = 0;

	const startExecution = (
		additionalData: IWorkflowExecuteAdditionalData,
		items: INodeExecutionData[][],
		failure?: Error,
	): StartedExecution => {
		const id = `webhook-execution-${++executionCount}`;
		const mode: WorkflowExecuteMode = 'webhook';
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: items }, source: null }] },
		});
		if (failure) {
			// as n8n records a webhook that failed to start: the trigger fails with the error
			runExecutionData.resultData.lastNodeExecuted = node.name;
			runExecutionData.resultData.error = {
				...failure,
				message: failure.message,
				stack: failure.stack,
			} as unknown as typeof runExecutionData.resultData.error;
		}
		const hooks = new ExecutionLifecycleHooks(mode, id, workflowData);
		const runData = { ...additionalData, executionId: id, hooks } as IWorkflowExecuteAdditionalData;
		const done = new WorkflowExecute(runData, mode, runExecutionData)
			.processRunExecutionData(workflow)
			.then((run) => resultOf(run));
		const started: StartedExecution = { id, items: failure ? [] : (items[0] ?? []), done };
		executions.push(started);
		return started;
	};

	const handle = async (req: IncomingMessage, rawRes: ServerResponse) => {
		const res = expressLike(rawRes);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		const path = url.pathname.startsWith(`${WEBHOOK_PREFIX}/`)
			? url.pathname.slice(WEBHOOK_PREFIX.length + 1).replace(/\/$/, '')
			: undefined;
		const webhook = registered.find((candidate) => candidate.path === path && candidate.httpMethod === method);
		if (!webhook) {
			res.status(404).json({
				code: 404,
				message: `The requested webhook "${method} ${path ?? url.pathname}" is not registered.`,
				hint: 'The workflow must be active for a production URL to run successfully.',
			});
			return;
		}

		const { contentType, encoding } = contentTypeOf(req.headers['content-type']);
		// a version-1 node's body is always read; above 1 only JSON, form, text and XML ones (the rest when the node asks)
		const readNow = node.typeVersion === 1 || parsedByN8n(contentType);
		let rawBody: Buffer | undefined;
		try {
			if (readNow) rawBody = await readRawBody(req, limitBytes);
		} catch (error) {
			if (!(error instanceof PayloadTooLarge)) throw error;
			res.setHeader('connection', 'close');
			res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
			return;
		}
		let body: unknown;
		try {
			body = !rawBody || contentType?.startsWith('multipart/') ? undefined : parseBody(rawBody, contentType, encoding);
		} catch (error) {
			if (!(error instanceof UnprocessableBody)) throw error;
			res.status(422).json({ code: 422, message: error.message, hint: error.hint });
			return;
		}
		const request = Object.assign(req, {
			rawBody,
			body,
			contentType,
			encoding,
			query: queryOf(url),
			params: {},
			path: url.pathname,
			readRawBody: async () => {
				request.rawBody ??= await readRawBody(req, limitBytes);
			},
		});

		const additionalData = {
			...(await createAdditionalData(options.credentials, `webhook-call-${calls.length + 1}`)),
			httpRequest: request,
			httpResponse: res,
		} as unknown as IWorkflowExecuteAdditionalData;
		const webhookData = webhookDataOf(webhook, additionalData);
		const closeFunctions: Array<() => Promise<void>> = [];
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, closeFunctions, null);
		let result: IWebhookResponseData;
		try {
			result = isNodeClassInstance(nodeType)
				? await (nodeType as unknown as { webhook(ctx: WebhookContext): Promise<IWebhookResponseData> }).webhook(
						context,
					)
				: await nodeType.webhook!.call(context);
		} catch (error) {
			res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			startExecution(additionalData, [[{ json: {} }]], error as Error);
			return;
		} finally {
			await Promise.allSettled(closeFunctions.map(async (close) => await close()));
		}

		const responseCode = evaluate<number>(webhook.description, 'responseCode', 200);
		if (result.noWebhookResponse === true) {
			// the node answered; n8n may still start the workflow it returned
			if (result.workflowData) startExecution(additionalData, result.workflowData);
			return;
		}
		if (result.workflowData === undefined) {
			res
				.status(responseCode)
				.json(result.webhookResponse !== undefined ? result.webhookResponse : { message: 'Webhook call received' });
			return;
		}
		const responseMode = evaluate<string>(webhook.description, 'responseMode', 'onReceived');
		if (responseMode !== 'onReceived')
			throw new Error(`The harness answers responseMode onReceived only, not ${responseMode}`);
		startExecution(additionalData, result.workflowData);
		// n8n's extractWebhookOnReceivedResponse, with responseData evaluated as n8n does (default 'firstEntryJson')
		const native = resolveWebhookDescriptionField(node, webhook.description, 'responseData');
		const responseData = native.resolved
			? native.value
			: workflow.expression.getComplexParameterValue(
					node,
					webhook.description.responseData as string,
					'webhook',
					{},
					undefined,
					'firstEntryJson',
				);
		const responseBody =
			responseData === 'noData'
				? undefined
				: (responseData ?? result.webhookResponse ?? { message: 'Workflow was started' });
		res.status(responseCode);
		if (typeof responseBody === 'string') res.send(responseBody);
		else res.json(responseBody);
	};

	const server: Server = createServer((req, res) => {
		const call: WebhookCall = { method: req.method ?? 'GET', url: req.url ?? '/', status: 0, body: undefined };
		const chunks: Buffer[] = [];
		const write = res.write.bind(res);
		const end = res.end.bind(res);
		// keeps a copy of the answer for the test
		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			if (chunk) chunks.push(Buffer.from(chunk as string));
			return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof res.write;
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
			const text = Buffer.concat(chunks).toString('utf8');
			call.status = res.statusCode;
			try {
				call.body = text === '' ? undefined : (JSON.parse(text) as unknown);
			} catch {
				call.body = text;
			}
			calls.push(call);
			return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
		}) as typeof res.end;
		handle(req, res).catch((error: Error) => {
			if (!res.headersSent) {
				res.statusCode = 500;
				res.setHeader('content-type', 'application/json; charset=utf-8');
				res.end(JSON.stringify({ code: 0, message: error.message }));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	server.unref();
	const lifetime = setTimeout(() => server.close(), MAX_LIFETIME_MS);
	lifetime.unref();
	const { port } = server.address() as AddressInfo;
	const base = `http://127.0.0.1:${port}${WEBHOOK_PREFIX}`;

	return {
		url(query = {}, method = 'POST') {
			const webhook = registered.find((candidate) => candidate.httpMethod === method) ?? registered[0];
			const search = new URLSearchParams(query).toString();
			return `${base}/${webhook.path}${search ? `?${search}` : ''}`;
		},
		calls,
		executions,
		settled: async () => await Promise.all(executions.map(async (execution) => await execution.done)),
		stop: async () => {
			clearTimeout(lifetime);
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await Promise.allSettled(executions.map(async (execution) => await execution.done));
		},
	};
}
