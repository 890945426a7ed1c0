import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DocumentType } from '../actions/document/documentType';
import { postDocument } from '../actions/document/shared';
import { keepOldest, noteField } from '../documents';
import { entityTarget } from '../fields';
import { literal } from '../odata/filter';
import type { EntitySetModel, MetadataModel } from '../odata/model';
import { resourcePath } from '../odata/url';
import { type BasConnection, basRequest } from '../transport';

/** What every scenario needs for one item. */
export interface ScenarioContext {
	ctx: IExecuteFunctions;
	connection: BasConnection;
	model: MetadataModel;
	itemIndex: number;
	/** the base document's Ref_Key */
	baseRef: string;
	/** post what is created (and what exists unposted) */
	post: boolean;
	/** the new document's date in the base's time zone; 1C dates it now when absent */
	date?: string;
}

/** `created`, `exists` (found for this base, nothing written), `closed`, or `skipped` (nothing to do here). */
export type BasedOnResult = 'created' | 'exists' | 'closed' | 'skipped';

/** A document set the scenario needs, refused with a clear message when the publication lacks it. */
export function documentSet(scenario: ScenarioContext, name: string): EntitySetModel {
	const set = scenario.model.entitySets[name];
	if (!set || set.kind !== 'Document') {
		throw new NodeOperationError(
			scenario.ctx.getNode(),
			`Item ${scenario.itemIndex}: the publication has no document "${name}", which this scenario needs`,
			{
				itemIndex: scenario.itemIndex,
				description:
					'Include it in the OData interface of the base (the "Set up standard OData interface" data processor).',
			},
		);
	}
	return set;
}

export function path(set: EntitySetModel, refKey: string, ...segments: string[]): string {
	return resourcePath(set.name, literal.guid(refKey), ...segments);
}

/** The base document, refused when it is marked for deletion. */
export async function readBase(scenario: ScenarioContext, set: EntitySetModel): Promise<IDataObject> {
	const { ctx, connection, itemIndex, baseRef } = scenario;
	const base = (await basRequest(ctx, connection, {
		method: 'GET',
		path: path(set, baseRef),
		itemIndex,
	})) as IDataObject;
	if (base.DeletionMark === true) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${set.name} ${String(base.Number)} is marked for deletion; nothing is based on it`,
			{ itemIndex },
		);
	}
	return base;
}

/** The set as the document helpers take it (posting, the duplicate guard). */
function documentType(scenario: ScenarioContext, set: EntitySetModel): DocumentType {
	return { set, model: scenario.model, target: entityTarget(set) };
}

/** Posts a document; a refusal by 1C comes back word for word with the document's number. */
export async function post(scenario: ScenarioContext, set: EntitySetModel, document: IDataObject): Promise<void> {
	const { ctx, connection, itemIndex } = scenario;
	await postDocument(ctx, connection, documentType(scenario, set), String(document.Ref_Key), {
		action: 'Post',
		number: typeof document.Number === 'string' ? document.Number : undefined,
		itemIndex,
	});
	document.Posted = true;
}

/** How a created document is told apart from another execution's one for the same base. */
export interface SameDocument {
	/** the live documents for the same base (and payment), read again after our create */
	findLive: () => Promise<IDataObject[]>;
	/** for the duplicate's note, e.g. "Document_ЗаказПокупателя 000012" */
	duplicateOf: string;
	/** the attribute the documents are matched on besides the base, which the note must not overwrite */
	keyField?: string;
}

export interface Created {
	/** `created`, or `exists` when another execution's older document was kept */
	result: 'created' | 'exists';
	document: IDataObject;
	/** our document, marked for deletion because an older one was created at the same time */
	duplicateMarkedForDeletion?: string;
}

/**
 * Creates a document from its body (dated when asked), then reads the documents for the same base
 * again: another n8n worker may have created one since our look-up, which no in-process lock sees.
 * The oldest is kept and ours, if it lost, marked for deletion (nodes/Bas/documents/guard.ts).
 * Only the kept document is posted, so a duplicate never moves stock.
 */
export async function createOnce(
	scenario: ScenarioContext,
	set: EntitySetModel,
	body: IDataObject,
	same: SameDocument,
): Promise<Created> {
	const { ctx, connection, itemIndex, date } = scenario;
	const created = (await basRequest(ctx, connection, {
		method: 'POST',
		path: resourcePath(set.name),
		body: date ? { Date: date, ...body } : body,
		itemIndex,
	})) as IDataObject;
	const settled = await keepOldest(ctx, connection, documentType(scenario, set), created, await same.findLive(), {
		duplicateOf: same.duplicateOf,
		noteField: noteField(set, same.keyField),
		itemIndex,
	});
	if (settled.markedForDeletion) {
		const document = await existing(scenario, set, settled.kept);
		return { result: 'exists', document, duplicateMarkedForDeletion: settled.markedForDeletion };
	}
	if (scenario.post) await post(scenario, set, created);
	return { result: 'created', document: created };
}

/** An existing document for the base, posted now if the scenario posts and it is not yet. */
export async function existing(
	scenario: ScenarioContext,
	set: EntitySetModel,
	document: IDataObject,
): Promise<IDataObject> {
	// a run that created it but failed to post (stock, a closed period) finishes here the second time
	if (scenario.post && document.Posted !== true) await post(scenario, set, document);
	return document;
}

/**
 * The output item: what happened, the document in short (for the next node's `$json.Ref_Key`),
 * the base it refers to, and the document as 1C returned it.
 */
export function scenarioOutput(
	scenario: ScenarioContext,
	details: {
		result: BasedOnResult;
		name: string;
		set?: EntitySetModel;
		document?: IDataObject;
		baseSet?: EntitySetModel;
		base?: IDataObject;
		reason?: string;
		duplicateMarkedForDeletion?: string;
	},
): INodeExecutionData {
	const { result, name, set, document, baseSet, base, reason, duplicateMarkedForDeletion } = details;
	const json: IDataObject = { result, scenario: name };
	if (set && document) {
		Object.assign(json, {
			documentType: set.name,
			Ref_Key: document.Ref_Key,
			Number: document.Number,
			Date: document.Date,
			Posted: document.Posted,
		});
	}
	if (reason) json.reason = reason;
	if (duplicateMarkedForDeletion) json.duplicateMarkedForDeletion = duplicateMarkedForDeletion;
	if (baseSet) {
		json.base = { documentType: baseSet.name, Ref_Key: scenario.baseRef, Number: base?.Number };
	}
	if (document) json.document = document;
	return { json, pairedItem: { item: scenario.itemIndex } };
}
