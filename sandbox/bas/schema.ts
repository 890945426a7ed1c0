/**
 * The sandbox's picture of a configuration: which entity sets exist and which OData properties
 * each has, derived from a profile (profiles/*.json: object and attribute structure of the UNF,
 * UT and BP configurations that BAS products are forked from). The EDMX it serves, the shape of
 * the entities it stores and the checks on writes all come from here.
 */
import { accountingObjects } from './accounting';
import bp from './profiles/bp.json';
import unf from './profiles/unf.json';
import ut from './profiles/ut.json';

export type ProfileId = 'unf' | 'ut' | 'bp';

type AttributeMap = Record<string, string>;

/** A catalog or a chart of characteristic types in a profile. */
interface ReferenceBookJson {
	/** where the structure comes from, when not from the reference dumps */
	note?: string;
	hierarchical?: boolean;
	codeLength?: number;
	descriptionLength?: number;
	owners?: string[];
	attributes: AttributeMap;
	tabularSections: Record<string, AttributeMap>;
}

export interface ProfileJson {
	profile: string;
	configuration: string;
	catalogs: Record<string, ReferenceBookJson>;
	/** charts of characteristic types (BSP's additional attributes): shaped like catalogs over OData */
	chartsOfCharacteristicTypes?: Record<string, ReferenceBookJson>;
	documents: Record<
		string,
		{ numberLength: number; attributes: AttributeMap; tabularSections: Record<string, AttributeMap> }
	>;
	accumulationRegisters: Record<
		string,
		{ type: string; dimensions: AttributeMap; resources: AttributeMap; attributes: AttributeMap }
	>;
	informationRegisters: Record<
		string,
		{
			periodicity: string;
			writeMode: string;
			dimensions: AttributeMap;
			resources: AttributeMap;
			attributes: AttributeMap;
		}
	>;
	enums: Record<string, string[]>;
}

export const PROFILES: Record<ProfileId, ProfileJson> = {
	unf: unf as unknown as ProfileJson,
	ut: ut as unknown as ProfileJson,
	bp: bp as unknown as ProfileJson,
};

/** A 1C value type as it travels over OData. */
export type ValueType =
	| { kind: 'string' }
	| { kind: 'number'; integer: boolean }
	| { kind: 'boolean' }
	| { kind: 'date' }
	| { kind: 'guid' }
	/** a reference to an object of another entity set */
	| { kind: 'ref'; target: string }
	| { kind: 'enum'; enumName: string }
	/** several types: `X` holds the value, `X_Type` names its type */
	| { kind: 'composite'; targets: string[] };

// defined types whose single underlying type is a number or a string (\p{L}: \w would stop at Cyrillic)
const NUMERIC_DEFINED_TYPES = /^(Цена|Вес|Объем|ДенежнаяСумма\p{L}*|Количество\p{L}*)$/u;
const STRING_DEFINED_TYPES = /^(GTIN|УникальныйИдентификаторИС)$/;

const REF_PREFIXES: Record<string, string> = {
	CatalogRef: 'Catalog',
	DocumentRef: 'Document',
	ChartOfCharacteristicTypesRef: 'ChartOfCharacteristicTypes',
	ChartOfAccountsRef: 'ChartOfAccounts',
	ChartOfCalculationTypesRef: 'ChartOfCalculationTypes',
	ExchangePlanRef: 'ExchangePlan',
	BusinessProcessRef: 'BusinessProcess',
	TaskRef: 'Task',
};

/** `CatalogRef.Номенклатура` → ref to `Catalog_Номенклатура`, `Number(15,3)` → number, … */
export function parseType(text: string): ValueType {
	const type = text.trim();
	const composite = /^composite\[(.*)\]$/.exec(type);
	if (composite) {
		const members = composite[1].split(',').map((member) => member.trim());
		if (members.length === 1) {
			const defined = /^TypeSet:DefinedType\.(.+)$/.exec(members[0]);
			if (defined && NUMERIC_DEFINED_TYPES.test(defined[1])) return { kind: 'number', integer: false };
			if (defined && STRING_DEFINED_TYPES.test(defined[1])) return { kind: 'string' };
		}
		const targets = members.flatMap((member) => {
			const parsed = parseType(member);
			return parsed.kind === 'ref' ? [parsed.target] : [];
		});
		return { kind: 'composite', targets };
	}
	if (type.startsWith('String')) return { kind: 'string' };
	const number = /^Number\((\d+),(\d+)\)$/.exec(type);
	if (number) return { kind: 'number', integer: number[2] === '0' };
	if (type === 'Boolean') return { kind: 'boolean' };
	if (type === 'Date' || type === 'DateTime' || type === 'Time') return { kind: 'date' };
	if (type === 'UUID') return { kind: 'guid' };
	const ref = /^(\w+)\.(.+)$/.exec(type);
	if (ref && ref[1] === 'EnumRef') return { kind: 'enum', enumName: ref[2] };
	if (ref && REF_PREFIXES[ref[1]]) return { kind: 'ref', target: `${REF_PREFIXES[ref[1]]}_${ref[2]}` };
	// value storages, type sets and the like travel as strings
	return { kind: 'string' };
}

/** One OData property of an entity or a row. */
export interface FieldDef {
	/** OData name: `Контрагент_Key`, `Номенклатура`, `Номенклатура_Type`, `Description` */
	name: string;
	/** the 1C attribute it carries: `Контрагент` */
	attribute: string;
	type: ValueType;
	/** `X_Type` companion of a composite */
	typeCompanion?: boolean;
	/** part of the key */
	key?: boolean;
	/** filled by the platform, not by writes (Ref_Key, DataVersion, Number of a new object, …) */
	system?: boolean;
}

export type SetKind =
	| 'Catalog'
	| 'Document'
	| 'ChartOfAccounts'
	| 'ChartOfCharacteristicTypes'
	| 'AccumulationRegister'
	| 'InformationRegister'
	| 'AccountingRegister';

/** Objects with a Ref_Key of their own: written and read one by one. */
export function isReferenceKind(kind: SetKind | undefined): boolean {
	return (
		kind === 'Catalog' || kind === 'Document' || kind === 'ChartOfAccounts' || kind === 'ChartOfCharacteristicTypes'
	);
}

export interface RegisterInfo {
	dimensions: string[];
	resources: string[];
	/** accumulation registers: Balance (stock-like) or Turnovers */
	balance: boolean;
	/** information registers: periodic (SliceLast/SliceFirst) */
	periodic: boolean;
}

export interface ObjectDef {
	/** entity set: `Catalog_Номенклатура`, `AccumulationRegister_ЗапасыНаСкладах_RecordType`… */
	set: string;
	kind: SetKind;
	objectName: string;
	fields: FieldDef[];
	tabularSections: Record<string, FieldDef[]>;
	hierarchical?: boolean;
	codeLength?: number;
	numberLength?: number;
	register?: RegisterInfo;
}

export interface Schema {
	profile: ProfileId;
	configuration: string;
	objects: Record<string, ObjectDef>;
	enums: Record<string, string[]>;
}

const STRING: ValueType = { kind: 'string' };
const GUID: ValueType = { kind: 'guid' };
const BOOLEAN: ValueType = { kind: 'boolean' };
const DATE: ValueType = { kind: 'date' };
const INTEGER: ValueType = { kind: 'number', integer: true };

/** The OData properties one attribute becomes: `X_Key`, or `X` + `X_Type`, or just `X`. */
export function fieldsOf(attribute: string, type: ValueType): FieldDef[] {
	if (type.kind === 'ref') return [{ name: `${attribute}_Key`, attribute, type }];
	if (type.kind === 'composite') {
		return [
			{ name: attribute, attribute, type },
			{ name: `${attribute}_Type`, attribute, type: STRING, typeCompanion: true },
		];
	}
	return [{ name: attribute, attribute, type }];
}

function attributeFields(attributes: AttributeMap): FieldDef[] {
	return Object.entries(attributes).flatMap(([name, type]) => fieldsOf(name, parseType(type)));
}

/** A tabular-section row: the owner's Ref_Key and the line number come first, as 1C writes them. */
function rowFields(columns: AttributeMap): FieldDef[] {
	return [
		{ name: 'Ref_Key', attribute: 'Ref', type: GUID, system: true },
		{ name: 'LineNumber', attribute: 'LineNumber', type: INTEGER, system: true },
		...attributeFields(columns),
	];
}

/** A catalog or a chart of characteristic types: standard fields, owner, hierarchy, code, attributes. */
function referenceBook(
	kind: 'Catalog' | 'ChartOfCharacteristicTypes',
	name: string,
	book: ReferenceBookJson,
): ObjectDef {
	const set = `${kind}_${name}`;
	const fields: FieldDef[] = [
		{ name: 'Ref_Key', attribute: 'Ref', type: GUID, key: true, system: true },
		{ name: 'DataVersion', attribute: 'DataVersion', type: STRING, system: true },
		{ name: 'DeletionMark', attribute: 'DeletionMark', type: BOOLEAN },
		{ name: 'Predefined', attribute: 'Predefined', type: BOOLEAN, system: true },
		{ name: 'PredefinedDataName', attribute: 'PredefinedDataName', type: STRING, system: true },
	];
	const owners = (book.owners ?? []).map((owner) => `Catalog_${owner}`);
	if (owners.length === 1) fields.push(...fieldsOf('Owner', { kind: 'ref', target: owners[0] }));
	if (owners.length > 1) fields.push(...fieldsOf('Owner', { kind: 'composite', targets: owners }));
	if (book.hierarchical) {
		fields.push(...fieldsOf('Parent', { kind: 'ref', target: set }));
		fields.push({ name: 'IsFolder', attribute: 'IsFolder', type: BOOLEAN });
	}
	if ((book.codeLength ?? 0) > 0) fields.push({ name: 'Code', attribute: 'Code', type: STRING });
	fields.push({ name: 'Description', attribute: 'Description', type: STRING });
	fields.push(...attributeFields(book.attributes));
	return {
		set,
		kind,
		objectName: name,
		fields,
		tabularSections: Object.fromEntries(
			Object.entries(book.tabularSections).map(([ts, columns]) => [ts, rowFields(columns)]),
		),
		hierarchical: book.hierarchical,
		codeLength: book.codeLength,
	};
}

export function buildSchema(profileId: ProfileId): Schema {
	const profile = PROFILES[profileId];
	const objects: Record<string, ObjectDef> = {};

	for (const [name, catalog] of Object.entries(profile.catalogs)) {
		objects[`Catalog_${name}`] = referenceBook('Catalog', name, catalog);
	}
	for (const [name, chart] of Object.entries(profile.chartsOfCharacteristicTypes ?? {})) {
		objects[`ChartOfCharacteristicTypes_${name}`] = referenceBook('ChartOfCharacteristicTypes', name, chart);
	}

	for (const [name, document] of Object.entries(profile.documents)) {
		objects[`Document_${name}`] = {
			set: `Document_${name}`,
			kind: 'Document',
			objectName: name,
			fields: [
				{ name: 'Ref_Key', attribute: 'Ref', type: GUID, key: true, system: true },
				{ name: 'DataVersion', attribute: 'DataVersion', type: STRING, system: true },
				{ name: 'DeletionMark', attribute: 'DeletionMark', type: BOOLEAN },
				{ name: 'Number', attribute: 'Number', type: STRING },
				{ name: 'Date', attribute: 'Date', type: DATE },
				{ name: 'Posted', attribute: 'Posted', type: BOOLEAN, system: true },
				...attributeFields(document.attributes),
			],
			tabularSections: Object.fromEntries(
				Object.entries(document.tabularSections).map(([ts, columns]) => [ts, rowFields(columns)]),
			),
			numberLength: document.numberLength,
		};
	}

	const recorders = Object.keys(profile.documents).map((name) => `Document_${name}`);
	for (const [name, register] of Object.entries(profile.accumulationRegisters)) {
		const balance = register.type !== 'Turnovers';
		objects[`AccumulationRegister_${name}`] = {
			set: `AccumulationRegister_${name}`,
			kind: 'AccumulationRegister',
			objectName: name,
			fields: [
				...fieldsOf('Recorder', { kind: 'composite', targets: recorders }).map((f) => ({
					...f,
					key: !f.typeCompanion,
					system: true,
				})),
				{ name: 'Period', attribute: 'Period', type: DATE },
				{ name: 'LineNumber', attribute: 'LineNumber', type: INTEGER, key: true, system: true },
				{ name: 'Active', attribute: 'Active', type: BOOLEAN },
				...(balance ? [{ name: 'RecordType', attribute: 'RecordType', type: STRING }] : []),
				...attributeFields(register.dimensions),
				...attributeFields(register.resources),
				...attributeFields(register.attributes),
			],
			tabularSections: {},
			register: {
				dimensions: Object.keys(register.dimensions),
				resources: Object.keys(register.resources),
				balance,
				periodic: false,
			},
		};
	}

	for (const [name, register] of Object.entries(profile.informationRegisters)) {
		const periodic = register.periodicity !== 'Nonperiodical';
		const dimensions = attributeFields(register.dimensions).map((f) => ({ ...f, key: !f.typeCompanion }));
		objects[`InformationRegister_${name}`] = {
			set: `InformationRegister_${name}`,
			kind: 'InformationRegister',
			objectName: name,
			fields: [
				...(periodic ? [{ name: 'Period', attribute: 'Period', type: DATE, key: true }] : []),
				...dimensions,
				...attributeFields(register.resources),
				...attributeFields(register.attributes),
			],
			tabularSections: {},
			register: {
				dimensions: Object.keys(register.dimensions),
				resources: Object.keys(register.resources),
				balance: false,
				periodic,
			},
		};
	}

	// BAS Accounting keeps stock in its accounting register
	if (profileId === 'bp') for (const object of accountingObjects()) objects[object.set] = object;

	return { profile: profileId, configuration: profile.configuration, objects, enums: profile.enums };
}

/** The empty value 1C returns for a field nobody filled. */
export function emptyValue(field: FieldDef): unknown {
	if (field.typeCompanion) return 'StandardODATA.Undefined';
	switch (field.type.kind) {
		case 'number':
			return 0;
		case 'boolean':
			return false;
		case 'date':
			return '0001-01-01T00:00:00';
		case 'guid':
		case 'ref':
			return '00000000-0000-0000-0000-000000000000';
		default:
			return '';
	}
}

/** EDM type of a field. */
export function edmType(field: FieldDef): string {
	if (field.typeCompanion) return 'Edm.String';
	switch (field.type.kind) {
		case 'number':
			return field.type.integer ? 'Edm.Int64' : 'Edm.Double';
		case 'boolean':
			return 'Edm.Boolean';
		case 'date':
			return 'Edm.DateTime';
		case 'guid':
		case 'ref':
			return 'Edm.Guid';
		default:
			return 'Edm.String';
	}
}
