import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isGuid } from '../../odata/literals';
import { type BasConnection, basRequest } from '../../transport';
import { documentPath, documentTypeFor, postWritten, readDocument } from './shared';
import { documentWrite, writeProperties } from './write';

export const description: INodeProperties[] = writeProperties('update');

/** Changes the mapped fields (and lines) of the document with the matched Ref_Key; the others stay. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const write = await documentWrite(this, connection, document, itemIndex, 'update');
	const refKey = write.refKey;
	if (refKey === undefined || !isGuid(refKey)) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the Ref_Key "${refKey ?? ''}" to update is not a GUID`,
			{ itemIndex, description: "Map the document's Ref_Key in the Fields, or pass items that carry it." },
		);
	}
	let updated: IDataObject;
	if (Object.keys(write.body).length > 0) {
		updated = (await basRequest(this, connection, {
			method: 'PATCH',
			path: documentPath(document, refKey),
			body: write.body,
			itemIndex,
		})) as IDataObject;
	} else {
		updated = await readDocument(this, connection, document, refKey, itemIndex);
	}
	const json = write.post
		? await postWritten(this, connection, document, refKey, updated, write.operational, itemIndex)
		: updated;
	return [{ json, pairedItem: { item: itemIndex } }];
}
