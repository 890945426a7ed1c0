import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { EMPTY_GUID, isGuid, ODataLiteralError, toBasDateTime } from '../odata/literals';
import { isNumericType, type MetadataModel, type PropertyModel } from '../odata/model';
import { FieldValueError } from './errors';
import { enumMembers, type FieldTarget, fieldRole, isRequiredField } from './properties';

export interface ConvertOptions {
	model: MetadataModel;
	/** the base's time zone: dates are written as its wall-clock time */
	timeZone: string;
	/**
	 * `add`: a new object, so fields `$metadata` requires must have a value; `update`: only the
	 * given fields change, and `Ref_Key` (the match) is not written.
	 */
	mode: 'add' | 'update';
	/**
	 * What to do with fields 1C fills itself (DataVersion, Posted, …) and with OData annotations
	 * (`odata.metadata`, `X@navigationLinkUrl`): `skip` them when values come whole from an item
	 * read from BAS, `refuse` them when the user chose them one by one.
	 */
	readOnly: 'skip' | 'refuse';
	/** the tabular sections' own targets, for rows given inside the values (by section name) */
	sectionTarget?: (section: string) => FieldTarget | undefined;
	/** where these values sit, for messages (e.g. `Запасы line 2`) */
	location?: string;
}

const INTEGER_TYPES = new Set(['Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Byte', 'Edm.SByte']);
/** OData v3 JSON writes these as strings, as 1C does when it answers */
const NUMBERS_AS_TEXT = new Set(['Edm.Int64', 'Edm.Decimal']);

const isAnnotation = (name: string) => name.startsWith('odata.') || name.includes('@');

/** A value nobody filled in: not written (to clear a reference, write the empty GUID). */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/**
 * Mapped values (field name → value, as n8n's resource mapper or an item's JSON holds them) as an
 * OData body for a POST or PATCH of the target. Every name must be a property of the target in
 * `$metadata`: 1C ignores unknown properties without a word, so a typo would lose data. Values are
 * checked and converted by the property's type; blank values are left out.
 * Throws FieldValueError naming the field and the value.
 */
export function toODataBody(values: IDataObject, target: FieldTarget, options: ConvertOptions): IDataObject {
	const byName = new Map(target.properties.map((property) => [property.name, property]));
	const body: IDataObject = {};
	for (const [name, value] of Object.entries(values)) {
		const property = byName.get(name);
		if (!property) {
			if (options.readOnly === 'skip' && isAnnotation(name)) continue;
			throw new FieldValueError(
				name,
				value,
				`cannot be written: ${target.entitySet} has no field "${name}" in the base's $metadata`,
				options.location,
			);
		}
		const role = fieldRole(property);
		if (role === 'readOnly' || (role === 'key' && options.mode === 'update')) {
			if (options.readOnly === 'skip') continue;
			throw new FieldValueError(name, value, 'cannot be written: 1C fills this field itself', options.location);
		}
		if (isBlank(value)) continue;
		if (role === 'rows') {
			const section = options.sectionTarget?.(name);
			if (!section)
				throw new FieldValueError(name, value, 'is a tabular section this node cannot write', options.location);
			body[name] = toODataRows(value, section, { ...options, mode: 'add', location: undefined }, name);
			continue;
		}
		body[name] = convertValue(property, value, target, options) as IDataObject[keyof IDataObject];
	}
	checkComposites(body, byName, options.location);
	if (options.mode === 'add') {
		for (const property of target.properties) {
			if (isRequiredField(property) && body[property.name] === undefined) {
				throw new FieldValueError(
					property.name,
					values[property.name],
					'is required here but has no value',
					options.location,
				);
			}
		}
	}
	return body;
}

/**
 * Rows of a tabular section from an array of objects whose keys are the section's column names
 * (or a JSON text of one), each checked like header fields. Line numbers are 1C's: a row's
 * `LineNumber` is not sent, the order of the array is.
 */
export function toODataRows(
	rows: unknown,
	section: FieldTarget,
	options: ConvertOptions,
	sectionName: string,
): IDataObject[] {
	const list = typeof rows === 'string' ? parseRows(rows, sectionName, options.location) : rows;
	if (!Array.isArray(list)) {
		throw new FieldValueError(sectionName, rows, 'is not a list of lines (an array of objects)', options.location);
	}
	return list.map((row, index) => {
		const location = `${sectionName} line ${index + 1}`;
		if (row === null || typeof row !== 'object' || Array.isArray(row)) {
			throw new FieldValueError(sectionName, row, 'is not a line (an object of column values)', location);
		}
		return toODataBody(row as IDataObject, section, { ...options, mode: 'add', location });
	});
}

const NOT_JSON = Symbol('not JSON');

function parseRows(text: string, sectionName: string, location?: string): unknown {
	if (text.trim() === '') return [];
	let parsed: unknown = NOT_JSON;
	try {
		parsed = JSON.parse(text) as unknown;
	} catch {
		// refused below, with the field and the value
	}
	if (parsed === NOT_JSON) throw new FieldValueError(sectionName, text, 'is not JSON of a list of lines', location);
	return parsed;
}

/** One field's value as 1C takes it, by the field's type (a blank value is the caller's to handle). */
export function convertValue(
	property: PropertyModel,
	value: unknown,
	target: FieldTarget,
	options: Pick<ConvertOptions, 'model' | 'timeZone' | 'location'>,
): unknown {
	const refuse = (reason: string): never => {
		throw new FieldValueError(property.name, value, reason, options.location);
	};
	switch (property.kind) {
		case 'reference': {
			const refersTo = property.target ? ` (a reference to ${property.target} takes its Ref_Key)` : '';
			if (!isGuid(value)) refuse(`is not a GUID${refersTo}; the empty reference is ${EMPTY_GUID}`);
			return (value as string).toLowerCase();
		}
		case 'composite':
			// the value of a composite attribute: a reference (GUID) or a primitive; its type is X_Type
			if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
			return refuse('is neither text, a number nor a GUID');
		case 'compositeType':
			return compositeTypeName(property, value, options);
		case 'valueStorage':
		case 'valueStorageType':
			return typeof value === 'string' ? value : refuse('is not text (base64)');
		default:
			break;
	}
	const members = enumMembers(property, target, options.model);
	if (members) {
		if (typeof value !== 'string' || !members.includes(value)) {
			const listed = members.length > 12 ? `${members.slice(0, 12).join(', ')}, …` : members.join(', ');
			refuse(`is not a member of the enumeration (${listed})`);
		}
		return value;
	}
	return convertPrimitive(property, value, options, refuse);
}

function convertPrimitive(
	property: PropertyModel,
	value: unknown,
	options: Pick<ConvertOptions, 'timeZone'>,
	refuse: (reason: string) => never,
): unknown {
	const { type } = property;
	if (isNumericType(type)) {
		const number = toNumber(value);
		if (number === undefined) refuse('is not a number');
		if (INTEGER_TYPES.has(type) && !Number.isInteger(number)) refuse('is not a whole number');
		return NUMBERS_AS_TEXT.has(type) ? String(number) : number;
	}
	switch (type) {
		case 'Edm.Boolean': {
			if (typeof value === 'boolean') return value;
			const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
			if (text === 'true' || text === 'false') return text === 'true';
			return refuse('is not true or false');
		}
		case 'Edm.DateTime':
		case 'Edm.DateTimeOffset':
		case 'Edm.Time': {
			if (typeof value !== 'string' && !(value instanceof Date) && !DateTime.isDateTime(value)) {
				refuse('is not a date');
			}
			let why: string | undefined;
			try {
				return toBasDateTime(value as string | Date | DateTime, options.timeZone);
			} catch (error) {
				if (!(error instanceof ODataLiteralError)) why = 'is not a date';
				// the literal's message starts with the value, which the field's message quotes itself
				else why = error.message.replace(/^"[^"]*" /, '');
			}
			return refuse(why);
		}
		case 'Edm.Guid':
			return isGuid(value) ? value.toLowerCase() : refuse('is not a GUID');
		default: {
			if (typeof value !== 'string' && typeof value !== 'number') refuse('is not text');
			const text = String(value);
			if (property.maxLength !== undefined && text.length > property.maxLength) {
				refuse(`is ${text.length} characters long; the field holds at most ${property.maxLength}`);
			}
			return text;
		}
	}
}

/** A number, or numeric text (`12.5`, ` 12 `, `12,5`); undefined for anything else. */
function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/^([+-]?\d*),(\d+)$/, '$1.$2');
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
	return Number(text);
}

/**
 * `Catalog_Номенклатура` or `StandardODATA.Catalog_Номенклатура` → the full type name 1C wants;
 * the set must be published. Primitive types (`Edm.String`) and `StandardODATA.Undefined` pass.
 */
function compositeTypeName(
	property: PropertyModel,
	value: unknown,
	options: Pick<ConvertOptions, 'model' | 'location'>,
): string {
	if (typeof value !== 'string') {
		throw new FieldValueError(property.name, value, 'is not a type name', options.location);
	}
	const name = value.trim();
	if (name.startsWith('Edm.')) return name;
	const namespace = options.model.namespace || 'StandardODATA';
	const bare = name.startsWith(`${namespace}.`) ? name.slice(namespace.length + 1) : name;
	if (bare === 'Undefined' || options.model.entitySets[bare] !== undefined) return `${namespace}.${bare}`;
	throw new FieldValueError(
		property.name,
		value,
		`is not a type the base publishes: write the entity set of the value, e.g. ${namespace}.Catalog_Номенклатура`,
		options.location,
	);
}

const isReferenceType = (type: unknown): type is string =>
	typeof type === 'string' && !type.startsWith('Edm.') && !type.endsWith('.Undefined');

/**
 * A composite attribute's value and type must agree: a GUID means nothing without the type it
 * refers to, and a reference type needs a GUID.
 */
function checkComposites(body: IDataObject, byName: Map<string, PropertyModel>, location?: string): void {
	for (const [name, type] of Object.entries(body)) {
		const property = byName.get(name);
		if (property?.kind !== 'compositeType' || !isReferenceType(type)) continue;
		const value = body[property.attribute];
		if (value !== undefined && !isGuid(value)) {
			throw new FieldValueError(
				property.attribute,
				value,
				`is not a GUID, but ${name} says it is a reference (${type})`,
				location,
			);
		}
	}
	for (const [name, value] of Object.entries(body)) {
		if (byName.get(name)?.kind !== 'composite' || !isGuid(value)) continue;
		const type = body[`${name}_Type`];
		if (!isReferenceType(type)) {
			throw new FieldValueError(
				name,
				value,
				`is a reference, so ${name}_Type must name what it refers to (e.g. StandardODATA.Catalog_Номенклатура)`,
				location,
			);
		}
	}
}
