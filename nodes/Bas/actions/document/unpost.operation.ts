import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { documentTypeFor, postDocument, refKeyOf, refKeyProperty } from './shared';

export const description: INodeProperties[] = [refKeyProperty(['unpost'])];

/** Cancels the posting: the document stays, its register movements go. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const refKey = refKeyOf(this, itemIndex);
	await postDocument(this, connection, document, refKey, { action: 'Unpost', itemIndex });
	return [
		{ json: { Ref_Key: refKey, documentType: document.set.name, Posted: false }, pairedItem: { item: itemIndex } },
	];
}
