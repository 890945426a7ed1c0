/**
 * Runs workflow JSON in-process with n8n-core's WorkflowExecute, using this package's compiled
 * nodes and credentials as n8n loads them (PackageDirectoryLoader over dist/). HTTP is real;
 * only what n8n's server would provide around the engine (credential storage, hooks) is built
 * here, following n8n's own server code.
 */
import { resolve } from 'node:path';

import {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	getExecutePollFunctions,
	PackageDirectoryLoader,
	PollContext,
	TriggersAndPollers,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeData,
	INodeTypes,
	IRun,
	ITaskData,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';

import { EmitItems, RouterProbe } from './routerNodes';

export const PACKAGE_ROOT = resolve(__dirname, '../..');

/** The start node of a manual run: emits one empty item, as n8n's Manual Trigger does. */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow on a manual run',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		// in a manual run the engine calls this and waits for the emitted item
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** What a transport probe runs, with the real node context n8n-core gives the Probe node. */
export type ProbeFunction = (ctx: IExecuteFunctions) => Promise<unknown>;

const probes = new Map<string, ProbeFunction>();

/**
 * A test-only node that hands n8n-core's real execution context to a function of the test, so
 * transports are exercised exactly as a node would use them (credentials resolved and applied by
 * the engine, real HTTP), before the nodes that will use them exist.
 */
class TransportProbe implements INodeType {
	description = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs a test function with the node context',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'basODataApi', required: false },
			{ name: 'salesDriveApi', required: false },
			{ name: 'keyCrmApi', required: false },
		],
		properties: [{ displayName: 'Probe', name: 'probe', type: 'string', default: '' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const name = this.getNodeParameter('probe', 0) as string;
		const probe = probes.get(name);
		if (!probe) throw new Error(`No probe named ${name}`);
		const result = await probe(this);
		return [[{ json: { result: result as IDataObject }, pairedItem: { item: 0 } }]];
	}
}

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	packageName: string;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ the way n8n loads an installed community package; node types get the package prefix. */
export function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const types: INodeTypeData = {
			'n8n-nodes-base.manualTrigger': { type: new ManualTrigger(), sourcePath: __filename },
			'test.transportProbe': { type: new TransportProbe(), sourcePath: __filename },
			'test.emitItems': { type: new EmitItems(), sourcePath: __filename },
			'test.routerProbe': { type: new RouterProbe(), sourcePath: __filename },
		};
		for (const [name, data] of Object.entries(loader.nodeTypes)) types[`${loader.packageName}.${name}`] = data;
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, data] of Object.entries(loader.credentialTypes)) credentialTypes[name] = data.type;
		const nodeTypes: INodeTypes = {
			getByName: (name: string) => {
				const data = types[name];
				if (!data) throw new Error(`Unknown node type ${name}`);
				return data.type;
			},
			getByNameAndVersion: (name: string, version?: number) => {
				const data = types[name];
				if (!data) throw new Error(`Unknown node type ${name}`);
				return NodeHelpers.getVersionedNodeType(data.type as INodeType | IVersionedNodeType, version);
			},
			getKnownTypes: () =>
				Object.fromEntries(Object.keys(types).map((name) => [name, { className: name, sourcePath: '' }])),
		};
		return { nodeTypes, credentialTypes, packageName: loader.packageName };
	})();
	return loaded;
}

/**
 * Credentials by type, as n8n's server resolves them: defaults of the credential type filled in,
 * declarative `authenticate` applied with `{{$credentials.x}}` resolved by the workflow's
 * expression engine, function-style `authenticate` called.
 */
class CredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes[typeName];
		const { authenticate } = type ?? {};
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!workflow || !node) throw new Error('declarative authentication needs the workflow and node');
		const resolveValue = (value: unknown) => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		requestOptions.headers ??= {};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as IDataObject)) {
				target[outerKey] ??= {};
				target[outerKey][String(resolveValue(key))] = resolveValue(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, _type: string): Promise<ICredentials> {
		throw new Error('not used by the engine for decrypted credentials');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.getCredentialsProperties(type)) {
			if (property.default !== undefined) defaults[property.name] = property.default as string;
		}
		return { ...defaults, ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes[type]?.properties ?? [];
	}
}

export interface WorkflowRun {
	run: IRun;
	status: IRun['status'];
	/** items a node put on one of its outputs (0 = main, 1 = error output) in its first run */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** the error a node ended with, if it failed */
	error(nodeName: string): ITaskData['error'];
}

export interface RunOptions {
	workflow: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>;
	/** credential data by credential type name, e.g. `{ basODataApi: { url, user, password } }` */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** node to start from; defaults to the first trigger */
	startNode?: string;
	mode?: WorkflowExecuteMode;
	/** cancels the run when aborted, as n8n's server does when a user stops an execution */
	cancelSignal?: AbortSignal;
	/** the workflow's static data, kept by reference: pass the same object to see a later run find what an earlier one left */
	staticData?: IDataObject;
}

const URL_FIELDS = [
	'restApiUrl',
	'instanceBaseUrl',
	'formWaitingBaseUrl',
	'formBaseUrl',
	'formTestBaseUrl',
	'webhookBaseUrl',
	'webhookWaitingBaseUrl',
	'webhookTestBaseUrl',
	'mcpBaseUrl',
	'mcpTestBaseUrl',
];

export async function runWorkflow(options: RunOptions): Promise<WorkflowRun> {
	const { nodeTypes } = await loadPackage();
	const mode = options.mode ?? 'manual';
	const workflowData: IWorkflowBase = {
		id: 'engine-test',
		name: options.workflow.name ?? 'engine test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: { executionOrder: 'v1' },
		...options.workflow,
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		staticData: options.staticData ?? {},
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks(mode, 'engine-execution', workflowData);
	const additionalData: IWorkflowExecuteAdditionalData = {
		...(await createAdditionalData(options.credentials, 'engine-execution')),
		hooks,
	};

	const start =
		(options.startNode ? workflow.getNode(options.startNode) : undefined) ??
		workflowData.nodes.find((node) =>
			nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description.group.includes('trigger'),
		);
	if (!start) throw new Error('The workflow has no start node');

	const executeData: IExecuteData = { node: start, data: { main: [[{ json: {} }]] }, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	options.cancelSignal?.addEventListener('abort', () => execution.cancel(), { once: true });
	const run = await execution;

	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		output: (nodeName, outputIndex = 0) => runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? [],
		error: (nodeName) => runData[nodeName]?.[0]?.error,
	};
}

/** The Manual Trigger node that starts a test workflow. */
export const MANUAL_TRIGGER: INode = {
	id: 'start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** One node's results in a "Manual Trigger → Items → node" run (see runNodeOnItems). */
export interface NodeRun {
	run: IRun;
	status: IRun['status'];
	/** items on one of the node's outputs (0 = main, 1 = error output or second output) */
	output(outputIndex?: number): INodeExecutionData[];
	json(outputIndex?: number): IDataObject[];
	error(): ITaskData['error'];
}

/** Manual Trigger → Items (the given JSON items, or another `source` node) → `node`, run in-process by n8n-core. */
export async function runNodeOnItems(options: {
	node: INode;
	items?: IDataObject[];
	source?: INode;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
}): Promise<NodeRun> {
	const { node } = options;
	const items: INode = options.source ?? {
		id: 'items',
		name: 'Items',
		type: 'test.emitItems',
		typeVersion: 1,
		position: [200, 0],
		parameters: { items: JSON.stringify(options.items ?? [{}]) },
	};
	const result = await runWorkflow({
		workflow: {
			nodes: [MANUAL_TRIGGER, items, node],
			connections: {
				[MANUAL_TRIGGER.name]: { main: [[{ node: items.name, type: 'main', index: 0 }]] },
				[items.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
			},
		},
		credentials: options.credentials,
		staticData: options.staticData,
	});
	return {
		run: result.run,
		status: result.status,
		output: (outputIndex = 0) => result.output(node.name, outputIndex),
		json: (outputIndex = 0) => result.output(node.name, outputIndex).map((item) => item.json),
		error: () => result.error(node.name),
	};
}

/**
 * Runs `probe` inside a real workflow run (Manual Trigger → Probe node) with the given
 * credentials and returns what it returned; throws what the node failed with.
 */
export async function withNodeContext<T>(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	probe: (ctx: IExecuteFunctions) => Promise<T>,
	options: Pick<RunOptions, 'cancelSignal'> = {},
): Promise<T> {
	const name = `probe-${probes.size + 1}-${Date.now()}`;
	probes.set(name, probe);
	try {
		const result = await runWorkflow({
			workflow: {
				nodes: [
					MANUAL_TRIGGER,
					{
						id: 'probe',
						name: 'Probe',
						type: 'test.transportProbe',
						typeVersion: 1,
						position: [200, 0],
						parameters: { probe: name },
						credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: type, name: type }])),
					},
				],
				connections: { Start: { main: [[{ node: 'Probe', type: NodeConnectionTypes.Main, index: 0 }]] } },
			},
			credentials,
			cancelSignal: options.cancelSignal,
		});
		const error = result.error('Probe');
		// run data keeps the node's error as data; give it back as an Error with its fields
		if (error) throw Object.assign(new Error(error.message), error);
		return result.output('Probe')[0]?.json.result as T;
	} finally {
		probes.delete(name);
	}
}

/**
 * What n8n's server puts around the engine: credentials, URLs and the stubs the contexts expect.
 * A workflow run adds its lifecycle hooks; a poll of an active workflow uses it as it is.
 */
export async function createAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject> = {},
	executionId = 'engine-poll',
): Promise<IWorkflowExecuteAdditionalData> {
	const { credentialTypes } = await loadPackage();
	return {
		credentialsHelper: new CredentialsHelper(credentialTypes, credentials),
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		userId: 'engine-user',
		...Object.fromEntries(URL_FIELDS.map((field) => [field, `http://127.0.0.1/${field}`])),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not available in engine tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		startRunnerTask: async () => {
			throw new Error('task runners are not available in engine tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface PollRun {
	/** what the poll emitted on its output, or null when it emitted nothing */
	items: INodeExecutionData[] | null;
	/** the workflow's static data after the poll, as n8n stores it (JSON) */
	staticData: IDataObject;
	/** whether the poll changed the static data (n8n saves it only then) */
	staticDataChanged: boolean;
}

/**
 * One poll of an active workflow's polling trigger, the way n8n's poll job runs it: a PollContext
 * from n8n-core (`getExecutePollFunctions`, mode `trigger`) and TriggersAndPollers.runPollFunction.
 * The static data goes in and comes out as JSON, as it does through n8n's database between polls.
 */
export async function pollTrigger(options: {
	node: INode;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	/** the time n8n's poll job allows this poll (n8n's default is 5 minutes) */
	pollBudgetMs?: number;
}): Promise<PollRun> {
	const { nodeTypes } = await loadPackage();
	const workflow = new Workflow({
		id: 'engine-poll-workflow',
		name: 'engine poll',
		nodes: [options.node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: JSON.parse(JSON.stringify(options.staticData ?? {})) as IDataObject,
		settings: { executionOrder: 'v1' },
	});
	const node = workflow.getNode(options.node.name) as INode;
	const additionalData = await createAdditionalData(options.credentials);
	const { pollBudgetMs } = options;
	const pollFunctions =
		pollBudgetMs === undefined
			? getExecutePollFunctions(workflow, node, additionalData, 'trigger', 'activate')
			: // as n8n's poll job builds it; emit, cursor and staging hooks left at their defaults
				new PollContext(
					workflow,
					node,
					additionalData,
					'trigger',
					'activate',
					undefined,
					undefined,
					undefined,
					undefined,
					undefined,
					() => pollBudgetMs,
				);
	const result = await new TriggersAndPollers().runPollFunction(workflow, node, pollFunctions);
	return {
		items: result?.[0] ?? null,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		staticDataChanged: (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true,
	};
}
