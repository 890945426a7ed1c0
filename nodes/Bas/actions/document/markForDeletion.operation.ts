import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type BasConnection, basRequest } from '../../transport';
import { documentPath, documentTypeFor, refKeyOf, refKeyProperty } from './shared';

export const description: INodeProperties[] = [refKeyProperty(['markForDeletion'])];

/**
 * Sets the deletion mark, as a user does in BAS; the document is deleted later by BAS's own
 * "delete marked objects", which checks that nothing refers to it. Never an OData DELETE: that
 * destroys the object at once, references or not.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const refKey = refKeyOf(this, itemIndex);
	const marked = (await basRequest(this, connection, {
		method: 'PATCH',
		path: documentPath(document, refKey),
		body: { DeletionMark: true },
		itemIndex,
	})) as IDataObject;
	return [{ json: marked, pairedItem: { item: itemIndex } }];
}
