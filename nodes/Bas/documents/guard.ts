/**
 * Finding a document by its external id, and the guard that keeps one document per id.
 *
 * Three layers make "the same order twice never makes two documents":
 * 1. Sequential deliveries (a webhook sent five times): each upsert looks the id up first and
 *    finds what the first one created.
 * 2. Executions at the same moment in one n8n process: ./lock.ts queues upserts of the same
 *    publication, document type and id, so look-up and create never interleave.
 * 3. Executions on different n8n workers (queue mode), where no in-process lock reaches, and 1C
 *    has no unique constraint a client could lean on: every creator reads the id back right after
 *    its create. When more than one live document carries it, all creators agree on the OLDEST
 *    (earliest Date, then Number, then Ref_Key — under equal dates 1C's numbering follows the
 *    order of creation), and a creator whose own document lost marks it for deletion (never
 *    deletes it: 1C's DELETE destroys data and references) with a note in its comment, then
 *    applies its values to the oldest as an update. Look-ups skip documents marked for
 *    deletion by default, so the duplicate stays out of later exchanges. The window left: a
 *    creator that re-reads before a slower one has written sees only its own document; the
 *    slower one then sees both and yields, so the result still converges on one live document.
 * The same guard, for catalog objects, is nodes/Bas/references/create.ts; documents order by
 * Date and Number instead of Code, so the ordering here is their own. Create Based On
 * (nodes/Bas/basedOn) settles its follow-up documents with `keepOldest` as well, keyed by the
 * base (and the CRM payment id), and posts only the document it keeps.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { TransportContext } from '../../common/transport';
import type { DocumentType } from '../actions/document/documentType';
import { postDocument } from '../actions/document/shared';
import type { EntitySetModel } from '../odata/model';
import { literal } from '../odata/filter';
import { resourcePath } from '../odata/url';
import { type BasConnection, basListAll, basRequest } from '../transport';
import { carriesExternalId, type ExternalIdLocation, externalIdFilter } from './externalId';

/** Documents read per look-up: one id should have one document; a few more show a race's leftovers. */
const LOOKUP_LIMIT = 20;

/** Oldest first: earliest Date, then Number (same prefix and width within a base), then Ref_Key. */
export function oldestDocumentFirst(a: IDataObject, b: IDataObject): number {
	for (const field of ['Date', 'Number', 'Ref_Key']) {
		const left = String(a[field] ?? '');
		const right = String(b[field] ?? '');
		if (left !== right) return left < right ? -1 : 1;
	}
	return 0;
}

export interface FoundDocuments {
	/** documents not marked for deletion, oldest first */
	live: IDataObject[];
	/** documents marked for deletion, oldest first */
	marked: IDataObject[];
}

/** Every document of the type that carries the external id, whole (tabular sections included). */
export async function findByExternalId(
	ctx: TransportContext,
	connection: BasConnection,
	document: DocumentType,
	location: ExternalIdLocation,
	externalId: string,
	itemIndex: number,
): Promise<FoundDocuments> {
	const rows = await basListAll(
		ctx,
		connection,
		resourcePath(document.set.name),
		{ filter: externalIdFilter(location, externalId), orderBy: ['Date asc', 'Number asc'] },
		{ limit: LOOKUP_LIMIT, itemIndex },
	);
	const carrying = rows.filter((row) => carriesExternalId(row, location, externalId)).sort(oldestDocumentFirst);
	return {
		live: carrying.filter((row) => row.DeletionMark !== true),
		marked: carrying.filter((row) => row.DeletionMark === true),
	};
}

export interface Settled {
	/** the document that keeps the id: ours, or an older one another execution created */
	kept: IDataObject;
	/** our document, marked for deletion because an older one carries the same id */
	markedForDeletion?: string;
}

/**
 * The text attribute a duplicate's note goes to: `Комментарий` where the document has one, unless
 * that attribute holds the key the documents are matched on (it would stop matching).
 */
export function noteField(set: EntitySetModel, keyField?: string): string | undefined {
	const comment = set.properties.find((p) => p.name === 'Комментарий' && p.type === 'Edm.String');
	return comment && comment.name !== keyField ? comment.name : undefined;
}

/**
 * Settles our create against the live documents that carry the same key, read back after it
 * (see the module comment): the oldest is kept. When ours lost it is unposted first if posted (by
 * us or by another execution that found it meanwhile), so its register movements go, then marked
 * for deletion with a note saying whose duplicate it is (`duplicateOf`, e.g. "external id X").
 */
export async function keepOldest(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	created: IDataObject,
	live: IDataObject[],
	options: { duplicateOf: string; noteField?: string; itemIndex: number },
): Promise<Settled> {
	const { itemIndex } = options;
	const ours = String(created.Ref_Key).toLowerCase();
	const isOurs = (row: IDataObject) => String(row.Ref_Key).toLowerCase() === ours;
	const oldest = [...live].sort(oldestDocumentFirst)[0];
	// our own document not visible yet (or stored differently from how it was sent): keep it
	if (!oldest || isOurs(oldest)) return { kept: created };

	if (created.Posted === true || live.find(isOurs)?.Posted === true) {
		await postDocument(ctx, connection, document, ours, {
			action: 'Unpost',
			number: typeof created.Number === 'string' ? created.Number : undefined,
			itemIndex,
		});
	}
	const body: IDataObject = { DeletionMark: true };
	if (options.noteField) {
		body[options.noteField] =
			`Duplicate of ${String(oldest.Number ?? oldest.Ref_Key)} for ${options.duplicateOf}, ` +
			'created by a concurrent n8n execution and marked for deletion';
	}
	await basRequest(ctx, connection, {
		method: 'PATCH',
		path: resourcePath(document.set.name, literal.guid(ours)),
		body,
		itemIndex,
	});
	return { kept: oldest, markedForDeletion: ours };
}

/** Reads the id back after our create and keeps the oldest document (see the module comment). */
export async function settleAfterCreate(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	location: ExternalIdLocation,
	externalId: string,
	created: IDataObject,
	itemIndex: number,
): Promise<Settled> {
	const { live } = await findByExternalId(ctx, connection, document, location, externalId, itemIndex);
	return await keepOldest(ctx, connection, document, created, live, {
		duplicateOf: `external id ${externalId}`,
		noteField: noteField(document.set, location.kind === 'attribute' ? location.field : undefined),
		itemIndex,
	});
}
