import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../../common/nodeErrors';
import { FieldValueError } from '../../fields';
import { literal } from '../../odata/filter';
import { isGuid } from '../../odata/literals';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basMetadata, basRequest } from '../../transport';
import { CONFIGURATION_DEFAULT, type DocumentType, resolveDocumentType } from './documentType';

/** Shown for every operation: which document type. */
export const documentTypeProperty: INodeProperties = {
	displayName: 'Document Type Name or ID',
	name: 'documentType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getDocumentTypes' },
	default: CONFIGURATION_DEFAULT,
	required: true,
	description:
		'Document to work with, from the base\'s own $metadata. "Use Configuration Default" is the usual customer order of the configuration chosen in the credential. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	// Create Based On takes its document types from the scenario
	displayOptions: { show: { resource: ['document'] }, hide: { operation: ['createBasedOn'] } },
};

/** The Ref_Key of the document an operation acts on; by default the incoming item's own. */
export function refKeyProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Document Ref_Key',
		name: 'refKey',
		type: 'string',
		default: '={{ $json.Ref_Key }}',
		required: true,
		placeholder: 'e.g. 5f0e3b2a-…',
		description: 'The GUID that identifies the document (its Ref_Key)',
		displayOptions: { show: { resource: ['document'], operation: operations } },
	};
}

/** The chosen document type for an item, from the base's metadata. */
export async function documentTypeFor(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	itemIndex: number,
): Promise<DocumentType> {
	const model = await basMetadata(ctx, connection, itemIndex);
	return resolveDocumentType(
		ctx,
		connection,
		model,
		ctx.getNodeParameter('documentType', itemIndex) as string,
		itemIndex,
	);
}

/** The `refKey` parameter, checked to be a GUID. */
export function refKeyOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('refKey', itemIndex, '')).trim();
	if (!isGuid(value)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: the Ref_Key "${value}" is not a GUID`, {
			itemIndex,
			description: 'A document is identified by its Ref_Key, e.g. 5f0e3b2a-1c4d-11ef-9a3b-0800200c9a66.',
		});
	}
	return value.toLowerCase();
}

/** A value the fields refused, as a node error naming the item, the field and the value. */
export function fieldError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (!(error instanceof FieldValueError)) return error;
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${error.message}`, {
		itemIndex,
		description: 'Nothing was sent to BAS.',
	});
}

/** `Document_X(guid'…')` and what follows it. */
export function documentPath(document: DocumentType, refKey: string, ...segments: string[]): string {
	return resourcePath(document.set.name, literal.guid(refKey), ...segments);
}

export async function readDocument(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	refKey: string,
	itemIndex: number,
): Promise<IDataObject> {
	return (await basRequest(ctx, connection, {
		method: 'GET',
		path: documentPath(document, refKey),
		itemIndex,
	})) as IDataObject;
}

/** Posting in operational mode, offered wherever a document is posted. */
export const operationalPostingProperty: INodeProperties = {
	displayName: 'Operational Posting',
	name: 'operational',
	type: 'boolean',
	default: false,
	description:
		"Whether to post in operational mode (1C allows it only for a document dated now); off posts as of the document's date",
};

/**
 * Posts or unposts a document. A refusal by 1C (posting checks, stock, a closed period: HTTP 500
 * with code -1) comes back with the item, the document's number and 1C's message as it is.
 */
export async function postDocument(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	refKey: string,
	options: { action: 'Post' | 'Unpost'; operational?: boolean; number?: string; itemIndex: number },
): Promise<void> {
	const { action, itemIndex } = options;
	// the parameter goes only where the base's metadata declares it
	const declared = document.set.functions[action]?.parameters.some((p) => p.name === 'PostingModeOperational');
	let refusal: NodeApiError | undefined;
	try {
		await basRequest(ctx, connection, {
			method: 'POST',
			path: documentPath(document, refKey, action),
			query: declared ? { extra: { PostingModeOperational: options.operational ? 'true' : 'false' } } : {},
			itemIndex,
		});
	} catch (error) {
		// a refusal by 1C carries its code; anything else (auth, network) goes up as the transport shaped it
		const response = error instanceof NodeApiError ? (error.errorResponse as JsonObject | undefined) : undefined;
		if (response?.code === undefined) throw asNodeError(ctx.getNode(), error, itemIndex);
		refusal = error as NodeApiError;
	}
	if (refusal) {
		const error = refusal;
		const response = error.errorResponse as JsonObject;
		const number = options.number ?? (await documentNumber(ctx, connection, document, refKey, itemIndex));
		const what = `${document.set.name} ${number ?? refKey}`;
		throw new NodeApiError(ctx.getNode(), response, {
			message: `Item ${itemIndex}: 1C did not ${action === 'Post' ? 'post' : 'unpost'} ${what}: ${String(response.message)}`,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
}

/** The document's number, for messages; undefined when it cannot be read. */
async function documentNumber(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	refKey: string,
	itemIndex: number,
): Promise<string | undefined> {
	try {
		const found = (await basRequest(ctx, connection, {
			method: 'GET',
			path: documentPath(document, refKey),
			query: { select: ['Number'] },
			itemIndex,
		})) as IDataObject;
		return typeof found?.Number === 'string' ? found.Number : undefined;
	} catch {
		return undefined;
	}
}

/** Posts a document just written (its number goes into a refusal's message); returns it as posted. */
export async function postWritten(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	refKey: string,
	written: IDataObject,
	operational: boolean,
	itemIndex: number,
): Promise<IDataObject> {
	await postDocument(ctx, connection, document, refKey, {
		action: 'Post',
		operational,
		number: typeof written.Number === 'string' ? written.Number : undefined,
		itemIndex,
	});
	return { ...written, Posted: true };
}
