import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type BasConnection, basRequest } from '../../transport';
import { resourcePath } from '../../odata/url';
import { documentTypeFor, postWritten } from './shared';
import { documentWrite, writeProperties } from './write';

export const description: INodeProperties[] = writeProperties('create');

/** A new document from the mapped fields and lines, posted when asked; outputs the document as 1C wrote it. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const write = await documentWrite(this, connection, document, itemIndex, 'add');
	const created = (await basRequest(this, connection, {
		method: 'POST',
		path: resourcePath(document.set.name),
		body: write.body,
		itemIndex,
	})) as IDataObject;
	const json = write.post
		? await postWritten(this, connection, document, String(created.Ref_Key), created, write.operational, itemIndex)
		: created;
	return [{ json, pairedItem: { item: itemIndex } }];
}
