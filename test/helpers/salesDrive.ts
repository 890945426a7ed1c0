/**
 * What the SalesDrive node's engine tests share: credentials for a SalesDrive sandbox, the
 * workflow "Manual Trigger → Items → SalesDrive" run through n8n-core, and the sandbox's request
 * log by endpoint.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { MANUAL_TRIGGER, runWorkflow, type WorkflowRun } from './engine';

export type SalesDriveCredentials = { salesDriveApi: ICredentialDataDecryptedObject };

export function salesDriveCredentials(sd: SalesDriveSandbox, limitTimeScale: number): SalesDriveCredentials {
	return { salesDriveApi: { apiKey: sd.apiKey, baseUrl: sd.url, limitTimeScale } };
}

export interface SalesDriveRun {
	status: WorkflowRun['status'];
	/** items on an output (0 = main, 1 = error output) */
	output(outputIndex?: number): INodeExecutionData[];
	json(outputIndex?: number): IDataObject[];
	error(): ReturnType<WorkflowRun['error']>;
}

/** Manual Trigger → Items → SalesDrive, with the error output on unless `onError` says otherwise. */
export async function runSalesDriveNode(options: {
	parameters: INode['parameters'];
	items?: IDataObject[];
	onError?: INode['onError'] | 'stop';
	credentials: SalesDriveCredentials;
}): Promise<SalesDriveRun> {
	const node: INode = {
		id: 'salesDrive',
		name: 'SalesDrive',
		type: 'n8n-nodes-bas-crm.salesDrive',
		typeVersion: 1,
		position: [400, 0],
		parameters: options.parameters,
		credentials: { salesDriveApi: { id: '1', name: 'SalesDrive' } },
		...(options.onError === 'stop' ? {} : { onError: options.onError ?? 'continueErrorOutput' }),
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

/** The sandbox's requests to one endpoint (path without the query), in order. */
export const requestsTo = (sd: SalesDriveSandbox, method: string, path: string) =>
	sd.requests.filter((request) => request.method === method && request.url.split('?')[0] === path);
