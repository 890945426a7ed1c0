/**
 * What the KeyCRM node tests share: credentials for a KeyCRM sandbox and the workflow
 * "Manual Trigger → Items → KeyCRM" run through n8n-core.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest } from '../../sandbox/common/recorder';
import type { KeyCrmSandbox } from '../../sandbox/keycrm/server';
import { MANUAL_TRIGGER, runWorkflow, type WorkflowRun } from './engine';

export type KeyCrmCredentials = { keyCrmApi: ICredentialDataDecryptedObject };

export function keyCrmCredentials(kc: KeyCrmSandbox, timeScale = 1): KeyCrmCredentials {
	return { keyCrmApi: { apiKey: kc.apiKey, baseUrl: kc.baseUrl, limitTimeScale: timeScale } };
}

export interface KeyCrmNodeRun {
	status: WorkflowRun['status'];
	output(outputIndex?: number): INodeExecutionData[];
	json(outputIndex?: number): IDataObject[];
	error(): ReturnType<WorkflowRun['error']>;
}

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
	const items: INode = {
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
	});
	return {
		status: result.status,
		output: (outputIndex = 0) => result.output(node.name, outputIndex),
		json: (outputIndex = 0) => result.output(node.name, outputIndex).map((item) => item.json),
		error: () => result.error(node.name),
	};
}

/** Requests to an API path (without /v1 and the query), e.g. `PUT /offers`. */
export function requestsTo(kc: KeyCrmSandbox, target: string): RecordedRequest[] {
	return kc.requests.filter((r) => `${r.method} ${r.url.replace(/^\/v1/, '').replace(/\?.*$/, '')}` === target);
}
