/**
 * Reads a BAS / 1C:Enterprise `$metadata` reply (EDMX, OData v3, `StandardODATA` dialect) into the
 * MetadataModel the nodes work from.
 *
 * Why hand-written: a full publication serves ~15 MB of EDMX; a DOM parser would be slow and
 * heavy, and this file ships inside an n8n node, where dependencies are unwelcome. One forward
 * scan over the string reads only the elements that matter, ignores namespace prefixes and URIs
 * (they drift between platform versions) and builds the model in a second, cheap pass.
 */
import type {
	EntitySetModel,
	EnumModel,
	FunctionModel,
	FunctionParameterModel,
	MetadataModel,
	ObjectKind,
	PropertyModel,
} from './model';

// ---------------------------------------------------------------------------------------------
// What the scan collects
// ---------------------------------------------------------------------------------------------

interface NavigationRef {
	name: string;
	/** qualified association name */
	relationship: string;
	toRole: string;
}

/**
 * An EntityType or a ComplexType. Its properties are classified as soon as the element closes
 * (classification only needs the siblings), so they are allocated once, straight in model shape;
 * what needs the whole document (reference targets, tabular-section rows) is filled in later.
 */
interface Structure {
	name: string;
	keys: string[];
	properties: PropertyModel[];
	navigations: NavigationRef[] | undefined;
}

interface RawAssociation {
	name: string;
	/** role → qualified entity type */
	ends: Map<string, string>;
}

interface RawFunction {
	name: string;
	bindable: boolean;
	entitySetPath?: string;
	returnType?: string;
	httpMethod?: string;
	sideEffecting?: string;
	parameters: FunctionParameterModel[];
}

interface RawEntitySet {
	name: string;
	/** qualified entity type */
	entityType: string;
}

interface ScannedDocument {
	namespace: string;
	entityTypes: Map<string, Structure>;
	complexTypes: Map<string, Structure>;
	enums: EnumModel[];
	associations: Map<string, RawAssociation>;
	/** association name → role → entity set, from AssociationSet elements */
	associationSets: Map<string, Map<string, string>>;
	entitySets: RawEntitySet[];
	functions: RawFunction[];
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
	return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (match: string, body: string) => {
		if (body.charCodeAt(0) === 35 /* # */) {
			const code = body.charCodeAt(1) === 120 /* x */ ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
			return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
		}
		return Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body) ? NAMED_ENTITIES[body] : match;
	});
}

/**
 * In V8 a substring is a view into its source: keeping one alive keeps the whole reply (15 MB of
 * text, twice that in memory) alive for as long as the model is cached. Interned strings are
 * fresh copies, and since names and types repeat a lot (`Ref_Key`, `Edm.String`) the model shares
 * one copy of each.
 */
class StringPool {
	private readonly pool = new Map<string, string>();

	intern(value: string): string {
		let pooled = this.pool.get(value);
		if (pooled === undefined) {
			// concatenation then slice yields a flat copy that does not point into the source
			pooled = (' ' + value).slice(1);
			this.pool.set(pooled, pooled);
		}
		return pooled;
	}
}

/** `StandardODATA.Catalog_X` → `Catalog_X` (1C names contain no dots) */
function stripNamespace(qualified: string): string {
	const dot = qualified.lastIndexOf('.');
	return dot < 0 ? qualified : qualified.slice(dot + 1);
}

/** `Collection(StandardODATA.X)` → `StandardODATA.X`; anything else → undefined */
function collectionItemType(type: string): string | undefined {
	if (type.startsWith('Collection(') && type.endsWith(')')) return type.slice(11, -1);
	return undefined;
}

/**
 * Kinds that follow from a structure's own properties: composite pairs (`X` + `X_Type`) and
 * references (`X_Key`, Edm.Guid). Tabular sections and reference targets need the whole document
 * and are settled by the ModelBuilder.
 */
function classifyProperties(properties: PropertyModel[], navigations: NavigationRef[] | undefined): void {
	const names = new Set<string>();
	for (const property of properties) names.add(property.name);
	for (const property of properties) {
		const name = property.name;
		if (name.endsWith('_Type') && names.has(name.slice(0, -5))) {
			const attribute = name.slice(0, -5);
			property.attribute = attribute;
			// value storage (`X` + `X_Base64Data` + `X_Type`) is no composite: `X_Type` describes the blob
			if (!names.has(attribute + '_Base64Data')) property.kind = 'compositeType';
		} else if (names.has(name + '_Type')) {
			if (!names.has(name + '_Base64Data')) property.kind = 'composite';
		} else if (name.endsWith('_Key') && property.type === 'Edm.Guid') {
			const attribute = name.slice(0, -4);
			// `Ref_Key` is the object's own identity unless a navigation property says otherwise
			if (attribute !== 'Ref' || findNavigation(navigations, attribute)) {
				property.kind = 'reference';
				property.attribute = attribute;
			}
		}
	}
}

function findNavigation(navigations: NavigationRef[] | undefined, name: string): NavigationRef | undefined {
	if (navigations) for (const navigation of navigations) if (navigation.name === name) return navigation;
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------------------------

// Elements the scan acts on, by local name
const EL_OTHER = 0;
const EL_PROPERTY = 1;
const EL_NAVIGATION_PROPERTY = 2;
const EL_PROPERTY_REF = 3;
const EL_KEY = 4;
const EL_ENTITY_TYPE = 5;
const EL_COMPLEX_TYPE = 6;
const EL_ASSOCIATION = 7;
const EL_ASSOCIATION_SET = 8;
const EL_END = 9;
const EL_ENUM_TYPE = 10;
const EL_MEMBER = 11;
const EL_ENTITY_SET = 12;
const EL_FUNCTION_IMPORT = 13;
const EL_PARAMETER = 14;
const EL_SCHEMA = 15;

/** Candidates by name length, so a tag is identified without cutting its name out of the text */
const ELEMENTS_BY_LENGTH: Array<Array<[string, number]>> = [];
for (const [name, code] of [
	['Property', EL_PROPERTY],
	['NavigationProperty', EL_NAVIGATION_PROPERTY],
	['PropertyRef', EL_PROPERTY_REF],
	['Key', EL_KEY],
	['EntityType', EL_ENTITY_TYPE],
	['ComplexType', EL_COMPLEX_TYPE],
	['Association', EL_ASSOCIATION],
	['AssociationSet', EL_ASSOCIATION_SET],
	['End', EL_END],
	['EnumType', EL_ENUM_TYPE],
	['Member', EL_MEMBER],
	['EntitySet', EL_ENTITY_SET],
	['FunctionImport', EL_FUNCTION_IMPORT],
	['Parameter', EL_PARAMETER],
	['Schema', EL_SCHEMA],
] as Array<[string, number]>) {
	(ELEMENTS_BY_LENGTH[name.length] ??= []).push([name, code]);
}

const CH_GT = 62; // >
const CH_SLASH = 47; // /
const CH_EQ = 61; // =
const CH_BANG = 33; // !
const CH_QUESTION = 63; // ?
const CH_COLON = 58; // :
const CH_DQUOTE = 34; // "
const CH_SQUOTE = 39; // '

function isSpace(code: number): boolean {
	return code === 32 || code === 10 || code === 13 || code === 9;
}

function malformed(): Error {
	return new Error('The $metadata reply is not well-formed XML (a tag is cut off or broken)');
}

/**
 * One forward pass over the text. Elements are recognised by local name, so prefixes
 * (`edmx:`, `edm:`) and namespace URIs do not matter; text content is skipped.
 */
function scanDocument(xml: string): ScannedDocument {
	const pool = new StringPool();
	const doc: ScannedDocument = {
		namespace: '',
		entityTypes: new Map(),
		complexTypes: new Map(),
		enums: [],
		associations: new Map(),
		associationSets: new Map(),
		entitySets: [],
		functions: [],
	};
	let schemaFound = false;

	// Attributes of the current start tag, as offsets into the text (name start/end, value
	// start/end). Values are cut out only when an element asks for them.
	let attrCapacity = 16;
	let attrOffsets = new Int32Array(attrCapacity * 4);
	let attrCount = 0;
	const findAttr = (name: string): number => {
		for (let i = 0; i < attrCount; i++) {
			const start = attrOffsets[i * 4];
			if (attrOffsets[i * 4 + 1] - start === name.length && xml.startsWith(name, start)) return i;
		}
		return -1;
	};
	const attr = (name: string): string | undefined => {
		const i = findAttr(name);
		if (i < 0) return undefined;
		const value = xml.slice(attrOffsets[i * 4 + 2], attrOffsets[i * 4 + 3]);
		return value.indexOf('&') >= 0 ? decodeEntities(value) : value;
	};
	const attrIs = (name: string, expected: string): boolean => {
		const i = findAttr(name);
		if (i < 0) return false;
		const start = attrOffsets[i * 4 + 2];
		if (attrOffsets[i * 4 + 3] - start === expected.length && xml.startsWith(expected, start)) return true;
		return attr(name) === expected; // spelled with entities
	};
	const internedAttr = (name: string): string => {
		const value = attr(name);
		return value === undefined ? '' : pool.intern(value);
	};

	const elementAt = (start: number, end: number): number => {
		const candidates = ELEMENTS_BY_LENGTH[end - start];
		if (candidates) for (const [name, code] of candidates) if (xml.startsWith(name, start)) return code;
		return EL_OTHER;
	};

	// what the scan is inside of
	let structure: Structure | null = null;
	let structureIsEntity = false;
	let inKey = false;
	let enumType: EnumModel | null = null;
	let association: RawAssociation | null = null;
	let associationSet: Map<string, string> | null = null;
	let func: RawFunction | null = null;

	const openElement = (element: number): void => {
		switch (element) {
			case EL_PROPERTY:
				if (structure) {
					const propertyName = internedAttr('Name');
					structure.properties.push({
						name: propertyName,
						attribute: propertyName,
						type: internedAttr('Type'),
						nullable: !attrIs('Nullable', 'false'),
						kind: 'value',
					});
				}
				break;
			case EL_NAVIGATION_PROPERTY:
				if (structure) {
					(structure.navigations ??= []).push({
						name: internedAttr('Name'),
						relationship: attr('Relationship') ?? '',
						toRole: attr('ToRole') ?? '',
					});
				}
				break;
			case EL_PROPERTY_REF:
				if (inKey && structure) structure.keys.push(internedAttr('Name'));
				break;
			case EL_KEY:
				inKey = structure !== null;
				break;
			case EL_ENTITY_TYPE:
			case EL_COMPLEX_TYPE:
				structure = { name: internedAttr('Name'), keys: [], properties: [], navigations: undefined };
				structureIsEntity = element === EL_ENTITY_TYPE;
				break;
			case EL_ASSOCIATION:
				association = { name: attr('Name') ?? '', ends: new Map() };
				break;
			case EL_ASSOCIATION_SET: {
				associationSet = new Map();
				const associationName = stripNamespace(attr('Association') ?? '');
				if (associationName) doc.associationSets.set(associationName, associationSet);
				break;
			}
			case EL_END:
				if (association) association.ends.set(attr('Role') ?? '', attr('Type') ?? '');
				else if (associationSet) associationSet.set(attr('Role') ?? '', internedAttr('EntitySet'));
				break;
			case EL_ENUM_TYPE:
				enumType = { name: internedAttr('Name'), members: [] };
				break;
			case EL_MEMBER:
				if (enumType) enumType.members.push(internedAttr('Name'));
				break;
			case EL_ENTITY_SET:
				doc.entitySets.push({ name: internedAttr('Name'), entityType: internedAttr('EntityType') });
				break;
			case EL_FUNCTION_IMPORT: {
				func = {
					name: internedAttr('Name'),
					bindable: attrIs('IsBindable', 'true') || attrIs('IsAlwaysBindable', 'true'),
					parameters: [],
				};
				const entitySetPath = attr('EntitySetPath');
				if (entitySetPath) func.entitySetPath = entitySetPath;
				const returnType = attr('ReturnType');
				if (returnType) func.returnType = pool.intern(returnType);
				const httpMethod = attr('HttpMethod');
				if (httpMethod) func.httpMethod = pool.intern(httpMethod.toUpperCase());
				const sideEffecting = attr('IsSideEffecting');
				if (sideEffecting) func.sideEffecting = sideEffecting;
				doc.functions.push(func);
				break;
			}
			case EL_PARAMETER:
				if (func) {
					func.parameters.push({
						name: internedAttr('Name'),
						type: internedAttr('Type'),
						nullable: !attrIs('Nullable', 'false'),
					});
				}
				break;
			case EL_SCHEMA:
				schemaFound = true;
				if (!doc.namespace) doc.namespace = internedAttr('Namespace');
				break;
		}
	};

	const closeElement = (element: number): void => {
		switch (element) {
			case EL_ENTITY_TYPE:
			case EL_COMPLEX_TYPE:
				if (structure) {
					classifyProperties(structure.properties, structure.navigations);
					const target = structureIsEntity ? doc.entityTypes : doc.complexTypes;
					if (!target.has(structure.name)) target.set(structure.name, structure);
				}
				structure = null;
				inKey = false;
				break;
			case EL_KEY:
				inKey = false;
				break;
			case EL_ENUM_TYPE:
				if (enumType) doc.enums.push(enumType);
				enumType = null;
				break;
			case EL_ASSOCIATION:
				if (association) doc.associations.set(association.name, association);
				association = null;
				break;
			case EL_ASSOCIATION_SET:
				associationSet = null;
				break;
			case EL_FUNCTION_IMPORT:
				func = null;
				break;
		}
	};

	const length = xml.length;
	let pos = xml.indexOf('<');
	while (pos >= 0) {
		const next = xml.charCodeAt(pos + 1);

		// comments, CDATA, DOCTYPE, processing instructions: skip to their end
		if (next === CH_BANG || next === CH_QUESTION) {
			let end: number;
			if (next === CH_QUESTION) end = xml.indexOf('?>', pos + 2) + 2;
			else if (xml.startsWith('<!--', pos)) end = xml.indexOf('-->', pos + 4) + 3;
			else if (xml.startsWith('<![CDATA[', pos)) end = xml.indexOf(']]>', pos + 9) + 3;
			else end = xml.indexOf('>', pos + 2) + 1;
			if (end <= 2) throw malformed();
			pos = xml.indexOf('<', end);
			continue;
		}

		// end tag: leave the element
		if (next === CH_SLASH) {
			const end = xml.indexOf('>', pos + 2);
			if (end < 0) throw malformed();
			let nameStart = pos + 2;
			for (let i = nameStart; i < end; i++) if (xml.charCodeAt(i) === CH_COLON) nameStart = i + 1;
			let nameEnd = end;
			while (nameEnd > nameStart && isSpace(xml.charCodeAt(nameEnd - 1))) nameEnd--;
			closeElement(elementAt(nameStart, nameEnd));
			pos = xml.indexOf('<', end + 1);
			continue;
		}

		// start tag: local name, then attributes; quote-aware, since `>` may occur inside values
		let p = pos + 1;
		let nameStart = p;
		for (;;) {
			const code = xml.charCodeAt(p);
			if (code === CH_GT || code === CH_SLASH || isSpace(code)) break;
			if (code === CH_COLON) nameStart = p + 1;
			if (p >= length) throw malformed();
			p++;
		}
		const element = elementAt(nameStart, p);
		attrCount = 0;
		let selfClosing = false;
		for (;;) {
			let code = xml.charCodeAt(p);
			while (isSpace(code)) code = xml.charCodeAt(++p);
			if (code === CH_GT) break;
			if (code === CH_SLASH) {
				selfClosing = true;
				p = xml.indexOf('>', p);
				if (p < 0) throw malformed();
				break;
			}
			if (p >= length) throw malformed();
			// attribute name, local part
			let attrStart = p;
			while (p < length) {
				code = xml.charCodeAt(p);
				if (code === CH_EQ || code === CH_GT || code === CH_SLASH || isSpace(code)) break;
				if (code === CH_COLON) attrStart = p + 1;
				p++;
			}
			const attrEnd = p;
			while (isSpace(xml.charCodeAt(p))) p++;
			if (xml.charCodeAt(p) !== CH_EQ) continue; // a valueless attribute is not XML; step over it
			p++;
			while (isSpace(xml.charCodeAt(p))) p++;
			const quote = xml.charCodeAt(p);
			if (quote !== CH_DQUOTE && quote !== CH_SQUOTE) throw malformed();
			const valueEnd = xml.indexOf(quote === CH_DQUOTE ? '"' : "'", p + 1);
			if (valueEnd < 0) throw malformed();
			if (attrCount === attrCapacity) {
				attrCapacity *= 2;
				const grown = new Int32Array(attrCapacity * 4);
				grown.set(attrOffsets);
				attrOffsets = grown;
			}
			const slot = attrCount * 4;
			attrOffsets[slot] = attrStart;
			attrOffsets[slot + 1] = attrEnd;
			attrOffsets[slot + 2] = p + 1;
			attrOffsets[slot + 3] = valueEnd;
			attrCount++;
			p = valueEnd + 1;
		}
		if (element !== EL_OTHER) {
			openElement(element);
			if (selfClosing) closeElement(element);
		}
		pos = xml.indexOf('<', p + 1);
	}

	if (!schemaFound) {
		throw new Error('The $metadata reply is not an EDMX document (it has no <Schema> element)');
	}
	return doc;
}

// ---------------------------------------------------------------------------------------------
// Model building
// ---------------------------------------------------------------------------------------------

const KIND_BY_PREFIX: Record<string, ObjectKind> = {
	Catalog: 'Catalog',
	Document: 'Document',
	DocumentJournal: 'DocumentJournal',
	Constant: 'Constant',
	ExchangePlan: 'ExchangePlan',
	ChartOfAccounts: 'ChartOfAccounts',
	ChartOfCalculationTypes: 'ChartOfCalculationTypes',
	ChartOfCharacteristicTypes: 'ChartOfCharacteristicTypes',
	InformationRegister: 'InformationRegister',
	AccumulationRegister: 'AccumulationRegister',
	CalculationRegister: 'CalculationRegister',
	AccountingRegister: 'AccountingRegister',
	BusinessProcess: 'BusinessProcess',
	Task: 'Task',
};

/**
 * Kind and object name from a set name. A prefix runs up to the first `_` and none contains one,
 * so an exact lookup is also the longest match (`DocumentJournal_X` is never a `Document_`);
 * the object name keeps any further `_` (`InformationRegister_пр_Очередь` → `пр_Очередь`).
 */
export function splitSetName(setName: string): { kind: ObjectKind; objectName: string } {
	const underscore = setName.indexOf('_');
	if (underscore > 0) {
		const prefix = setName.slice(0, underscore);
		if (Object.prototype.hasOwnProperty.call(KIND_BY_PREFIX, prefix)) {
			return { kind: KIND_BY_PREFIX[prefix], objectName: setName.slice(underscore + 1) };
		}
	}
	return { kind: 'Other', objectName: setName };
}

class ModelBuilder {
	/** entity type name → first entity set of that type */
	private readonly setByType = new Map<string, string>();
	private readonly setNames = new Set<string>();

	constructor(private readonly doc: ScannedDocument) {
		for (const set of doc.entitySets) {
			this.setNames.add(set.name);
			const typeName = stripNamespace(set.entityType);
			if (!this.setByType.has(typeName)) this.setByType.set(typeName, set.name);
		}
	}

	build(): MetadataModel {
		const { doc } = this;
		const model: MetadataModel = { namespace: doc.namespace, entitySets: {}, enums: {}, complexTypes: {} };
		const rowTypes = new Set<string>();

		for (const set of doc.entitySets) {
			if (Object.prototype.hasOwnProperty.call(model.entitySets, set.name)) continue;
			const entityType = stripNamespace(set.entityType);
			const structure = doc.entityTypes.get(entityType);
			const { kind, objectName } = splitSetName(set.name);
			if (structure) this.complete(structure.properties, structure.navigations, rowTypes);
			model.entitySets[set.name] = {
				name: set.name,
				kind,
				objectName,
				entityType,
				keys: structure ? structure.keys : [],
				properties: structure ? structure.properties : [],
				functions: {},
			};
		}

		for (const raw of doc.functions) this.bindFunction(raw, model.entitySets);

		for (const enumType of doc.enums) model.enums[enumType.name] = enumType;

		// row types are reached through their tabular sections; the rest (virtual-table results,
		// service types) are listed on their own
		for (const [name, structure] of doc.complexTypes) {
			if (rowTypes.has(name) || name.endsWith('_RowType')) continue;
			this.complete(structure.properties, this.navigationsForResult(name), rowTypes);
			model.complexTypes[name] = structure.properties;
		}
		return model;
	}

	/** Fills in what needs the whole document: reference targets and tabular-section rows */
	private complete(properties: PropertyModel[], navigations: NavigationRef[] | undefined, rowTypes: Set<string>): void {
		for (const property of properties) {
			if (property.kind === 'reference') {
				const navigation = findNavigation(navigations, property.attribute);
				const target = navigation && this.navigationTarget(navigation);
				if (target !== undefined) property.target = target;
			} else if (property.kind === 'value' && property.type.charCodeAt(0) === 67 /* C */) {
				const item = collectionItemType(property.type);
				if (item === undefined) continue;
				const rowType = stripNamespace(item);
				if (!this.doc.complexTypes.has(rowType) && !rowType.endsWith('_RowType')) continue;
				property.kind = 'tabularSection';
				property.columns = this.columnsOf(rowType, rowTypes);
			}
		}
	}

	/** Columns of a tabular section; reference targets come from the section's own entity type */
	private columnsOf(rowType: string, rowTypes: Set<string>): PropertyModel[] {
		const owner = rowType.endsWith('_RowType') ? rowType.slice(0, -8) : rowType;
		const row = this.doc.complexTypes.get(rowType);
		if (!row) return [];
		if (!rowTypes.has(rowType)) {
			rowTypes.add(rowType);
			// `Document_X_Товары_RowType` ↔ entity `Document_X_Товары`; a register's record set
			// `AccumulationRegister_X_RowType` ↔ its flat records `AccumulationRegister_X_RecordType`
			const { entityTypes } = this.doc;
			const source = entityTypes.get(owner + '_RecordType') ?? entityTypes.get(owner);
			this.complete(row.properties, source ? source.navigations : row.navigations, rowTypes);
		}
		return row.properties;
	}

	/**
	 * Complex types carry no navigation properties in OData v3. For a virtual-table result
	 * (`AccumulationRegister_X_Balance`) the register's record type knows where each `_Key` points.
	 */
	private navigationsForResult(name: string): NavigationRef[] | undefined {
		const { entityTypes } = this.doc;
		let cut = name.lastIndexOf('_');
		while (cut > 0) {
			const owner = name.slice(0, cut);
			const records = entityTypes.get(owner + '_RecordType') ?? entityTypes.get(owner);
			if (records) return records.navigations;
			cut = name.lastIndexOf('_', cut - 1);
		}
		return undefined;
	}

	private navigationTarget(navigation: NavigationRef): string | undefined {
		const associationName = stripNamespace(navigation.relationship);
		const bySet = this.doc.associationSets.get(associationName)?.get(navigation.toRole);
		if (bySet !== undefined && this.setNames.has(bySet)) return bySet;
		const endType = this.doc.associations.get(associationName)?.ends.get(navigation.toRole);
		return endType === undefined ? undefined : this.setByType.get(stripNamespace(endType));
	}

	/**
	 * Binds a FunctionImport to its set: by `EntitySetPath` where given, otherwise by the type of
	 * the binding parameter (1C names it `bindingParameter`; it is always the first one).
	 */
	private bindFunction(raw: RawFunction, sets: Record<string, EntitySetModel>): void {
		const first = raw.parameters[0];
		let setName: string | undefined;
		let bindingParameter: FunctionParameterModel | undefined;

		if (first && (raw.bindable || first.name === 'bindingParameter')) {
			const bound = stripNamespace(collectionItemType(first.type) ?? first.type);
			const boundSet = first.type.startsWith('Edm.') ? undefined : (this.setByType.get(bound) ?? (this.setNames.has(bound) ? bound : undefined));
			if (first.name === 'bindingParameter' || boundSet !== undefined) {
				bindingParameter = first;
				setName = boundSet;
			}
		} else if (!raw.bindable) {
			return; // a service operation, not bound to a set
		}

		if (raw.entitySetPath) {
			const path = raw.entitySetPath;
			if (this.setNames.has(path)) setName = path;
			else setName ??= this.setByType.get(stripNamespace(path));
		}
		if (setName === undefined) return;

		const fn: FunctionModel = {
			name: raw.name,
			parameters: bindingParameter ? raw.parameters.filter((parameter) => parameter !== bindingParameter) : raw.parameters,
		};
		if (raw.returnType) fn.returnType = raw.returnType;
		// 1C leaves m:HttpMethod out on some write functions; IsSideEffecting tells the same
		const httpMethod = raw.httpMethod ?? (raw.sideEffecting === 'true' ? 'POST' : raw.sideEffecting === 'false' ? 'GET' : undefined);
		if (httpMethod) fn.httpMethod = httpMethod;
		sets[setName].functions[raw.name] = fn;
	}
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Parses a `$metadata` reply. Throws when the text is not an EDMX document. */
export function parseMetadata(xml: string): MetadataModel {
	return new ModelBuilder(scanDocument(xml)).build();
}

/** Looks a set up by its exact name, falling back to a case-insensitive match (user-typed names). */
export function findEntitySet(model: MetadataModel, name: string): EntitySetModel | undefined {
	if (Object.prototype.hasOwnProperty.call(model.entitySets, name)) return model.entitySets[name];
	const wanted = name.trim().toLowerCase();
	for (const setName of Object.keys(model.entitySets)) {
		if (setName.toLowerCase() === wanted) return model.entitySets[setName];
	}
	return undefined;
}

/** Metadata changes only when the configuration is updated; a quarter of an hour keeps dropdowns fresh enough. */
export const DEFAULT_METADATA_TTL_MS = 15 * 60 * 1000;

/** Bound on the number of publications cached per process (each model holds a few MB). */
const MAX_CACHED_PUBLICATIONS = 32;

interface CacheEntry {
	promise: Promise<MetadataModel>;
	/** Date.now() after which the entry is stale; Infinity while the load is in flight */
	expiresAt: number;
}

const metadataCache = new Map<string, CacheEntry>();

/**
 * Parsed metadata per publication, loaded at most once per TTL. Concurrent callers share one
 * in-flight load; a failed load is forgotten so the next call retries. The model is shared
 * between callers: treat it as read-only.
 */
export function getCachedMetadata(
	key: string,
	load: () => Promise<string>,
	ttlMs: number = DEFAULT_METADATA_TTL_MS,
): Promise<MetadataModel> {
	const cached = metadataCache.get(key);
	if (cached && cached.expiresAt > Date.now()) return cached.promise;

	const entry: CacheEntry = { promise: Promise.resolve().then(load).then(parseMetadata), expiresAt: Infinity };
	metadataCache.delete(key);
	metadataCache.set(key, entry);
	if (metadataCache.size > MAX_CACHED_PUBLICATIONS) {
		// Map keeps insertion order: the first key is the oldest load
		const oldest = metadataCache.keys().next().value;
		if (oldest !== undefined && oldest !== key) metadataCache.delete(oldest);
	}
	entry.promise.then(
		() => {
			entry.expiresAt = Date.now() + ttlMs;
		},
		() => {
			if (metadataCache.get(key) === entry) metadataCache.delete(key);
		},
	);
	return entry.promise;
}

/** Drops one publication's cached metadata, or all of it. */
export function clearMetadataCache(key?: string): void {
	if (key === undefined) metadataCache.clear();
	else metadataCache.delete(key);
}
