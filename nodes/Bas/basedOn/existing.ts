import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { oldestDocumentFirst } from '../documents';
import { and, eq, type Filter, literal } from '../odata/filter';
import type { EntitySetModel } from '../odata/model';
import { resourcePath } from '../odata/url';
import { type BasConnection, basListAll } from '../transport';

/**
 * `$filter` for "refers to this base": `X_Key eq guid'…'` for a plain reference, and for a
 * composite attribute `X eq cast(guid'…', 'Document_Y')` (1C matches a bare guid there never).
 * Undefined when the target has no such attribute.
 */
export function linkFilter(
	target: EntitySetModel,
	attribute: string,
	baseSet: string,
	baseRef: string,
): Filter | undefined {
	const property = target.properties.find(
		(p) => p.attribute === attribute && (p.kind === 'reference' || p.kind === 'composite'),
	);
	if (!property) return undefined;
	return property.kind === 'reference'
		? eq(property.name, literal.guid(baseRef))
		: eq(property.name, literal.reference(baseRef, baseSet));
}

/**
 * The documents of a set that refer to the base and are not marked for deletion, oldest first as
 * the duplicate guard orders them (the oldest is the one kept when two were made at once),
 * optionally only posted ones.
 */
export async function documentsBasedOn(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	options: { target: EntitySetModel; link: Filter; posted?: boolean; itemIndex: number },
): Promise<IDataObject[]> {
	const { target, link, posted, itemIndex } = options;
	const filter = and(
		link,
		eq('DeletionMark', literal.boolean(false)),
		posted ? eq('Posted', literal.boolean(true)) : undefined,
	);
	const documents = await basListAll(
		ctx,
		connection,
		resourcePath(target.name),
		{ filter, orderBy: ['Date asc', 'Number asc'] },
		{ limit: 100, itemIndex },
	);
	return documents.sort(oldestDocumentFirst);
}
