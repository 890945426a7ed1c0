import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type BasConnection, basRequest } from '../../transport';
import { resourcePath } from '../../odata/url';
import { documentTypeFor, postDocument } from './shared';
import { lineDefaultsProperty } from './goodsLines';
import { referenceProperties } from './references';
import { documentWrite, fieldsProperty, linesProperties, writeOptionsProperty } from './write';

export const description: INodeProperties[] = [
	fieldsProperty('create'),
	...referenceProperties(['create']),
	...linesProperties('create'),
	lineDefaultsProperty(['create']),
	writeOptionsProperty('create'),
];

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
	if (write.post) {
		const refKey = String(created.Ref_Key);
		await postDocument(this, connection, document, refKey, {
			action: 'Post',
			operational: write.operational,
			number: typeof created.Number === 'string' ? created.Number : undefined,
			itemIndex,
		});
		created.Posted = true;
	}
	return [{ json: created, pairedItem: { item: itemIndex } }];
}
