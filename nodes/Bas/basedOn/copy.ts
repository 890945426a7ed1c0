import type { IDataObject } from 'n8n-workflow';

import { EMPTY_GUID, isGuid } from '../odata/literals';
import type { EntitySetModel, PropertyModel } from '../odata/model';
import type { CopyRule } from './rules';

const TYPE_PREFIX = 'StandardODATA.';

/**
 * A value read from a base document: a reference to an object of a set, or a plain value (with
 * its `Edm.*` type when a composite attribute held it).
 */
export type CopiedValue = { ref: string; set?: string } | { value: IDataObject[string]; type?: string };

/** The property holding an attribute (`X_Key`, composite `X`, or plain `X`), not its `_Type` companion. */
function attributeProperty(properties: PropertyModel[], attribute: string): PropertyModel | undefined {
	return properties.find(
		(p) => p.attribute === attribute && (p.kind === 'value' || p.kind === 'reference' || p.kind === 'composite'),
	);
}

/** The columns of a tabular section of a set, or undefined when it has none by that name. */
export function sectionColumns(set: EntitySetModel, section: string): PropertyModel[] | undefined {
	const property = set.properties.find((p) => p.name === section && p.kind === 'tabularSection');
	return property?.columns;
}

/** An attribute's value in a row of the base (or its header); undefined when empty or absent. */
export function readAttribute(
	properties: PropertyModel[],
	row: IDataObject,
	attribute: string,
): CopiedValue | undefined {
	const property = attributeProperty(properties, attribute);
	if (!property) return undefined;
	const raw = row[property.name];
	if (property.kind === 'reference') {
		return isGuid(raw) && raw !== EMPTY_GUID ? { ref: raw, set: property.target } : undefined;
	}
	if (property.kind === 'composite') {
		const type = row[`${attribute}_Type`];
		if (typeof type === 'string' && type.startsWith(TYPE_PREFIX)) {
			return isGuid(raw) && raw !== EMPTY_GUID ? { ref: raw, set: type.slice(TYPE_PREFIX.length) } : undefined;
		}
		// a primitive in a composite attribute, e.g. an amount of a defined type in UT
		return raw === undefined || raw === null || raw === ''
			? undefined
			: { value: raw, type: typeof type === 'string' && type.startsWith('Edm.') ? type : undefined };
	}
	return raw === undefined || raw === null ? undefined : { value: raw };
}

/**
 * Writes an attribute into the new document's body in the shape its `$metadata` asks for: a
 * reference as `X_Key`, or as `X` + `X_Type` where the attribute is composite (a primitive there
 * with its `Edm.*` type). A value that does
 * not fit (a reference to another set, a reference into a plain value) is left out rather than
 * guessed, as 1C's own filling leaves such attributes empty.
 */
export function writeAttribute(
	properties: PropertyModel[],
	body: IDataObject,
	attribute: string,
	copied: CopiedValue | undefined,
): void {
	const property = attributeProperty(properties, attribute);
	if (!property || copied === undefined) return;
	if ('ref' in copied) {
		if (property.kind === 'reference') {
			if (copied.set && property.target && copied.set !== property.target) return;
			body[property.name] = copied.ref;
		} else if (property.kind === 'composite' && copied.set) {
			body[property.name] = copied.ref;
			body[`${attribute}_Type`] = `${TYPE_PREFIX}${copied.set}`;
		}
		return;
	}
	if (property.kind === 'value') body[property.name] = copied.value;
	else if (property.kind === 'composite') {
		body[property.name] = copied.value;
		body[`${attribute}_Type`] = copied.type ?? edmType(copied.value);
	}
}

/** The `Edm.*` type 1C gives a primitive value in a composite attribute's `_Type`. */
function edmType(value: unknown): string {
	if (typeof value === 'number') return 'Edm.Double';
	if (typeof value === 'boolean') return 'Edm.Boolean';
	return 'Edm.String';
}

/** Whether the set has the attribute (in any of its shapes). */
export function hasAttribute(properties: PropertyModel[], attribute: string): boolean {
	return attributeProperty(properties, attribute) !== undefined;
}

/**
 * The body of a new document from its base by a copy rule: mapped header attributes, fixed
 * values, the reference to the base, and the goods lines with their own reference to it.
 * Only attributes both documents publish are copied.
 */
export function copyDocument(
	rule: CopyRule,
	baseSet: EntitySetModel,
	targetSet: EntitySetModel,
	base: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const [to, from] of Object.entries(rule.header)) {
		writeAttribute(targetSet.properties, body, to, readAttribute(baseSet.properties, base, from));
	}
	for (const [attribute, value] of Object.entries(rule.fixed ?? {})) {
		writeAttribute(targetSet.properties, body, attribute, { value });
	}
	const link: CopiedValue = { ref: String(base.Ref_Key), set: baseSet.name };
	writeAttribute(targetSet.properties, body, rule.link, link);
	const lines = rule.lines;
	const from = lines && sectionColumns(baseSet, lines.from);
	const to = lines && sectionColumns(targetSet, lines.to);
	if (lines && from && to) {
		const rows = Array.isArray(base[lines.from]) ? (base[lines.from] as IDataObject[]) : [];
		body[lines.to] = rows
			.filter((row) => !(lines.skipWhen && row[lines.skipWhen] === true))
			.map((row) => {
				const copied: IDataObject = {};
				for (const [column, source] of Object.entries(lines.columns)) {
					writeAttribute(to, copied, column, readAttribute(from, row, source));
				}
				if (lines.link) writeAttribute(to, copied, lines.link, link);
				return copied;
			});
	}
	return body;
}
