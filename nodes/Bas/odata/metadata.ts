/**
 * Reads a BAS / 1C:Enterprise `$metadata` reply into the MetadataModel the nodes work from: the
 * scan (edmxScanner.ts) collects the elements, this second, cheap pass resolves references,
 * tabular sections, bound functions and what they return across the document.
 */
import {
	collectionItemType,
	findNavigation,
	type NavigationRef,
	type RawFunction,
	type ScannedDocument,
	scanDocument,
	stripNamespace,
} from './edmxScanner';
import type { EntitySetModel, FunctionModel, FunctionParameterModel, MetadataModel, PropertyModel } from './model';
import { classifyEntitySets } from './naming';

/** A record keyed by names from the document: no prototype, so `constructor` is just a name. */
function emptyRecord<T>(): Record<string, T> {
	return Object.create(null) as Record<string, T>;
}

// ---------------------------------------------------------------------------------------------
// Model building
// ---------------------------------------------------------------------------------------------

class ModelBuilder {
	/** entity type name → first entity set of that type */
	private readonly setByType = new Map<string, string>();
	/** entity set name → its entity type name */
	private readonly typeBySet = new Map<string, string>();

	constructor(private readonly doc: ScannedDocument) {
		for (const set of doc.entitySets) {
			const typeName = stripNamespace(set.entityType);
			if (!this.typeBySet.has(set.name)) this.typeBySet.set(set.name, typeName);
			if (!this.setByType.has(typeName)) this.setByType.set(typeName, set.name);
		}
	}

	build(): MetadataModel {
		const { doc } = this;
		const model: MetadataModel = {
			namespace: doc.namespace,
			entitySets: emptyRecord(),
			enums: emptyRecord(),
			complexTypes: emptyRecord(),
		};
		const rowTypes = new Set<string>();
		const names = classifyEntitySets(
			doc.entitySets.map((set) => set.name),
			(owner, section) => this.hasTabularSection(owner, section),
		);

		for (const set of doc.entitySets) {
			if (Object.prototype.hasOwnProperty.call(model.entitySets, set.name)) continue;
			const entityType = stripNamespace(set.entityType);
			const structure = doc.entityTypes.get(entityType);
			if (structure) this.complete(structure.properties, structure.navigations, rowTypes);
			const entitySet: EntitySetModel = {
				name: set.name,
				...names.get(set.name)!,
				entityType,
				keys: structure ? structure.keys : [],
				properties: structure ? structure.properties : [],
				functions: emptyRecord(),
			};
			model.entitySets[set.name] = entitySet;
		}
		this.findSectionsByRowType(model.entitySets);

		for (const enumType of doc.enums) model.enums[enumType.name] = enumType;

		// row types are reached through their tabular sections; the rest (virtual-table results,
		// service types) are listed on their own
		for (const [name, structure] of doc.complexTypes) {
			if (rowTypes.has(name) || name.endsWith('_RowType')) continue;
			this.complete(structure.properties, this.navigationsForResult(name), rowTypes);
			model.complexTypes[name] = structure.properties;
		}

		for (const raw of doc.functions) this.bindFunction(raw, model, rowTypes);
		return model;
	}

	/** Whether the set `owner` has a tabular section `section` (a collection property of that name) */
	private hasTabularSection(owner: string, section: string): boolean {
		const type = this.typeBySet.get(owner);
		const structure = type === undefined ? undefined : this.doc.entityTypes.get(type);
		return (
			structure?.properties.some(
				(property) => property.name === section && collectionItemType(property.type) !== undefined,
			) ?? false
		);
	}

	/**
	 * A tabular section's set is named `<owner>_<section>` (found by classifyEntitySets), and its
	 * entity type is the row type's twin (`Document_X_Товары` ↔ `Document_X_Товары_RowType`) with
	 * the key Ref_Key + LineNumber: this finds a section set under another name by its type.
	 */
	private findSectionsByRowType(sets: Record<string, EntitySetModel>): void {
		for (const owner of Object.values(sets)) {
			if (owner.kind === 'TabularSection') continue;
			for (const property of owner.properties) {
				if (property.kind !== 'tabularSection') continue;
				const rowType = stripNamespace(collectionItemType(property.type) ?? '');
				if (!rowType.endsWith('_RowType')) continue;
				const setName = this.setByType.get(rowType.slice(0, -8));
				const section = setName === undefined ? undefined : sets[setName];
				// a register's RecordSet rows are the register's own type: no section there
				if (!section || section === owner || section.kind === 'TabularSection') continue;
				if (!section.keys.includes('LineNumber')) continue;
				section.kind = 'TabularSection';
				section.objectName = property.name;
				section.owner = owner.name;
			}
		}
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
		if (bySet !== undefined && this.typeBySet.has(bySet)) return bySet;
		const endType = this.doc.associations.get(associationName)?.ends.get(navigation.toRole);
		return endType === undefined ? undefined : this.setByType.get(stripNamespace(endType));
	}

	/**
	 * Binds a FunctionImport to its set: by `EntitySetPath` where given, otherwise by the type of
	 * the binding parameter (1C names it `bindingParameter`; it is always the first one).
	 */
	private bindFunction(raw: RawFunction, model: MetadataModel, rowTypes: Set<string>): void {
		const first = raw.parameters[0];
		let setName: string | undefined;
		let bindingParameter: FunctionParameterModel | undefined;

		if (first && (raw.bindable || first.name === 'bindingParameter')) {
			const bound = stripNamespace(collectionItemType(first.type) ?? first.type);
			const boundSet = first.type.startsWith('Edm.')
				? undefined
				: (this.setByType.get(bound) ?? (this.typeBySet.has(bound) ? bound : undefined));
			if (first.name === 'bindingParameter' || boundSet !== undefined) {
				bindingParameter = first;
				setName = boundSet;
			}
		} else if (!raw.bindable) {
			return; // a service operation, not bound to a set
		}

		if (raw.entitySetPath) {
			const path = raw.entitySetPath;
			if (this.typeBySet.has(path)) setName = path;
			else setName ??= this.setByType.get(stripNamespace(path));
		}
		if (setName === undefined) return;

		const fn: FunctionModel = {
			name: raw.name,
			parameters: bindingParameter
				? raw.parameters.filter((parameter) => parameter !== bindingParameter)
				: raw.parameters,
		};
		if (raw.returnType) {
			fn.returnType = raw.returnType;
			const item = collectionItemType(raw.returnType) ?? raw.returnType;
			const recordType = stripNamespace(item);
			const returnProperties = item.startsWith('Edm.') ? undefined : this.propertiesOf(recordType, model, rowTypes);
			if (returnProperties) {
				fn.recordType = recordType;
				fn.returnProperties = returnProperties;
			}
		}
		// 1C leaves m:HttpMethod out on some write functions; IsSideEffecting tells the same
		const httpMethod =
			raw.httpMethod ?? (raw.sideEffecting === 'true' ? 'POST' : raw.sideEffecting === 'false' ? 'GET' : undefined);
		if (httpMethod) fn.httpMethod = httpMethod;
		model.entitySets[setName].functions[raw.name] = fn;
	}

	/** The fields of a structure named by a function's ReturnType: a complex type or an entity type */
	private propertiesOf(name: string, model: MetadataModel, rowTypes: Set<string>): PropertyModel[] | undefined {
		if (Object.prototype.hasOwnProperty.call(model.complexTypes, name)) return model.complexTypes[name];
		if (this.doc.complexTypes.has(name)) return this.columnsOf(name, rowTypes);
		const entity = this.doc.entityTypes.get(name);
		if (!entity) return undefined;
		// entity types with a set were completed with it
		if (!this.setByType.has(name)) this.complete(entity.properties, entity.navigations, rowTypes);
		return entity.properties;
	}
}

/** Parses a `$metadata` reply. Throws when the text is not an EDMX document. */
export function parseMetadata(xml: string): MetadataModel {
	return new ModelBuilder(scanDocument(xml)).build();
}
