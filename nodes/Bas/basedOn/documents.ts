import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { postDocument } from '../actions/document/shared';
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

/** Posts a document; a refusal by 1C comes back word for word with the document's number. */
export async function post(scenario: ScenarioContext, set: EntitySetModel, document: IDataObject): Promise<void> {
	const { ctx, connection, model, itemIndex } = scenario;
	await postDocument(ctx, connection, { set, model, target: entityTarget(set) }, String(document.Ref_Key), {
		action: 'Post',
		number: typeof document.Number === 'string' ? document.Number : undefined,
		itemIndex,
	});
	document.Posted = true;
}

/** Creates a document from its body (dated when asked) and posts it when asked. */
export async function createAndPost(
	scenario: ScenarioContext,
	set: EntitySetModel,
	body: IDataObject,
): Promise<IDataObject> {
	const { ctx, connection, itemIndex, date } = scenario;
	const created = (await basRequest(ctx, connection, {
		method: 'POST',
		path: resourcePath(set.name),
		body: date ? { Date: date, ...body } : body,
		itemIndex,
	})) as IDataObject;
	if (scenario.post) await post(scenario, set, created);
	return created;
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
	},
): INodeExecutionData {
	const { result, name, set, document, baseSet, base, reason } = details;
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
	if (baseSet) {
		json.base = { documentType: baseSet.name, Ref_Key: scenario.baseRef, Number: base?.Number };
	}
	if (document) json.document = document;
	return { json, pairedItem: { item: scenario.itemIndex } };
}
