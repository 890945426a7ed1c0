/**
 * What it takes to write an entity on the wire, in JSON or in Atom: the EDM type of each property
 * (Edm.Int64 goes out as a JSON string), nested collections (tabular sections, record sets), the
 * navigation properties and the entity's canonical address, which navigation links and Atom ids
 * are built from. One shape per entity type or virtual-table row, derived from the schema.
 */
import { edmType, type FieldDef, isReferenceKind, type ObjectDef, type Schema } from './schema';
import type { Entity } from './store';

export const NAMESPACE = 'StandardODATA';

export interface WireShape {
	/** EDM type of the entity or row: `StandardODATA.Catalog_X`, `…_Товары_RowType`, `…_Balance` */
	typeName: string;
	/** entity set whose canonical URL `entityPath` builds; undefined for rows with no address */
	set?: string;
	/** key properties, in key order */
	keys: FieldDef[];
	/** EDM type by property name; unnamed properties are typed by their JavaScript value */
	types: Map<string, string>;
	/** collection-valued properties (tabular sections, `RecordSet`) and the shape of their rows */
	collections: Map<string, { typeName: string; rows: WireShape }>;
	/** navigation property → the `_Key` property holding the reference */
	navigation: Array<{ name: string; key: string }>;
}

function shapeOf(typeName: string, fields: FieldDef[], set?: string, published?: Set<string>): WireShape {
	return {
		typeName: `${NAMESPACE}.${typeName}`,
		set,
		keys: fields.filter((field) => field.key),
		types: new Map(fields.map((field) => [field.name, edmType(field)])),
		collections: new Map(),
		navigation: fields
			.filter((field) => field.type.kind === 'ref' && (!published || published.has(field.type.target)))
			.map((field) => ({ name: field.attribute, key: field.name })),
	};
}

/** Rows of a tabular section, inline (type `…_RowType`) or as their own set `Document_X_Товары`. */
function sectionShape(object: ObjectDef, section: string, schema: Schema, typeName: string): WireShape {
	const columns = object.tabularSections[section].map((column) =>
		column.name === 'Ref_Key' || column.name === 'LineNumber' ? { ...column, key: true } : column,
	);
	return shapeOf(typeName, columns, `${object.set}_${section}`, new Set(Object.keys(schema.objects)));
}

/** One register record (`…_RecordType`): key Recorder + LineNumber. */
function recordShape(object: ObjectDef, schema: Schema, typeName: string): WireShape {
	return shapeOf(typeName, object.fields, `${object.set}_RecordType`, new Set(Object.keys(schema.objects)));
}

/**
 * Shapes of every entity set the sandbox serves, built once per schema: catalogs, documents and
 * charts (with their tabular sections), tabular-section sets, information registers, register
 * record sets and flat records.
 */
export function entityShapes(schema: Schema): Map<string, WireShape> {
	const shapes = new Map<string, WireShape>();
	const published = new Set(Object.keys(schema.objects));
	for (const object of Object.values(schema.objects)) {
		if (isReferenceKind(object.kind)) {
			const shape = shapeOf(object.set, object.fields, object.set, published);
			for (const section of Object.keys(object.tabularSections)) {
				const rowType = `${object.set}_${section}_RowType`;
				shape.types.set(section, `Collection(${NAMESPACE}.${rowType})`);
				shape.collections.set(section, {
					typeName: `${NAMESPACE}.${rowType}`,
					rows: sectionShape(object, section, schema, rowType),
				});
				shapes.set(`${object.set}_${section}`, sectionShape(object, section, schema, `${object.set}_${section}`));
			}
			shapes.set(object.set, shape);
		} else if (object.kind === 'InformationRegister') {
			shapes.set(object.set, shapeOf(object.set, object.fields, object.set, published));
		} else {
			shapes.set(`${object.set}_RecordType`, recordShape(object, schema, `${object.set}_RecordType`));
			const rowType = `${NAMESPACE}.${object.set}_RowType`;
			shapes.set(object.set, {
				typeName: `${NAMESPACE}.${object.set}`,
				keys: [],
				types: new Map([
					['Recorder', 'Edm.String'],
					['Recorder_Type', 'Edm.String'],
					['RecordSet', `Collection(${rowType})`],
				]),
				collections: new Map([
					['RecordSet', { typeName: rowType, rows: recordShape(object, schema, `${object.set}_RowType`) }],
				]),
				navigation: [],
			});
		}
	}
	return shapes;
}

/**
 * A virtual-table row (`…_Balance`, `…_Turnover`): dimension columns typed as in the register,
 * resource columns are Edm.Double; no address of its own.
 */
export function virtualTableShape(typeName: string, object?: ObjectDef): WireShape {
	const shape = shapeOf(typeName, object?.fields ?? []);
	return { ...shape, keys: [], navigation: [] };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function keyLiteral(field: FieldDef, value: unknown): string {
	const text = String(value);
	if (field.type.kind === 'guid' || field.type.kind === 'ref' || GUID.test(text)) return `guid'${text}'`;
	if (field.type.kind === 'date') return `datetime'${text}'`;
	if (field.type.kind === 'number') return text;
	return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The entity's canonical address relative to the service root: `Catalog_X(guid'…')` for a
 * one-field key, `Document_X_Товары(Ref_Key=guid'…',LineNumber=1)` for several. Undefined when
 * the shape has no address or a key property is missing (left out by `$select`).
 */
export function entityPath(shape: WireShape, entity: Entity): string | undefined {
	if (!shape.set || shape.keys.length === 0) return undefined;
	if (shape.keys.some((key) => entity[key.name] === undefined)) return undefined;
	if (shape.keys.length === 1) return `${shape.set}(${keyLiteral(shape.keys[0], entity[shape.keys[0].name])})`;
	return `${shape.set}(${shape.keys.map((key) => `${key.name}=${keyLiteral(key, entity[key.name])}`).join(',')})`;
}

/** EDM type of a property, from the shape or, for columns it does not name, from the value. */
export function propertyType(shape: WireShape, name: string, value: unknown): string {
	const known = shape.types.get(name);
	if (known) return known;
	if (typeof value === 'number') return 'Edm.Double';
	if (typeof value === 'boolean') return 'Edm.Boolean';
	return 'Edm.String';
}
