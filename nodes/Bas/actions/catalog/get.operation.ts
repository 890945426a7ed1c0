import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../../common/nodeErrors';
import { literal } from '../../odata/filter';
import { isGuid } from '../../odata/literals';
import { resourcePath } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basRequest } from '../../transport';
import { resolveCatalog } from './catalogSet';

export const description: INodeProperties[] = [
	{
		displayName: 'Ref Key',
		name: 'refKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 0f5e2c1a-4b7d-4e7b-9a3c-2d1e0f9b8a77',
		description: 'The Ref_Key (GUID) of the catalog item',
		displayOptions: { show: { resource: ['catalog'], operation: ['get'] } },
	},
];

/** One catalog item by its Ref_Key, as the base sends it. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set } = await resolveCatalog(this, itemIndex, connection);
	const refKey = String(this.getNodeParameter('refKey', itemIndex) ?? '').trim();
	if (!isGuid(refKey)) {
		throw new NodeOperationError(this.getNode(), `The Ref Key "${refKey}" for ${set.name} is not a GUID`, {
			itemIndex,
		});
	}
	try {
		const row = (await basRequest(this, connection, {
			method: 'GET',
			path: resourcePath(set.name, literal.guid(refKey)),
			itemIndex,
		})) as IDataObject;
		return [{ json: row, pairedItem: { item: itemIndex } }];
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') {
			throw new NodeOperationError(this.getNode(), `${set.name} has no item with Ref_Key ${refKey}`, {
				itemIndex,
				description: error.message,
			});
		}
		throw asNodeError(this.getNode(), error, itemIndex);
	}
}
