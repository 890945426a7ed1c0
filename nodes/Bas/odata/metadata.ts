/**
 * Reads a BAS / 1C:Enterprise `$metadata` reply into the MetadataModel the nodes work from: the
 * scan (edmxScanner.ts) collects the elements, this second, cheap pass resolves references,
 * tabular sections and bound functions across the document.
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
import { objectKindOf } from './naming';

// ---------------------------------------------------------------------------------------------
// Model building
// ---------------------------------------------------------------------------------------------

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
			const { kind, objectName } = objectKindOf(set.name);
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
			const boundSet = first.type.startsWith('Edm.')
				? undefined
				: (this.setByType.get(bound) ?? (this.setNames.has(bound) ? bound : undefined));
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
			parameters: bindingParameter
				? raw.parameters.filter((parameter) => parameter !== bindingParameter)
				: raw.parameters,
		};
		if (raw.returnType) fn.returnType = raw.returnType;
		// 1C leaves m:HttpMethod out on some write functions; IsSideEffecting tells the same
		const httpMethod =
			raw.httpMethod ?? (raw.sideEffecting === 'true' ? 'POST' : raw.sideEffecting === 'false' ? 'GET' : undefined);
		if (httpMethod) fn.httpMethod = httpMethod;
		sets[setName].functions[raw.name] = fn;
	}
}

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
