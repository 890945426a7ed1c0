/**
 * What the SalesDrive node's engine tests share: credentials for a SalesDrive sandbox, the
 * workflow "Manual Trigger → Items → SalesDrive" run through n8n-core, and the sandbox's request
 * log by endpoint.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import type { SalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { type NodeRun, runNodeOnItems } from './engine';

export type SalesDriveCredentials = { salesDriveApi: ICredentialDataDecryptedObject };

export function salesDriveCredentials(sd: SalesDriveSandbox, limitTimeScale: number): SalesDriveCredentials {
	return { salesDriveApi: { apiKey: sd.apiKey, baseUrl: sd.url, limitTimeScale } };
}

export type SalesDriveRun = NodeRun;

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
	return await runNodeOnItems({ node, items: options.items, credentials: options.credentials });
}

/** The sandbox's requests to one endpoint (path without the query), in order. */
export const requestsTo = (sd: SalesDriveSandbox, method: string, path: string) =>
	sd.requests.filter((request) => request.method === method && request.url.split('?')[0] === path);
