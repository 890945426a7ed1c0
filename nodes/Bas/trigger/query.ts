import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { and, eq, type Filter, ge, literal, type Literal, or } from '../odata/filter';
import { isGuid } from '../odata/literals';
import type { EntitySetModel, MetadataModel, PropertyModel } from '../odata/model';

/** What the node's parameters ask the trigger to watch. */
export interface TriggerSettings {
	entitySet: string;
	/** documents: how far back (days) edits to older documents are still seen */
	lookBackDays: number;
	postedOnly: boolean;
	/** `Организация_Key` equals this Ref_Key; empty for any */
	organisation: string;
	/** `field` equals any of `values`; no field for any */
	status: { field: string; values: string[] };
	/** fields of the emitted objects; empty for all */
	fields: string[];
}

export const ORGANISATION_FIELD = 'Организация_Key';

/** Kinds whose value can be compared in `$filter`. */
const FILTERABLE = new Set<PropertyModel['kind']>(['value', 'reference', 'composite']);

export function isFilterable(property: PropertyModel): boolean {
	return FILTERABLE.has(property.kind);
}

function refuse(node: INode, message: string, description?: string): never {
	throw new NodeOperationError(node, message, { description });
}

/** The watched object from `$metadata`: a catalog or a document, or a clear error. */
export function watchedSet(node: INode, metadata: MetadataModel, name: string): EntitySetModel {
	const set = metadata.entitySets[name];
	if (!set) {
		refuse(
			node,
			`The publication has no object "${name}"`,
			'Objects appear only when they are included in the OData interface of the base (see the README).',
		);
	}
	if (set.kind !== 'Document' && set.kind !== 'Catalog') {
		refuse(node, `"${name}" is a ${set.kind}: BAS Trigger watches documents and catalogs`);
	}
	return set;
}

function property(node: INode, set: EntitySetModel, name: string, purpose: string): PropertyModel {
	const found = set.properties.find((p) => p.name === name);
	if (!found) refuse(node, `${set.name} has no field "${name}" (${purpose})`, 'Field names come from $metadata.');
	return found;
}

const COMPOSITE_VALUE = /^([\p{L}\p{N}_]+)\((?:guid')?([0-9a-f-]{36})'?\)$/iu;

/**
 * One status value as a literal of the field's type. A reference takes a Ref_Key; a composite
 * attribute (UNF's `СостояниеЗаказа`) takes the object's address, `Catalog_X(guid'…')`, because
 * 1C matches it only together with its type; a value field its number, boolean or text (an enum
 * member is its name).
 */
function statusLiteral(node: INode, field: PropertyModel, value: string): Literal {
	const invalid = (expected: string): never =>
		refuse(node, `Status value "${value}" does not fit ${field.name}: ${expected}`);
	switch (field.kind) {
		case 'reference':
			return isGuid(value) ? literal.guid(value) : invalid('expected a Ref_Key (GUID)');
		case 'composite': {
			const match = COMPOSITE_VALUE.exec(value);
			if (!match || !isGuid(match[2])) return invalid("expected the object's address, e.g. Catalog_X(guid'…')");
			return literal.reference(match[2], match[1]);
		}
		default:
			if (field.type === 'Edm.Boolean') {
				if (value !== 'true' && value !== 'false') return invalid('expected true or false');
				return literal.boolean(value === 'true');
			}
			if (/^Edm\.(Int\d+|Double|Decimal|Single|Byte)$/.test(field.type)) {
				const number = Number(value);
				return value !== '' && Number.isFinite(number) ? literal.number(number) : invalid('expected a number');
			}
			if (field.type === 'Edm.Guid') return isGuid(value) ? literal.guid(value) : invalid('expected a GUID');
			return literal.string(value);
	}
}

/**
 * The filters of the node, every field checked against `$metadata` first: 1C answers a filter on
 * an unknown field with an error, a typo in a value field silently matches nothing.
 */
export function settingsFilter(node: INode, set: EntitySetModel, settings: TriggerSettings): Filter | undefined {
	const parts: Array<Filter | undefined> = [];
	if (settings.postedOnly) {
		if (set.kind !== 'Document') refuse(node, '"Posted Only" applies to documents only');
		parts.push(eq(property(node, set, 'Posted', 'Posted Only').name, literal.boolean(true)));
	}
	const organisation = settings.organisation.trim();
	if (organisation !== '') {
		property(node, set, ORGANISATION_FIELD, 'Organisation');
		if (!isGuid(organisation)) refuse(node, `Organisation "${organisation}" is not a Ref_Key (GUID)`);
		parts.push(eq(ORGANISATION_FIELD, literal.guid(organisation)));
	}
	if (settings.status.field !== '') {
		const field = property(node, set, settings.status.field, 'Status Field');
		if (!isFilterable(field)) refuse(node, `${field.name} is a ${field.kind} and cannot be filtered on`);
		if (settings.status.values.length === 0) refuse(node, `Status Values are empty for ${field.name}`);
		parts.push(or(...settings.status.values.map((value) => eq(field.name, statusLiteral(node, field, value)))));
	}
	return and(...parts);
}

/** Documents dated inside the look-back window, as the server's wall clock reads it. */
export function windowFilter(settings: TriggerSettings, now: Date, timeZone: string): Filter {
	const from = new Date(now.getTime() - settings.lookBackDays * 24 * 60 * 60 * 1000);
	return ge('Date', literal.dateTime(from, timeZone));
}

/** Fields the emitted objects carry: the chosen ones plus what identifies them; undefined for all. */
export function outputFields(node: INode, set: EntitySetModel, settings: TriggerSettings): string[] | undefined {
	if (settings.fields.length === 0) return undefined;
	for (const name of settings.fields) property(node, set, name, 'Fields');
	return [...new Set(['Ref_Key', 'DataVersion', ...settings.fields])];
}

/**
 * What the remembered versions depend on. A different object, window or filter reads a different
 * set of objects, so the versions remembered for the old one start over as a first run would,
 * instead of reporting every newly included object as created.
 */
export function cursorScope(set: EntitySetModel, settings: TriggerSettings): string {
	return JSON.stringify([
		set.name,
		set.kind === 'Document' ? settings.lookBackDays : null,
		settings.postedOnly,
		settings.organisation.trim().toLowerCase(),
		settings.status.field,
		settings.status.values,
	]);
}
