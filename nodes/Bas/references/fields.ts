/**
 * The fields a look-up rule matches on, checked against the publication's `$metadata` before
 * anything is sent (1C answers an unknown field in `$filter` with nothing found, so a typo would
 * silently create a duplicate), and each value written as the literal of its field's EDM type.
 */
import { isGuid, ODataLiteralError, toBasDateTime } from '../odata/literals';
import { literal, type Literal } from '../odata/filter';
import { type EntitySetModel, isNumericType, type MetadataModel, type PropertyModel } from '../odata/model';

/** Thrown for a rule that names what the base does not have or a value its field cannot hold. */
export class LookupRuleError extends Error {}

/**
 * One field a rule compares:
 * - `value`: a plain attribute (`Артикул`, `Code`, `Description`, an enum)
 * - `reference`: a reference attribute (`Owner_Key`, also written `Owner`), compared by guid
 * - `composite`: a composite attribute (`X` + `X_Type`): a reference value needs its entity set
 * - `navigation`: an attribute of a referenced object (`Контрагент/ИНН`)
 * - `sectionColumn`: a column of some row of a tabular section (`КонтактнаяИнформация/НомерТелефона`)
 */
export interface MatchField {
	/** as the rule wrote it */
	field: string;
	kind: 'value' | 'reference' | 'composite' | 'navigation' | 'sectionColumn';
	/** the path in `$filter`: the property, `X/Y` for navigation, the column for a section */
	path: string;
	/** for `sectionColumn`: the tabular section */
	section?: string;
	/** the property compared in the end (the column, the referenced object's attribute) */
	property: PropertyModel;
}

const SEARCHABLE_KINDS = new Set(['value', 'reference', 'composite']);

export function entitySetOf(model: MetadataModel, entitySet: string): EntitySetModel {
	const set = model.entitySets[entitySet];
	if (!set) throw new LookupRuleError(`The BAS publication has no entity set "${entitySet}" (not in its $metadata)`);
	return set;
}

/** `Owner` finds `Owner_Key`: rules may name a reference by its attribute, as 1C users know it. */
function propertyNamed(set: EntitySetModel, name: string): PropertyModel | undefined {
	return (
		set.properties.find((property) => property.name === name) ??
		set.properties.find((property) => property.kind === 'reference' && property.attribute === name)
	);
}

function unknownField(set: EntitySetModel, name: string, whole: string): LookupRuleError {
	return new LookupRuleError(`${set.name} has no field "${name}"${name === whole ? '' : ` (in "${whole}")`}`);
}

/** Resolves a rule's field against `$metadata`; throws LookupRuleError for what the base does not have. */
export function resolveMatchField(model: MetadataModel, entitySet: string, field: string): MatchField {
	const steps = field
		.trim()
		.split('/')
		.map((step) => step.trim());
	if (steps.some((step) => step === '')) throw new LookupRuleError(`"${field}" is not a field name or path`);
	let set = entitySetOf(model, entitySet);
	const traversed: string[] = [];
	for (let index = 0; ; index++) {
		const step = steps[index];
		const property = propertyNamed(set, step);
		if (!property) throw unknownField(set, step, field);
		const last = index === steps.length - 1;

		if (property.kind === 'tabularSection') {
			if (index !== 0 || steps.length !== 2) {
				throw new LookupRuleError(
					`"${field}": ${step} is a tabular section; name one of its columns, as in ${step}/${property.columns?.[0]?.name ?? 'Column'}`,
				);
			}
			const column = (property.columns ?? []).find((c) => c.name === steps[1] || c.attribute === steps[1]);
			if (!column || !SEARCHABLE_KINDS.has(column.kind)) {
				throw new LookupRuleError(`The tabular section ${step} of ${set.name} has no column "${steps[1]}"`);
			}
			return { field, kind: 'sectionColumn', section: property.name, path: column.name, property: column };
		}
		if (!SEARCHABLE_KINDS.has(property.kind)) {
			throw new LookupRuleError(`"${field}": ${property.name} cannot be searched (${property.kind})`);
		}
		if (last) {
			if (index === 0) return { field, kind: property.kind as MatchField['kind'], path: property.name, property };
			return { field, kind: 'navigation', path: [...traversed, property.name].join('/'), property };
		}
		// a step further: only through a plain reference, whose target the metadata names
		if (property.kind !== 'reference' || property.target === undefined) {
			throw new LookupRuleError(
				`"${field}": ${step} is not a reference with a known target, so the path cannot go on from it`,
			);
		}
		traversed.push(property.attribute);
		set = entitySetOf(model, property.target);
	}
}

/** What a condition's value is compared as, by the field's EDM type. */
type ValueType = 'string' | 'number' | 'boolean' | 'dateTime' | 'guid' | 'compositeReference';

function valueTypeOf(field: MatchField, value: unknown, valueType: string | undefined): ValueType {
	const { property } = field;
	if (property.kind === 'reference' || property.type === 'Edm.Guid') return 'guid';
	if (property.kind === 'composite') {
		// a composite holds values of several types: a guid with its set is a reference
		if (isGuid(value) && valueType !== undefined) return 'compositeReference';
		if (isGuid(value)) {
			throw new LookupRuleError(
				`"${field.field}" is a composite field: a reference value needs its entity set (for example Catalog_Номенклатура)`,
			);
		}
		if (typeof value === 'number') return 'number';
		if (typeof value === 'boolean') return 'boolean';
		return 'string';
	}
	if (property.type === 'Edm.String') return 'string';
	if (property.type === 'Edm.Boolean') return 'boolean';
	if (property.type === 'Edm.DateTime') return 'dateTime';
	if (isNumericType(property.type)) return 'number';
	throw new LookupRuleError(`"${field.field}" has the type ${property.type}, which a look-up cannot compare`);
}

/** A condition's value converted for its field: the literal sent and the key it matches rows by. */
export interface TypedValue {
	literal: Literal;
	/** the value as written into a new object's body */
	body: unknown;
	/** comparable with `canonicalOfRow` */
	canonical: string;
}

/**
 * Strings compare as 1C's query language usually does (collation of the DBMS: no case, no
 * trailing spaces — UNCERTAIN per base), so the rows a server returns are matched back to values
 * the same way whichever it does.
 */
function canonicalString(value: string): string {
	return value.trimEnd().toLowerCase();
}

function refuseValue(field: MatchField, value: unknown, why: string): never {
	throw new LookupRuleError(`"${field.field}": ${JSON.stringify(value) ?? String(value)} ${why}`);
}

export function typedValue(field: MatchField, value: unknown, timeZone: string, valueType?: string): TypedValue {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		refuseValue(field, value, 'is empty: a look-up needs a value');
	}
	try {
		switch (valueTypeOf(field, value, valueType)) {
			case 'string': {
				if (typeof value !== 'string' && typeof value !== 'number') refuseValue(field, value, 'is not text');
				const text = String(value);
				if (field.property.maxLength !== undefined && text.length > field.property.maxLength) {
					refuseValue(field, value, `is longer than the ${field.property.maxLength} characters the field holds`);
				}
				return { literal: literal.string(text), body: text, canonical: canonicalString(text) };
			}
			case 'number': {
				const number = typeof value === 'number' ? value : Number(String(value).trim());
				if (typeof value === 'boolean' || !Number.isFinite(number)) refuseValue(field, value, 'is not a number');
				return { literal: literal.number(number), body: number, canonical: String(number) };
			}
			case 'boolean': {
				const flag = value === true || value === 'true' ? true : value === false || value === 'false' ? false : null;
				if (flag === null) refuseValue(field, value, 'is not true or false');
				return { literal: literal.boolean(flag), body: flag, canonical: String(flag) };
			}
			case 'dateTime': {
				if (typeof value !== 'string' && !(value instanceof Date)) refuseValue(field, value, 'is not a date');
				const text = toBasDateTime(value, timeZone);
				return { literal: literal.dateTime(text, timeZone), body: text, canonical: text };
			}
			case 'guid': {
				if (!isGuid(value)) refuseValue(field, value, 'is not a reference (a Ref_Key GUID)');
				const guid = value.toLowerCase();
				return { literal: literal.guid(guid), body: guid, canonical: guid };
			}
			case 'compositeReference': {
				const guid = String(value).toLowerCase();
				const set = String(valueType);
				return {
					literal: literal.reference(guid, set),
					body: guid,
					canonical: `${set}:${guid}`,
				};
			}
		}
	} catch (error) {
		throw asRuleError(error, field.field);
	}
}

/** What a literal builder refused, as a rule error naming the field; any other error unchanged. */
export function asRuleError(error: unknown, field: string): unknown {
	return error instanceof ODataLiteralError ? new LookupRuleError(`"${field}": ${error.message}`) : error;
}

/** The canonical form of what a returned row holds in a field, or undefined when it holds nothing comparable. */
export function canonicalOfRow(field: MatchField, raw: unknown, rawType?: unknown): string | undefined {
	if (raw === undefined || raw === null) return undefined;
	const { property } = field;
	if (property.kind === 'composite' && isGuid(raw) && typeof rawType === 'string') {
		// `StandardODATA.Catalog_Номенклатура` → `Catalog_Номенклатура`
		return `${rawType.slice(rawType.lastIndexOf('.') + 1)}:${raw.toLowerCase()}`;
	}
	if (property.kind === 'reference' || property.type === 'Edm.Guid') return String(raw).toLowerCase();
	if (typeof raw === 'boolean') return String(raw);
	if (isNumericType(property.type) || typeof raw === 'number') {
		const number = Number(raw);
		return Number.isFinite(number) ? String(number) : undefined;
	}
	if (property.type === 'Edm.DateTime') return String(raw);
	return canonicalString(String(raw));
}
