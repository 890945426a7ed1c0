import type { EntitySetModel, MetadataModel, PropertyModel } from '../odata/model';
import { stripNamespace } from '../odata/edmxScanner';

/**
 * What an object's fields are for writing, from `$metadata` alone. Works for any entity set with
 * properties (catalogs, documents, chart items) and for a tabular section's columns.
 */
export interface FieldTarget {
	/** the entity set written, for messages: `Document_ЗаказПокупателя` */
	entitySet: string;
	properties: PropertyModel[];
	/**
	 * Enumeration per attribute, for attributes `$metadata` types as plain `Edm.String` (1C does
	 * so for every enumeration); the presets know the usual ones.
	 */
	enumFields?: Record<string, string>;
}

/** A set's header fields as a write target. */
export function entityTarget(set: EntitySetModel, enumFields?: Record<string, string>): FieldTarget {
	return { entitySet: set.name, properties: set.properties, enumFields };
}

/** The columns of one of a set's tabular sections as a write target; undefined when it has none by that name. */
export function sectionTarget(
	set: EntitySetModel,
	section: string,
	enumFields?: Record<string, string>,
): FieldTarget | undefined {
	const property = set.properties.find((p) => p.kind === 'tabularSection' && p.name === section);
	if (!property?.columns) return undefined;
	return { entitySet: `${set.name}_${section}`, properties: property.columns, enumFields };
}

/** The platform's own fields. They are never marked required, whatever `Nullable` says. */
const STANDARD_FIELDS = new Set([
	'Ref_Key',
	'DataVersion',
	'DeletionMark',
	'Number',
	'Date',
	'Posted',
	'Predefined',
	'PredefinedDataName',
	'Code',
	'Description',
	'IsFolder',
	'Parent_Key',
	'Owner_Key',
	'Owner',
	'Owner_Type',
	'LineNumber',
]);

/** Filled by 1C, never by a write: 1C ignores them silently, so a write that carries one means something else. */
const READ_ONLY_FIELDS = new Set(['DataVersion', 'Posted', 'Predefined', 'PredefinedDataName', 'LineNumber']);

export type FieldRole =
	/** the object's own key: chosen on create, the match of an update, never changed */
	| 'key'
	| 'readOnly'
	/** a tabular section: written from an array of rows */
	| 'rows'
	| 'writable';

export function fieldRole(property: PropertyModel): FieldRole {
	if (property.name === 'Ref_Key') return 'key';
	if (READ_ONLY_FIELDS.has(property.name) || property.kind === 'valueStorageLink') return 'readOnly';
	if (property.kind === 'tabularSection') return 'rows';
	return 'writable';
}

export function isStandardField(name: string): boolean {
	return STANDARD_FIELDS.has(name);
}

/** Whether `$metadata` demands a value (`Nullable="false"`) that the platform does not fill itself. */
export function isRequiredField(property: PropertyModel): boolean {
	return (
		!property.nullable &&
		!isStandardField(property.name) &&
		fieldRole(property) === 'writable' &&
		property.kind !== 'compositeType'
	);
}

/**
 * The members an attribute's value must be one of: from its type when `$metadata` names an
 * enumeration there, otherwise from the target's `enumFields`; undefined for other attributes.
 */
export function enumMembers(property: PropertyModel, target: FieldTarget, model: MetadataModel): string[] | undefined {
	if (property.kind !== 'value') return undefined;
	const byType = property.type.startsWith('Edm.') ? undefined : model.enums[stripNamespace(property.type)];
	if (byType) return byType.members;
	const named = target.enumFields?.[property.name];
	return named === undefined ? undefined : model.enums[named]?.members;
}

/** Which enumeration an attribute belongs to, for labels. */
export function enumName(property: PropertyModel, target: FieldTarget, model: MetadataModel): string | undefined {
	if (property.kind !== 'value') return undefined;
	const byType = property.type.startsWith('Edm.') ? undefined : model.enums[stripNamespace(property.type)];
	if (byType) return byType.name;
	const named = target.enumFields?.[property.name];
	return named !== undefined && model.enums[named] ? named : undefined;
}
