/**
 * What a BAS publication offers, read from its `$metadata` (EDMX, 1C's `StandardODATA` dialect).
 * The nodes build their dropdowns and validate field names against this model instead of
 * assuming one configuration.
 *
 * Every record keyed by a name (sets, functions, enums, complex types) has no prototype, so a
 * name such as `constructor` or `__proto__` finds nothing unless the publication has it.
 */

/**
 * The metadata class an entity set belongs to, from its name prefix (`Catalog_`, `Document_`, …);
 * `TabularSection` for the rows of one tabular section over all objects (`Document_X_Товары`).
 */
export type ObjectKind =
	| 'Catalog'
	| 'Document'
	| 'DocumentJournal'
	| 'Constant'
	| 'ExchangePlan'
	| 'ChartOfAccounts'
	| 'ChartOfCalculationTypes'
	| 'ChartOfCharacteristicTypes'
	| 'InformationRegister'
	| 'AccumulationRegister'
	| 'CalculationRegister'
	| 'AccountingRegister'
	| 'BusinessProcess'
	| 'Task'
	| 'TabularSection'
	| 'Other';

/**
 * How an attribute travels over OData:
 * - `value`: a plain value (string, number, boolean, date, enum member name)
 * - `reference`: `X_Key` (a guid) with the navigation property `X`
 * - `composite`: `X` (value or guid) with its type in `X_Type`
 * - `compositeType`: the `X_Type` companion of a composite attribute
 * - `tabularSection`: a collection of rows (`Collection(StandardODATA.<Set>_<Name>_RowType)`)
 * - value storage (ХранилищеЗначения) `X`: `valueStorage` is `X_Base64Data`, the stored value in
 *   base64 and the only part 1C lets a client write; `valueStorageType` is its `X_Type`;
 *   `valueStorageLink` is `X` itself when served as a property (a read-only stream link)
 */
export type PropertyKind =
	| 'value'
	| 'reference'
	| 'composite'
	| 'compositeType'
	| 'tabularSection'
	| 'valueStorage'
	| 'valueStorageType'
	| 'valueStorageLink';

export interface PropertyModel {
	/** OData name as sent and received, e.g. `Контрагент_Key`, `Номенклатура`, `Запасы` */
	name: string;
	/** attribute name without the `_Key` / `_Type` suffix, e.g. `Контрагент` */
	attribute: string;
	/** EDM type, e.g. `Edm.String`, `Edm.Guid`, `Edm.DateTime`, `Edm.Double`, `Collection(StandardODATA.X_RowType)` */
	type: string;
	nullable: boolean;
	/** the longest value 1C stores, for strings of limited length (`MaxLength`); absent when unlimited */
	maxLength?: number;
	kind: PropertyKind;
	/** for references: the entity set referred to (from the navigation property), when the metadata says */
	target?: string;
	/** for tabular sections: the columns of one row */
	columns?: PropertyModel[];
}

export interface FunctionParameterModel {
	name: string;
	type: string;
	nullable: boolean;
}

/** A bound function such as `Post`, `Unpost`, `Balance`, `SliceLast`. */
export interface FunctionModel {
	name: string;
	parameters: FunctionParameterModel[];
	/** EDM return type, when the function returns something (virtual tables return collections) */
	returnType?: string;
	/**
	 * The type of one returned record, without namespace, when it is a structure of the document:
	 * `AccumulationRegister_X_Balance` for `Balance`, the register's own type for `SliceLast`
	 */
	recordType?: string;
	/** the fields of one returned record (the same array as in `complexTypes` or the set's properties) */
	returnProperties?: PropertyModel[];
	httpMethod?: string;
}

export interface EntitySetModel {
	/** `Catalog_Контрагенты` */
	name: string;
	kind: ObjectKind;
	/** name without the kind prefix: `Контрагенты`; for a tabular section its own name: `Товары` */
	objectName: string;
	/** for a tabular section: the set of the objects that own the rows, e.g. `Document_РасходТовара` */
	owner?: string;
	/** entity type name without namespace (in 1C equal to the set name) */
	entityType: string;
	keys: string[];
	/** every property in document order, tabular sections included */
	properties: PropertyModel[];
	/** functions bound to this set, by name */
	functions: Record<string, FunctionModel>;
}

export interface EnumModel {
	name: string;
	members: string[];
}

export interface MetadataModel {
	namespace: string;
	entitySets: Record<string, EntitySetModel>;
	enums: Record<string, EnumModel>;
	/** complex types that are not tabular-section rows (e.g. virtual-table results `AccumulationRegister_X_Balance`) */
	complexTypes: Record<string, PropertyModel[]>;
}

const NUMERIC_TYPES = new Set([
	'Edm.Int16',
	'Edm.Int32',
	'Edm.Int64',
	'Edm.Byte',
	'Edm.SByte',
	'Edm.Double',
	'Edm.Single',
	'Edm.Decimal',
]);

/** Whether an EDM type holds a number. */
export function isNumericType(type: string): boolean {
	return NUMERIC_TYPES.has(type);
}

/** The published objects of the given kinds. */
export function setsOfKind(metadata: MetadataModel, ...kinds: readonly ObjectKind[]): EntitySetModel[] {
	return Object.values(metadata.entitySets).filter((set) => kinds.includes(set.kind));
}
