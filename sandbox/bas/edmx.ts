/**
 * `$metadata` of the sandbox publication, written from the schema in 1C's dialect: namespace
 * StandardODATA, `_Key` references with navigation properties and associations, composite
 * `X`/`X_Type` pairs, tabular sections as collections of `_RowType` complex types (and as their
 * own entity sets), register record sets, and bound Post/Unpost/Balance/Turnovers/SliceLast/
 * SliceFirst functions. Unindented, like the real reply.
 */
import { LEDGER_BALANCE_DIMENSIONS, LEDGER_BALANCE_RESOURCES } from './accounting';
import { edmType, type FieldDef, isReferenceKind, type ObjectDef, type Schema } from './schema';

const NS = 'StandardODATA';

function escape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function property(name: string, type: string, nullable = true): string {
	return `<Property Name="${escape(name)}" Type="${escape(type)}" Nullable="${nullable}"/>`;
}

interface Writer {
	types: string[];
	associations: string[];
	sets: string[];
	associationSets: string[];
	functions: string[];
}

/** Properties plus navigation properties (and their associations) for references to published sets. */
function structure(w: Writer, typeName: string, fields: FieldDef[], published: Set<string>): string {
	const parts: string[] = [];
	for (const field of fields) parts.push(property(field.name, edmType(field), !field.key));
	for (const field of fields) {
		if (field.type.kind !== 'ref' || !published.has(field.type.target)) continue;
		const relationship = `${typeName}_${field.attribute}`;
		parts.push(
			`<NavigationProperty Name="${escape(field.attribute)}" Relationship="${NS}.${escape(relationship)}" FromRole="Begin" ToRole="End"/>`,
		);
		w.associations.push(
			`<Association Name="${escape(relationship)}"><End Role="Begin" Type="${NS}.${escape(typeName)}" Multiplicity="*"/><End Role="End" Type="${NS}.${escape(field.type.target)}" Multiplicity="0..1"/></Association>`,
		);
		w.associationSets.push(
			`<AssociationSet Name="${escape(relationship)}" Association="${NS}.${escape(relationship)}"><End Role="Begin" EntitySet="${escape(typeName)}"/><End Role="End" EntitySet="${escape(field.type.target)}"/></AssociationSet>`,
		);
	}
	return parts.join('');
}

function keyOf(fields: FieldDef[]): string {
	return `<Key>${fields
		.filter((f) => f.key)
		.map((f) => `<PropertyRef Name="${escape(f.name)}"/>`)
		.join('')}</Key>`;
}

function entitySet(w: Writer, name: string): void {
	w.sets.push(`<EntitySet Name="${escape(name)}" EntityType="${NS}.${escape(name)}"/>`);
}

function boundFunction(
	w: Writer,
	name: string,
	bindingType: string,
	parameters: Array<[string, string]>,
	returnType?: string,
	sideEffecting = false,
): void {
	const params = [`<Parameter Name="bindingParameter" Type="${NS}.${escape(bindingType)}"/>`]
		.concat(parameters.map(([p, t]) => `<Parameter Name="${escape(p)}" Type="${t}" Nullable="true"/>`))
		.join('');
	const returns = returnType ? ` ReturnType="${escape(returnType)}"` : '';
	w.functions.push(
		`<FunctionImport Name="${name}" IsBindable="true" IsSideEffecting="${sideEffecting}" m:HttpMethod="${sideEffecting ? 'POST' : 'GET'}"${returns}>${params}</FunctionImport>`,
	);
}

function writeReferenceObject(w: Writer, object: ObjectDef, published: Set<string>): void {
	const ts = Object.entries(object.tabularSections);
	const tsProperties = ts
		.map(([name]) => property(name, `Collection(${NS}.${object.set}_${name}_RowType)`, false))
		.join('');
	w.types.push(
		`<EntityType Name="${escape(object.set)}">${keyOf(object.fields)}${structure(w, object.set, object.fields, published)}${tsProperties}</EntityType>`,
	);
	entitySet(w, object.set);
	for (const [name, columns] of ts) {
		const rowSet = `${object.set}_${name}`;
		w.types.push(
			`<ComplexType Name="${escape(rowSet)}_RowType">${columns.map((c) => property(c.name, edmType(c))).join('')}</ComplexType>`,
		);
		// the same rows as a read-only set of their own (key: owner and line)
		const rowFields = columns.map((c) => (c.name === 'Ref_Key' || c.name === 'LineNumber' ? { ...c, key: true } : c));
		w.types.push(
			`<EntityType Name="${escape(rowSet)}">${keyOf(rowFields)}${structure(w, rowSet, rowFields, published)}</EntityType>`,
		);
		entitySet(w, rowSet);
	}
	if (object.kind === 'Document') {
		boundFunction(w, 'Post', object.set, [['PostingModeOperational', 'Edm.Boolean']], undefined, true);
		boundFunction(w, 'Unpost', object.set, [], undefined, true);
	}
}

/** A register's flat records (`_RecordType`) and its record sets by recorder (`RecordSet` of `_RowType`). */
function writeRecordSets(w: Writer, object: ObjectDef, published: Set<string>): void {
	const recordType = `${object.set}_RecordType`;
	w.types.push(
		`<EntityType Name="${escape(recordType)}">${keyOf(object.fields)}${structure(w, recordType, object.fields, published)}</EntityType>`,
	);
	entitySet(w, recordType);
	w.types.push(
		`<ComplexType Name="${escape(object.set)}_RowType">${object.fields.map((f) => property(f.name, edmType(f))).join('')}</ComplexType>`,
	);
	w.types.push(
		`<EntityType Name="${escape(object.set)}"><Key><PropertyRef Name="Recorder"/></Key>${property('Recorder', 'Edm.String', false)}${property('Recorder_Type', 'Edm.String')}${property('RecordSet', `Collection(${NS}.${object.set}_RowType)`)}</EntityType>`,
	);
	entitySet(w, object.set);
}

function writeAccumulationRegister(w: Writer, object: ObjectDef, published: Set<string>): void {
	const register = object.register!;
	writeRecordSets(w, object, published);
	const dimensionFields = object.fields.filter((f) => register.dimensions.includes(f.attribute));
	const resourceFields = object.fields.filter((f) => register.resources.includes(f.attribute) && !f.typeCompanion);
	const dims = dimensionFields.map((f) => property(f.name, edmType(f))).join('');
	if (register.balance) {
		w.types.push(
			`<ComplexType Name="${escape(object.set)}_Balance">${dims}${resourceFields.map((f) => property(`${f.name}Balance`, 'Edm.Double')).join('')}</ComplexType>`,
		);
		boundFunction(
			w,
			'Balance',
			object.set,
			[
				['Period', 'Edm.DateTime'],
				['Condition', 'Edm.String'],
				['Dimensions', 'Edm.String'],
			],
			`Collection(${NS}.${object.set}_Balance)`,
		);
	}
	const turnovers = resourceFields.flatMap((f) =>
		(register.balance ? ['Turnover', 'Receipt', 'Expense'] : ['Turnover']).map((suffix) =>
			property(`${f.name}${suffix}`, 'Edm.Double'),
		),
	);
	w.types.push(`<ComplexType Name="${escape(object.set)}_Turnover">${dims}${turnovers.join('')}</ComplexType>`);
	boundFunction(
		w,
		'Turnovers',
		object.set,
		[
			['StartPeriod', 'Edm.DateTime'],
			['EndPeriod', 'Edm.DateTime'],
			['Condition', 'Edm.String'],
			['Dimensions', 'Edm.String'],
		],
		`Collection(${NS}.${object.set}_Turnover)`,
	);
}

/** Record sets and flat records like an accumulation register; Balance with Dr/Cr columns per account and sub-account. */
function writeAccountingRegister(w: Writer, object: ObjectDef, published: Set<string>): void {
	writeRecordSets(w, object, published);
	const columns = LEDGER_BALANCE_DIMENSIONS.map((name) =>
		property(name, name === 'Account_Key' || name === 'Организация_Key' ? 'Edm.Guid' : 'Edm.String'),
	)
		.concat(LEDGER_BALANCE_RESOURCES.map((name) => property(name, 'Edm.Double')))
		.join('');
	w.types.push(`<ComplexType Name="${escape(object.set)}_Balance">${columns}</ComplexType>`);
	boundFunction(
		w,
		'Balance',
		object.set,
		[
			['Period', 'Edm.DateTime'],
			['AccountCondition', 'Edm.String'],
			['Condition', 'Edm.String'],
			['ExtraDimensions', 'Edm.String'],
		],
		`Collection(${NS}.${object.set}_Balance)`,
	);
}

function writeInformationRegister(w: Writer, object: ObjectDef, published: Set<string>): void {
	w.types.push(
		`<EntityType Name="${escape(object.set)}">${keyOf(object.fields)}${structure(w, object.set, object.fields, published)}</EntityType>`,
	);
	entitySet(w, object.set);
	if (object.register?.periodic) {
		for (const slice of ['SliceLast', 'SliceFirst']) {
			boundFunction(
				w,
				slice,
				object.set,
				[
					['Period', 'Edm.DateTime'],
					['Condition', 'Edm.String'],
				],
				`Collection(${NS}.${object.set})`,
			);
		}
	}
}

export function renderEdmx(schema: Schema): string {
	const w: Writer = { types: [], associations: [], sets: [], associationSets: [], functions: [] };
	const published = new Set(Object.keys(schema.objects));
	for (const object of Object.values(schema.objects)) {
		if (isReferenceKind(object.kind)) writeReferenceObject(w, object, published);
		else if (object.kind === 'AccumulationRegister') writeAccumulationRegister(w, object, published);
		else if (object.kind === 'AccountingRegister') writeAccountingRegister(w, object, published);
		else writeInformationRegister(w, object, published);
	}
	const enums = Object.entries(schema.enums).map(
		([name, members]) =>
			`<EnumType Name="${escape(name)}" UnderlyingType="Edm.Int32">${members
				.map((member, index) => `<Member Name="${escape(member)}" Value="${index}"/>`)
				.join('')}</EnumType>`,
	);
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">' +
		'<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0">' +
		`<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="${NS}">` +
		w.types.join('') +
		enums.join('') +
		w.associations.join('') +
		`<EntityContainer Name="${NS}" m:IsDefaultEntityContainer="true">` +
		w.sets.join('') +
		w.associationSets.join('') +
		w.functions.join('') +
		'</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>'
	);
}
