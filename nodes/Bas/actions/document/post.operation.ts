import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { documentTypeFor, operationalPostingProperty, postDocument, refKeyOf, refKeyProperty } from './shared';

export const description: INodeProperties[] = [
	refKeyProperty(['post']),
	{ ...operationalPostingProperty, displayOptions: { show: { resource: ['document'], operation: ['post'] } } },
];

/** Posts the document: 1C checks it and makes its register movements, or refuses with its own message. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const refKey = refKeyOf(this, itemIndex);
	const operational = this.getNodeParameter('operational', itemIndex, false) as boolean;
	await postDocument(this, connection, document, refKey, { action: 'Post', operational, itemIndex });
	return [
		{ json: { Ref_Key: refKey, documentType: document.set.name, Posted: true }, pairedItem: { item: itemIndex } },
	];
}
