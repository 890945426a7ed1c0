/**
 * What the KeyCRM node tests share: credentials for a KeyCRM sandbox and the workflow
 * "Manual Trigger → Items → KeyCRM" run through n8n-core.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { RecordedRequest } from '../../sandbox/common/recorder';
import type { KeyCrmSandbox } from '../../sandbox/keycrm/server';
import { loadPackage, type NodeRun, runNodeOnItems } from './engine';

export type KeyCrmCredentials = { keyCrmApi: ICredentialDataDecryptedObject };

export function keyCrmCredentials(kc: KeyCrmSandbox, timeScale = 1): KeyCrmCredentials {
	return { keyCrmApi: { apiKey: kc.apiKey, baseUrl: kc.baseUrl, limitTimeScale: timeScale } };
}

export type KeyCrmNodeRun = NodeRun;

/** Manual Trigger → Items → KeyCRM with these parameters, in-process against the sandbox. */
export async function runKeyCrmNode(options: {
	parameters: INode['parameters'];
	items?: IDataObject[];
	onError?: INode['onError'];
	credentials: KeyCrmCredentials;
}): Promise<KeyCrmNodeRun> {
	const node: INode = {
		id: 'keycrm',
		name: 'KeyCRM',
		type: 'n8n-nodes-bas-crm.keyCrm',
		typeVersion: 1,
		position: [400, 0],
		parameters: options.parameters,
		credentials: { keyCrmApi: { id: '1', name: 'KeyCRM' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	return await runNodeOnItems({ node, items: options.items, credentials: options.credentials });
}

/** Requests to an API path (without /v1 and the query), e.g. `PUT /offers`. */
export function requestsTo(kc: KeyCrmSandbox, target: string): RecordedRequest[] {
	return kc.requests.filter((r) => `${r.method} ${r.url.replace(/^\/v1/, '').replace(/\?.*$/, '')}` === target);
}

/** Emits one item carrying a binary file (`data`), for upload tests. */
class EmitFile implements INodeType {
	description = {
		displayName: 'Emit File',
		name: 'emitFile',
		group: ['transform'],
		version: 1,
		description: 'Emits one item with a binary file',
		defaults: { name: 'File' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'File Name', name: 'fileName', type: 'string', default: 'file.txt' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
			{ displayName: 'Size', name: 'size', type: 'number', default: 0 },
		],
	} as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const text = this.getNodeParameter('text', 0) as string;
		const size = this.getNodeParameter('size', 0) as number;
		const bytes = size > 0 ? Buffer.alloc(size, 0x41) : Buffer.from(text, 'utf8');
		const fileName = this.getNodeParameter('fileName', 0) as string;
		// in-memory binary data: base64 in the item, as n8n keeps it without a binary data store
		const binary = { data: { data: bytes.toString('base64'), mimeType: 'text/plain', fileName } };
		return [[{ json: { fileName }, binary, pairedItem: { item: 0 } }]];
	}
}

let fileNodeAdded = false;

/** Adds the test-only `test.emitFile` node to the engine's node types (once). */
async function addFileNode(): Promise<void> {
	if (fileNodeAdded) return;
	const { nodeTypes } = await loadPackage();
	const emitFile = new EmitFile();
	const byName = nodeTypes.getByName.bind(nodeTypes);
	const byNameAndVersion = nodeTypes.getByNameAndVersion.bind(nodeTypes);
	nodeTypes.getByName = (name) => (name === 'test.emitFile' ? emitFile : byName(name));
	nodeTypes.getByNameAndVersion = (name, version) =>
		name === 'test.emitFile' ? emitFile : byNameAndVersion(name, version);
	fileNodeAdded = true;
}

/** Manual Trigger → a binary file → KeyCRM with these parameters. */
export async function runKeyCrmNodeOnFile(options: {
	parameters: INode['parameters'];
	file: { fileName: string; text?: string; size?: number };
	onError?: INode['onError'];
	credentials: KeyCrmCredentials;
}): Promise<KeyCrmNodeRun> {
	await addFileNode();
	const node: INode = {
		id: 'keycrm',
		name: 'KeyCRM',
		type: 'n8n-nodes-bas-crm.keyCrm',
		typeVersion: 1,
		position: [400, 0],
		parameters: options.parameters,
		credentials: { keyCrmApi: { id: '1', name: 'KeyCRM' } },
		...(options.onError ? { onError: options.onError } : {}),
	};
	const file: INode = {
		id: 'file',
		name: 'File',
		type: 'test.emitFile',
		typeVersion: 1,
		position: [200, 0],
		parameters: options.file,
	};
	return await runNodeOnItems({ node, source: file, credentials: options.credentials });
}
