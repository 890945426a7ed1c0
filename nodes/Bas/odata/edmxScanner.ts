/**
 * One forward scan over a `$metadata` reply (EDMX, OData v3, 1C's `StandardODATA` dialect) that
 * collects only the elements the model needs. Namespace prefixes and URIs are ignored: they drift
 * between platform versions.
 *
 * Why hand-written: a full publication serves ~15 MB of EDMX; a DOM parser would be slow and
 * heavy, and this code ships inside an n8n node, where dependencies are unwelcome.
 */
import type { EnumModel, FunctionParameterModel, PropertyModel } from './model';
// ---------------------------------------------------------------------------------------------
// What the scan collects
// ---------------------------------------------------------------------------------------------

export interface NavigationRef {
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
export interface Structure {
	name: string;
	keys: string[];
	properties: PropertyModel[];
	navigations: NavigationRef[] | undefined;
}

export interface RawAssociation {
	name: string;
	/** role → qualified entity type */
	ends: Map<string, string>;
}

export interface RawFunction {
	name: string;
	bindable: boolean;
	entitySetPath?: string;
	returnType?: string;
	httpMethod?: string;
	sideEffecting?: string;
	parameters: FunctionParameterModel[];
}

export interface RawEntitySet {
	name: string;
	/** qualified entity type */
	entityType: string;
}

export interface ScannedDocument {
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
export function stripNamespace(qualified: string): string {
	const dot = qualified.lastIndexOf('.');
	return dot < 0 ? qualified : qualified.slice(dot + 1);
}

/** `Collection(StandardODATA.X)` → `StandardODATA.X`; anything else → undefined */
export function collectionItemType(type: string): string | undefined {
	if (type.startsWith('Collection(') && type.endsWith(')')) return type.slice(11, -1);
	return undefined;
}

/**
 * Kinds that follow from a structure's own properties: value storage (`X_Base64Data` + `X_Type`,
 * `X` itself usually a navigation property), composite pairs (`X` + `X_Type`) and references
 * (`X_Key`, Edm.Guid). Tabular sections and reference targets need the whole document and are
 * settled by the ModelBuilder.
 */
export function classifyProperties(properties: PropertyModel[], navigations: NavigationRef[] | undefined): void {
	const names = new Set<string>();
	for (const property of properties) names.add(property.name);
	for (const property of properties) {
		const name = property.name;
		if (name.endsWith('_Base64Data')) {
			property.kind = 'valueStorage';
			property.attribute = name.slice(0, -11);
		} else if (names.has(name + '_Base64Data')) {
			property.kind = 'valueStorageLink';
		} else if (name.endsWith('_Type') && names.has(name.slice(0, -5) + '_Base64Data')) {
			// checked before composites: here `X_Type` describes the stored value, and `X` may be absent
			property.kind = 'valueStorageType';
			property.attribute = name.slice(0, -5);
		} else if (name.endsWith('_Type') && names.has(name.slice(0, -5))) {
			property.attribute = name.slice(0, -5);
			property.kind = 'compositeType';
		} else if (names.has(name + '_Type')) {
			property.kind = 'composite';
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

export function findNavigation(navigations: NavigationRef[] | undefined, name: string): NavigationRef | undefined {
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
export function scanDocument(xml: string): ScannedDocument {
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
					const property: PropertyModel = {
						name: propertyName,
						attribute: propertyName,
						type: internedAttr('Type'),
						nullable: !attrIs('Nullable', 'false'),
						kind: 'value',
					};
					const maxLength = attr('MaxLength');
					// `Max` or nothing means unlimited
					if (maxLength !== undefined && /^[1-9]\d*$/.test(maxLength)) property.maxLength = Number(maxLength);
					structure.properties.push(property);
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
