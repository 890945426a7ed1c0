import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import { clearMetadataCache, getCachedMetadata } from '../../nodes/Bas/odata/metadataCache';
import type { EntitySetModel, MetadataModel, PropertyModel } from '../../nodes/Bas/odata/model';
import { classifyEntitySets, objectKindOf } from '../../nodes/Bas/odata/naming';
import { escapeXmlAttribute, generateEdmx, generateEdmxWithStats, smallEdmx } from '../fixtures/edmx';

function set(model: MetadataModel, name: string): EntitySetModel {
	const found = model.entitySets[name];
	if (!found) throw new Error(`no entity set ${name}`);
	return found;
}

function prop(properties: PropertyModel[], name: string): PropertyModel {
	const found = properties.find((property) => property.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

/** Wraps schema content the way 1C does, for hand-written edge cases */
function wrap(schema: string, container = ''): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		'<edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" Version="1.0">' +
		'<edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" m:DataServiceVersion="3.0">' +
		`<Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" Namespace="StandardODATA">${schema}` +
		`<EntityContainer Name="StandardODATA" m:IsDefaultEntityContainer="true">${container}</EntityContainer>` +
		'</Schema></edmx:DataServices></edmx:Edmx>'
	);
}

describe('parseMetadata on the small publication', () => {
	const model = parseMetadata(smallEdmx());

	it('reads the namespace and every entity set, tabular-section and record sets included', () => {
		expect(model.namespace).toBe('StandardODATA');
		expect(Object.keys(model.entitySets)).toEqual([
			'Catalog_Контрагенты',
			'Catalog_Контрагенты_КонтактнаяИнформация',
			'Catalog_ВидыКонтактнойИнформации',
			'Catalog_Номенклатура',
			'Catalog_КлассификаторЕдиницИзмерения',
			'Catalog_ХарактеристикиНоменклатуры',
			'Catalog_СостоянияЗаказовПокупателей',
			'Catalog_СтруктурныеЕдиницы',
			'Catalog_ВидыЦен',
			'Document_ЗаказПокупателя',
			'Document_ЗаказПокупателя_Запасы',
			'AccumulationRegister_ЗапасыНаСкладах',
			'AccumulationRegister_ЗапасыНаСкладах_RecordType',
			'InformationRegister_ЦеныНоменклатуры',
		]);
	});

	it('derives kind and object name from the set name', () => {
		expect(set(model, 'Catalog_Контрагенты')).toMatchObject({
			kind: 'Catalog',
			objectName: 'Контрагенты',
			entityType: 'Catalog_Контрагенты',
		});
		expect(set(model, 'Catalog_Контрагенты').owner).toBeUndefined();
		expect(set(model, 'AccumulationRegister_ЗапасыНаСкладах_RecordType')).toMatchObject({
			kind: 'AccumulationRegister',
			objectName: 'ЗапасыНаСкладах_RecordType',
		});
		expect(set(model, 'InformationRegister_ЦеныНоменклатуры').kind).toBe('InformationRegister');
	});

	it('gives the sets of tabular sections their own kind, with the owner and the section name', () => {
		expect(set(model, 'Document_ЗаказПокупателя_Запасы')).toMatchObject({
			kind: 'TabularSection',
			objectName: 'Запасы',
			owner: 'Document_ЗаказПокупателя',
			entityType: 'Document_ЗаказПокупателя_Запасы',
		});
		expect(set(model, 'Catalog_Контрагенты_КонтактнаяИнформация')).toMatchObject({
			kind: 'TabularSection',
			objectName: 'КонтактнаяИнформация',
			owner: 'Catalog_Контрагенты',
		});
		const sections = Object.values(model.entitySets).filter((entitySet) => entitySet.kind === 'TabularSection');
		expect(sections.map((entitySet) => entitySet.name)).toEqual([
			'Catalog_Контрагенты_КонтактнаяИнформация',
			'Document_ЗаказПокупателя_Запасы',
		]);
	});

	it('keeps the maximum length of limited strings', () => {
		const counterparties = set(model, 'Catalog_Контрагенты').properties;
		expect(prop(counterparties, 'Description').maxLength).toBe(100);
		expect(prop(counterparties, 'ИНН').maxLength).toBe(12);
		expect(prop(set(model, 'Document_ЗаказПокупателя').properties, 'Number').maxLength).toBe(11);
		// unlimited strings and other types have none
		expect(prop(counterparties, 'НаименованиеПолное')).not.toHaveProperty('maxLength');
		expect(prop(counterparties, 'Ref_Key')).not.toHaveProperty('maxLength');
	});

	it('reads keys, single and composite', () => {
		expect(set(model, 'Catalog_Контрагенты').keys).toEqual(['Ref_Key']);
		expect(set(model, 'Document_ЗаказПокупателя_Запасы').keys).toEqual(['Ref_Key', 'LineNumber']);
		expect(set(model, 'AccumulationRegister_ЗапасыНаСкладах').keys).toEqual(['Recorder_Key']);
		expect(set(model, 'InformationRegister_ЦеныНоменклатуры').keys).toEqual([
			'Period',
			'ВидЦен_Key',
			'Номенклатура_Key',
			'Характеристика_Key',
		]);
	});

	it('keeps properties in document order with type and nullability', () => {
		const order = set(model, 'Document_ЗаказПокупателя');
		expect(order.properties.map((property) => property.name)).toEqual([
			'Ref_Key',
			'DataVersion',
			'DeletionMark',
			'Number',
			'Date',
			'Posted',
			'ВидОперации',
			'Контрагент_Key',
			'СостояниеЗаказа',
			'СостояниеЗаказа_Type',
			'СуммаДокумента',
			'Комментарий',
			'Запасы',
		]);
		expect(prop(order.properties, 'Ref_Key')).toEqual({
			name: 'Ref_Key',
			attribute: 'Ref_Key',
			type: 'Edm.Guid',
			nullable: false,
			kind: 'value',
		});
		expect(prop(order.properties, 'Date')).toMatchObject({ type: 'Edm.DateTime', nullable: true, kind: 'value' });
		expect(prop(order.properties, 'ВидОперации')).toMatchObject({ type: 'Edm.String', kind: 'value' });
	});

	it('resolves references to their target sets through navigation properties and associations', () => {
		const counterparties = set(model, 'Catalog_Контрагенты').properties;
		expect(prop(counterparties, 'Parent_Key')).toEqual({
			name: 'Parent_Key',
			attribute: 'Parent',
			type: 'Edm.Guid',
			nullable: true,
			kind: 'reference',
			target: 'Catalog_Контрагенты',
		});
		expect(prop(counterparties, 'IsFolder')).toMatchObject({ type: 'Edm.Boolean', kind: 'value' });
		expect(prop(counterparties, 'ГоловнойКонтрагент_Key').target).toBe('Catalog_Контрагенты');

		const items = set(model, 'Catalog_Номенклатура').properties;
		expect(prop(items, 'Артикул')).toMatchObject({ type: 'Edm.String', kind: 'value' });
		expect(prop(items, 'ЕдиницаИзмерения_Key')).toMatchObject({
			attribute: 'ЕдиницаИзмерения',
			kind: 'reference',
			target: 'Catalog_КлассификаторЕдиницИзмерения',
		});
		expect(prop(set(model, 'Catalog_ХарактеристикиНоменклатуры').properties, 'Owner_Key').target).toBe(
			'Catalog_Номенклатура',
		);
		expect(prop(set(model, 'Document_ЗаказПокупателя').properties, 'Контрагент_Key')).toMatchObject({
			attribute: 'Контрагент',
			kind: 'reference',
			target: 'Catalog_Контрагенты',
		});
		expect(prop(set(model, 'AccumulationRegister_ЗапасыНаСкладах').properties, 'Recorder_Key').target).toBe(
			'Document_ЗаказПокупателя',
		);
		expect(prop(set(model, 'InformationRegister_ЦеныНоменклатуры').properties, 'ВидЦен_Key').target).toBe(
			'Catalog_ВидыЦен',
		);
	});

	it('detects composite attributes by their _Type companion', () => {
		const order = set(model, 'Document_ЗаказПокупателя').properties;
		expect(prop(order, 'СостояниеЗаказа')).toMatchObject({
			attribute: 'СостояниеЗаказа',
			type: 'Edm.String',
			kind: 'composite',
		});
		expect(prop(order, 'СостояниеЗаказа_Type')).toMatchObject({ attribute: 'СостояниеЗаказа', kind: 'compositeType' });
		expect(prop(order, 'СостояниеЗаказа').target).toBeUndefined();
		const prices = set(model, 'InformationRegister_ЦеныНоменклатуры').properties;
		expect(prop(prices, 'ЕдиницаИзмерения').kind).toBe('composite');
		expect(prop(prices, 'ЕдиницаИзмерения_Type').kind).toBe('compositeType');
	});

	it('gives tabular sections their columns, classified like properties', () => {
		const stock = prop(set(model, 'Document_ЗаказПокупателя').properties, 'Запасы');
		expect(stock).toMatchObject({
			attribute: 'Запасы',
			type: 'Collection(StandardODATA.Document_ЗаказПокупателя_Запасы_RowType)',
			kind: 'tabularSection',
		});
		const columns = stock.columns ?? [];
		expect(columns.map((column) => column.name)).toEqual([
			'Ref_Key',
			'LineNumber',
			'Номенклатура',
			'Номенклатура_Type',
			'Характеристика_Key',
			'Количество',
			'Цена',
			'Сумма',
		]);
		expect(prop(columns, 'LineNumber')).toMatchObject({ type: 'Edm.Int64', nullable: false, kind: 'value' });
		expect(prop(columns, 'Номенклатура')).toMatchObject({ kind: 'composite' });
		expect(prop(columns, 'Номенклатура_Type')).toMatchObject({ kind: 'compositeType', attribute: 'Номенклатура' });
		// complex types have no navigation properties: the target comes from the section's entity type
		expect(prop(columns, 'Характеристика_Key')).toMatchObject({
			attribute: 'Характеристика',
			kind: 'reference',
			target: 'Catalog_ХарактеристикиНоменклатуры',
		});
		expect(prop(columns, 'Количество')).toMatchObject({ type: 'Edm.Double', kind: 'value' });
		expect(prop(columns, 'Цена')).toMatchObject({ type: 'Edm.Double', kind: 'value' });

		const contacts = prop(set(model, 'Catalog_Контрагенты').properties, 'КонтактнаяИнформация');
		expect(contacts.kind).toBe('tabularSection');
		expect(prop(contacts.columns ?? [], 'Вид_Key').target).toBe('Catalog_ВидыКонтактнойИнформации');

		// a register's record set is a collection of rows as well
		const records = prop(set(model, 'AccumulationRegister_ЗапасыНаСкладах').properties, 'RecordSet');
		expect(records.kind).toBe('tabularSection');
		expect(prop(records.columns ?? [], 'Номенклатура_Key').target).toBe('Catalog_Номенклатура');
	});

	it('binds functions to their sets, by bindingParameter and by EntitySetPath', () => {
		const order = set(model, 'Document_ЗаказПокупателя');
		expect(Object.keys(order.functions)).toEqual(['Post', 'Unpost']);
		expect(order.functions.Post).toEqual({
			name: 'Post',
			parameters: [{ name: 'PostingModeOperational', type: 'Edm.Boolean', nullable: true }],
			httpMethod: 'POST',
		});
		expect(order.functions.Unpost).toEqual({ name: 'Unpost', parameters: [], httpMethod: 'POST' });
		expect(set(model, 'Document_ЗаказПокупателя_Запасы').functions).toEqual({});

		const stock = set(model, 'AccumulationRegister_ЗапасыНаСкладах');
		expect(Object.keys(stock.functions)).toEqual(['Balance', 'Turnovers']);
		expect(stock.functions.Balance).toEqual({
			name: 'Balance',
			parameters: [
				{ name: 'Period', type: 'Edm.DateTime', nullable: true },
				{ name: 'Condition', type: 'Edm.String', nullable: true },
				{ name: 'Dimensions', type: 'Edm.String', nullable: true },
			],
			returnType: 'Collection(StandardODATA.AccumulationRegister_ЗапасыНаСкладах_Balance)',
			recordType: 'AccumulationRegister_ЗапасыНаСкладах_Balance',
			returnProperties: model.complexTypes.AccumulationRegister_ЗапасыНаСкладах_Balance,
			httpMethod: 'GET',
		});
		expect(stock.functions.Turnovers.parameters.map((parameter) => parameter.name)).toEqual([
			'StartPeriod',
			'EndPeriod',
			'Condition',
			'Dimensions',
		]);
		expect(stock.functions.Turnovers.returnType).toBe(
			'Collection(StandardODATA.AccumulationRegister_ЗапасыНаСкладах_Turnovers)',
		);
		expect(set(model, 'AccumulationRegister_ЗапасыНаСкладах_RecordType').functions).toEqual({});

		const prices = set(model, 'InformationRegister_ЦеныНоменклатуры');
		expect(Object.keys(prices.functions)).toEqual(['SliceLast', 'SliceFirst']);
		expect(prices.functions.SliceLast).toEqual({
			name: 'SliceLast',
			parameters: [
				{ name: 'Period', type: 'Edm.DateTime', nullable: true },
				{ name: 'Condition', type: 'Edm.String', nullable: true },
			],
			returnType: 'Collection(StandardODATA.InformationRegister_ЦеныНоменклатуры)',
			recordType: 'InformationRegister_ЦеныНоменклатуры',
			returnProperties: prices.properties,
			httpMethod: 'GET',
		});
	});

	it('links each virtual table to the fields of the records it returns', () => {
		const stock = set(model, 'AccumulationRegister_ЗапасыНаСкладах');
		// the very arrays of the model, not copies
		expect(stock.functions.Balance.returnProperties).toBe(
			model.complexTypes.AccumulationRegister_ЗапасыНаСкладах_Balance,
		);
		expect(stock.functions.Turnovers.recordType).toBe('AccumulationRegister_ЗапасыНаСкладах_Turnovers');
		expect(stock.functions.Turnovers.returnProperties?.map((property) => property.name)).toEqual([
			'Номенклатура_Key',
			'Характеристика_Key',
			'СтруктурнаяЕдиница_Key',
			'КоличествоTurnover',
			'КоличествоReceipt',
			'КоличествоExpense',
		]);
		const prices = set(model, 'InformationRegister_ЦеныНоменклатуры');
		expect(prices.functions.SliceFirst.returnProperties).toBe(prices.properties);
		expect(prop(prices.functions.SliceLast.returnProperties ?? [], 'ВидЦен_Key').target).toBe('Catalog_ВидыЦен');
		// functions that return nothing, or a plain EDM value, have no record type
		expect(set(model, 'Document_ЗаказПокупателя').functions.Post).not.toHaveProperty('recordType');
	});

	it('lists virtual-table result types as complex types, but not tabular-section rows', () => {
		expect(Object.keys(model.complexTypes)).toEqual([
			'AccumulationRegister_ЗапасыНаСкладах_Balance',
			'AccumulationRegister_ЗапасыНаСкладах_Turnovers',
		]);
		const balance = model.complexTypes.AccumulationRegister_ЗапасыНаСкладах_Balance;
		expect(balance.map((property) => property.name)).toEqual([
			'Номенклатура_Key',
			'Характеристика_Key',
			'СтруктурнаяЕдиница_Key',
			'КоличествоBalance',
		]);
		// dimensions point where the register's records point
		expect(prop(balance, 'СтруктурнаяЕдиница_Key')).toMatchObject({
			kind: 'reference',
			target: 'Catalog_СтруктурныеЕдиницы',
		});
		expect(prop(balance, 'КоличествоBalance')).toMatchObject({ type: 'Edm.Double', kind: 'value' });
	});

	it('reads enumerations', () => {
		expect(model.enums).toEqual({
			ВидыОперацийЗаказПокупателя: {
				name: 'ВидыОперацийЗаказПокупателя',
				members: ['ЗаказНаПродажу', 'ЗаказНаПереработку', 'ЗаказНаряд'],
			},
		});
	});

	it('finds nothing under names that an ordinary object inherits', () => {
		for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
			expect(model.entitySets[name]).toBeUndefined();
			expect(model.enums[name]).toBeUndefined();
			expect(model.complexTypes[name]).toBeUndefined();
			expect(set(model, 'Document_ЗаказПокупателя').functions[name]).toBeUndefined();
		}
	});
});

describe('set names', () => {
	it.each([
		['Catalog_Контрагенты', 'Catalog', 'Контрагенты'],
		['Document_ЗаказКлиента', 'Document', 'ЗаказКлиента'],
		['DocumentJournal_ДокументыПродажи', 'DocumentJournal', 'ДокументыПродажи'],
		['Constant_ОсновнаяВалюта', 'Constant', 'ОсновнаяВалюта'],
		['ExchangePlan_ПолныйОбмен', 'ExchangePlan', 'ПолныйОбмен'],
		['ChartOfAccounts_Хозрасчетный', 'ChartOfAccounts', 'Хозрасчетный'],
		['ChartOfCalculationTypes_Начисления', 'ChartOfCalculationTypes', 'Начисления'],
		[
			'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения',
			'ChartOfCharacteristicTypes',
			'ДополнительныеРеквизитыИСведения',
		],
		['InformationRegister_пр_ОчередьДействий', 'InformationRegister', 'пр_ОчередьДействий'],
		['AccumulationRegister_ТоварыНаСкладах', 'AccumulationRegister', 'ТоварыНаСкладах'],
		['CalculationRegister_Начисления', 'CalculationRegister', 'Начисления'],
		['AccountingRegister_Хозрасчетный', 'AccountingRegister', 'Хозрасчетный'],
		['BusinessProcess_Задание', 'BusinessProcess', 'Задание'],
		['Task_ЗадачаИсполнителя', 'Task', 'ЗадачаИсполнителя'],
		['Enum_ВидыОпераций', 'Other', 'Enum_ВидыОпераций'],
		['constructor_X', 'Other', 'constructor_X'],
		['Справочник', 'Other', 'Справочник'],
	])('%s', (name, kind, objectName) => {
		const model = parseMetadata(
			wrap(`<EntityType Name="${name}"/>`, `<EntitySet Name="${name}" EntityType="StandardODATA.${name}"/>`),
		);
		expect(set(model, name)).toMatchObject({ kind, objectName, entityType: name, keys: [], properties: [] });
		expect(objectKindOf(name)).toEqual({ kind, objectName });
	});

	it('tells tabular sections from objects by the other names of the publication', () => {
		const names = [
			'Document_РасходТовара_Товары',
			'Document_РасходТовара',
			'Catalog_Номенклатура_Архив',
			'Catalog_пр_Настройки',
			'Catalog_пр_Настройки_Значения',
			'Catalog_пр',
			'Catalog_пр_Настройки_Значения_Доп',
			'AccumulationRegister_Запасы',
			'AccumulationRegister_Запасы_RecordType',
			'Catalog_constructor',
			'Catalog_constructor_toString',
			'Catalog___proto__',
		];
		const classified = classifyEntitySets(names);
		expect(Object.fromEntries(names.map((name) => [name, classified.get(name)]))).toEqual({
			Document_РасходТовара_Товары: { kind: 'TabularSection', objectName: 'Товары', owner: 'Document_РасходТовара' },
			Document_РасходТовара: { kind: 'Document', objectName: 'РасходТовара' },
			// no Catalog_Номенклатура in the list: a catalog whose name has an underscore
			Catalog_Номенклатура_Архив: { kind: 'Catalog', objectName: 'Номенклатура_Архив' },
			// by names alone Catalog_пр_Настройки reads as a section of Catalog_пр, so its
			// own sections are sections of Catalog_пр too (a section has no sections)
			Catalog_пр_Настройки: { kind: 'TabularSection', objectName: 'Настройки', owner: 'Catalog_пр' },
			Catalog_пр_Настройки_Значения: { kind: 'TabularSection', objectName: 'Настройки_Значения', owner: 'Catalog_пр' },
			Catalog_пр: { kind: 'Catalog', objectName: 'пр' },
			Catalog_пр_Настройки_Значения_Доп: {
				kind: 'TabularSection',
				objectName: 'Настройки_Значения_Доп',
				owner: 'Catalog_пр',
			},
			// registers have no tabular sections
			AccumulationRegister_Запасы: { kind: 'AccumulationRegister', objectName: 'Запасы' },
			AccumulationRegister_Запасы_RecordType: { kind: 'AccumulationRegister', objectName: 'Запасы_RecordType' },
			Catalog_constructor: { kind: 'Catalog', objectName: 'constructor' },
			Catalog_constructor_toString: { kind: 'TabularSection', objectName: 'toString', owner: 'Catalog_constructor' },
			Catalog___proto__: { kind: 'Catalog', objectName: '__proto__' },
		});
		// knowing the sections (from $metadata) settles what names alone cannot
		const known = classifyEntitySets(
			names,
			(owner, section) => owner === 'Catalog_пр_Настройки' && section === 'Значения',
		);
		expect(known.get('Catalog_пр_Настройки')).toEqual({ kind: 'Catalog', objectName: 'пр_Настройки' });
		expect(known.get('Catalog_пр_Настройки_Значения')).toEqual({
			kind: 'TabularSection',
			objectName: 'Значения',
			owner: 'Catalog_пр_Настройки',
		});
		expect(known.get('Document_РасходТовара_Товары')?.kind).toBe('Document');
	});
});

describe('tabular sections in $metadata', () => {
	const guid = (name: string) => `<Property Name="${name}" Type="Edm.Guid" Nullable="false"/>`;
	const line = '<Property Name="LineNumber" Type="Edm.Int64" Nullable="false"/>';
	const entity = (name: string, body: string, keys = ['Ref_Key']) =>
		`<EntityType Name="${name}"><Key>${keys.map((key) => `<PropertyRef Name="${key}"/>`).join('')}</Key>${body}</EntityType>`;
	const rows = (name: string, rowType: string) =>
		`<Property Name="${name}" Type="Collection(StandardODATA.${rowType})" Nullable="true"/>`;
	const entitySet = (name: string, type = name) => `<EntitySet Name="${name}" EntityType="StandardODATA.${type}"/>`;

	it("decides by the owner's real tabular sections, and finds a section set by its row type", () => {
		const model = parseMetadata(
			wrap(
				entity('Catalog_А', guid('Ref_Key') + rows('Б', 'Catalog_А_Б_RowType')) +
					`<ComplexType Name="Catalog_А_Б_RowType">${guid('Ref_Key')}${line}</ComplexType>` +
					entity('Catalog_А_Б', guid('Ref_Key') + line, ['Ref_Key', 'LineNumber']) +
					// a catalog whose name looks like a section of Catalog_А, which has no section В
					entity('Catalog_А_В', guid('Ref_Key')) +
					// a section set whose name does not follow the pattern: its type says what it is
					entity('Document_Д', guid('Ref_Key') + rows('Товары', 'Document_Д_Товары_RowType')) +
					`<ComplexType Name="Document_Д_Товары_RowType">${guid('Ref_Key')}${line}</ComplexType>` +
					entity('Document_Д_Товары', guid('Ref_Key') + line, ['Ref_Key', 'LineNumber']) +
					// a register's record set is rows of the register itself, no section
					entity('AccumulationRegister_Р', guid('Recorder_Key') + rows('RecordSet', 'AccumulationRegister_Р_RowType'), [
						'Recorder_Key',
					]) +
					`<ComplexType Name="AccumulationRegister_Р_RowType">${guid('Recorder_Key')}${line}</ComplexType>`,
				entitySet('Catalog_А') +
					entitySet('Catalog_А_Б') +
					entitySet('Catalog_А_В') +
					entitySet('Document_Д') +
					entitySet('СтрокиДокументаД', 'Document_Д_Товары') +
					entitySet('AccumulationRegister_Р'),
			),
		);
		expect(set(model, 'Catalog_А_Б')).toMatchObject({ kind: 'TabularSection', objectName: 'Б', owner: 'Catalog_А' });
		expect(set(model, 'Catalog_А_В')).toMatchObject({ kind: 'Catalog', objectName: 'А_В' });
		expect(set(model, 'Catalog_А_В').owner).toBeUndefined();
		expect(set(model, 'СтрокиДокументаД')).toMatchObject({
			kind: 'TabularSection',
			objectName: 'Товары',
			owner: 'Document_Д',
		});
		expect(set(model, 'AccumulationRegister_Р').kind).toBe('AccumulationRegister');
	});

	it('works with sets named like the members of an ordinary object', () => {
		const model = parseMetadata(
			wrap(
				entity('Catalog_constructor', guid('Ref_Key') + rows('toString', 'Catalog_constructor_toString_RowType')) +
					`<ComplexType Name="Catalog_constructor_toString_RowType">${guid('Ref_Key')}${line}</ComplexType>` +
					entity('Catalog_constructor_toString', guid('Ref_Key') + line, ['Ref_Key', 'LineNumber']) +
					entity('__proto__', guid('Ref_Key')) +
					'<EnumType Name="constructor"><Member Name="toString" Value="0"/></EnumType>' +
					`<ComplexType Name="hasOwnProperty">${guid('Ref_Key')}</ComplexType>`,
				entitySet('Catalog_constructor') +
					entitySet('Catalog_constructor_toString') +
					entitySet('__proto__') +
					'<FunctionImport Name="valueOf" ReturnType="Collection(StandardODATA.hasOwnProperty)" IsBindable="true">' +
					'<Parameter Name="bindingParameter" Type="StandardODATA.Catalog_constructor"/></FunctionImport>',
			),
		);
		expect(Object.keys(model.entitySets)).toEqual(['Catalog_constructor', 'Catalog_constructor_toString', '__proto__']);
		expect(set(model, 'Catalog_constructor')).toMatchObject({ kind: 'Catalog', objectName: 'constructor' });
		expect(prop(set(model, 'Catalog_constructor').properties, 'toString').kind).toBe('tabularSection');
		expect(set(model, 'Catalog_constructor_toString')).toMatchObject({
			kind: 'TabularSection',
			objectName: 'toString',
			owner: 'Catalog_constructor',
		});
		expect(set(model, '__proto__')).toMatchObject({ kind: 'Other', keys: ['Ref_Key'] });
		expect(Object.getPrototypeOf(model.entitySets)).toBeNull();
		// names held in variables: written as `.constructor`, TypeScript would take Object's members
		const [constructor, hasOwnProperty, valueOf] = ['constructor', 'hasOwnProperty', 'valueOf'];
		expect(model.enums[constructor]).toEqual({ name: 'constructor', members: ['toString'] });
		expect(model.complexTypes[hasOwnProperty].map((property) => property.name)).toEqual(['Ref_Key']);
		expect(Object.keys(set(model, 'Catalog_constructor').functions)).toEqual(['valueOf']);
		expect(set(model, 'Catalog_constructor').functions[valueOf].returnProperties).toBe(
			model.complexTypes[hasOwnProperty],
		);
		expect(set(model, 'Catalog_constructor_toString').functions[valueOf]).toBeUndefined();
	});
});

describe('parseMetadata robustness', () => {
	it('is indifferent to namespace prefixes and URIs', () => {
		const baseline = parseMetadata(smallEdmx());
		expect(parseMetadata(smallEdmx({ edmxPrefix: '' }))).toEqual(baseline);
		expect(parseMetadata(smallEdmx({ edmxPrefix: 'x' }))).toEqual(baseline);
		// every schema element prefixed, other CSDL and metadata URIs, `m:` renamed
		const prefixed = smallEdmx()
			.replace(/<(\/?)(?=[A-Z])/g, '<$1edm:')
			.replace(
				'xmlns="http://schemas.microsoft.com/ado/2009/11/edm"',
				'xmlns:edm="http://schemas.microsoft.com/ado/2008/09/edm"',
			)
			.replace(/\bm:/g, 'md:');
		expect(prefixed).toContain('<edm:EntityType Name="Catalog_Контрагенты">');
		expect(prefixed).toContain('md:HttpMethod="POST"');
		expect(parseMetadata(prefixed)).toEqual(baseline);
	});

	it('decodes entities in attribute values and copes with XML syntax variety', () => {
		const xml = wrap(
			'<!-- a comment with <EntityType Name="Ignored"> inside -->' +
				"<EntityType Name='Catalog_A&amp;B'>\n" +
				'  <Key >\n    <PropertyRef Name="Ref_Key" />\n  </Key>\n' +
				'  <Property\n    Name="Ref_Key"\n    Type="Edm.Guid"\n    Nullable="false"/>\n' +
				'  <Property Name="&#1058;&#x435;&#x43A;&#1089;&#x442;" Type="Edm.String" Nullable=\'true\'/>\n' +
				'  <Documentation><Summary>text with &lt;tags&gt; and a > sign</Summary></Documentation>\n' +
				'</EntityType >' +
				'<EnumType Name="Знаки"><Member Name="&lt;&gt;&quot;&apos;&amp;" Value="0"/><Member Name="a>b" Value="1"/><Member Name="&unknown;" Value="2"/></EnumType>' +
				'<![CDATA[<EntityType Name="AlsoIgnored"/>]]>',
			'<EntitySet Name="Catalog_A&amp;B" EntityType="StandardODATA.Catalog_A&amp;B"/>',
		);
		const model = parseMetadata(xml);
		expect(Object.keys(model.entitySets)).toEqual(['Catalog_A&B']);
		const entity = set(model, 'Catalog_A&B');
		expect(entity.objectName).toBe('A&B');
		expect(entity.keys).toEqual(['Ref_Key']);
		expect(entity.properties.map((property) => property.name)).toEqual(['Ref_Key', 'Текст']);
		expect(prop(entity.properties, 'Ref_Key').nullable).toBe(false);
		expect(model.enums['Знаки'].members).toEqual(['<>"\'&', 'a>b', '&unknown;']);
	});

	it('reads what the fixture generator escapes', () => {
		const names = ['A&B', '<tag>', 'say "hi"', "it's", 'Юникод &#1;'];
		expect(escapeXmlAttribute('a&b<"\'>')).toBe('a&amp;b&lt;&quot;&apos;&gt;');
		const model = parseMetadata(generateEdmx({ targetBytes: 1, extraEnums: { 'Тест&<>': names } }));
		expect(model.enums['Тест&<>'].members).toEqual(names);
	});

	it('binds one function name per set and skips unbound service operations', () => {
		const xml = wrap(
			['Document_А', 'Document_Б']
				.map(
					(name) =>
						`<EntityType Name="${name}"><Key><PropertyRef Name="Ref_Key"/></Key><Property Name="Ref_Key" Type="Edm.Guid" Nullable="false"/></EntityType>`,
				)
				.join(''),
			'<EntitySet Name="Document_А" EntityType="StandardODATA.Document_А"/>' +
				'<EntitySet Name="Document_Б" EntityType="StandardODATA.Document_Б"/>' +
				'<FunctionImport Name="Post" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.Document_А"/><Parameter Name="PostingModeOperational" Type="Edm.Boolean"/></FunctionImport>' +
				'<FunctionImport Name="Post" IsBindable="true" IsSideEffecting="true"><Parameter Name="bindingParameter" Type="StandardODATA.Document_Б"/><Parameter Name="PostingModeOperational" Type="Edm.Boolean"/></FunctionImport>' +
				// bound without the conventional parameter name: the first parameter's entity type decides
				'<FunctionImport Name="Unpost" IsBindable="true"><Parameter Name="document" Type="StandardODATA.Document_Б"/></FunctionImport>' +
				'<FunctionImport Name="GetVersion" ReturnType="Edm.String" m:HttpMethod="GET"><Parameter Name="Detail" Type="Edm.Boolean"/></FunctionImport>' +
				'<FunctionImport Name="Lost" IsBindable="true"><Parameter Name="bindingParameter" Type="StandardODATA.Document_Нет"/></FunctionImport>',
		);
		const model = parseMetadata(xml);
		expect(Object.keys(set(model, 'Document_А').functions)).toEqual(['Post']);
		expect(Object.keys(set(model, 'Document_Б').functions)).toEqual(['Post', 'Unpost']);
		expect(set(model, 'Document_Б').functions.Post.parameters).toEqual([
			{ name: 'PostingModeOperational', type: 'Edm.Boolean', nullable: true },
		]);
		expect(set(model, 'Document_Б').functions.Unpost).toEqual({ name: 'Unpost', parameters: [] });
	});

	it('gives value storage (ХранилищеЗначения) its own kinds, never composite', () => {
		const model = parseMetadata(
			wrap(
				'<EntityType Name="Catalog_Файлы"><Key><PropertyRef Name="Ref_Key"/></Key>' +
					'<Property Name="Ref_Key" Type="Edm.Guid" Nullable="false"/>' +
					'<Property Name="Файл" Type="Edm.Stream" Nullable="true"/>' +
					'<Property Name="Файл_Base64Data" Type="Edm.Binary" Nullable="true"/>' +
					'<Property Name="Файл_Type" Type="Edm.String" Nullable="true"/>' +
					// the usual 1C shape: `X` is a navigation property, only its two companions are properties
					'<Property Name="Картинка_Base64Data" Type="Edm.Binary" Nullable="true"/>' +
					'<Property Name="Картинка_Type" Type="Edm.String" Nullable="true"/>' +
					'<Property Name="Владелец_Key" Type="Edm.Guid" Nullable="true"/>' +
					'<NavigationProperty Name="Картинка" Relationship="StandardODATA.Catalog_Файлы_Картинка" FromRole="Begin" ToRole="End"/>' +
					'</EntityType>',
				'<EntitySet Name="Catalog_Файлы" EntityType="StandardODATA.Catalog_Файлы"/>',
			),
		);
		const properties = set(model, 'Catalog_Файлы').properties;
		expect(properties.map((property) => [property.name, property.kind, property.attribute])).toEqual([
			['Ref_Key', 'value', 'Ref_Key'],
			['Файл', 'valueStorageLink', 'Файл'],
			['Файл_Base64Data', 'valueStorage', 'Файл'],
			['Файл_Type', 'valueStorageType', 'Файл'],
			['Картинка_Base64Data', 'valueStorage', 'Картинка'],
			['Картинка_Type', 'valueStorageType', 'Картинка'],
			['Владелец_Key', 'reference', 'Владелец'],
		]);
		// a reference without navigation property keeps its kind, without a target
		expect(prop(properties, 'Владелец_Key').target).toBeUndefined();
	});

	it('reads MaxLength only when it is a length', () => {
		const model = parseMetadata(
			wrap(
				'<EntityType Name="Catalog_Т"><Key><PropertyRef Name="Ref_Key"/></Key>' +
					'<Property Name="Ref_Key" Type="Edm.Guid" Nullable="false"/>' +
					'<Property Name="Code" Type="Edm.String" MaxLength="9"/>' +
					'<Property Name="Текст" Type="Edm.String" MaxLength="Max"/>' +
					'<Property Name="Нуль" Type="Edm.String" MaxLength="0"/></EntityType>',
				'<EntitySet Name="Catalog_Т" EntityType="StandardODATA.Catalog_Т"/>',
			),
		);
		const properties = set(model, 'Catalog_Т').properties;
		expect(properties.map((property) => property.maxLength)).toEqual([undefined, 9, undefined, undefined]);
	});

	it('rejects replies that are not EDMX or are cut off', () => {
		expect(() => parseMetadata('<html><body>Login</body></html>')).toThrow(/not an EDMX document/);
		expect(() => parseMetadata('')).toThrow(/not an EDMX document/);
		const full = smallEdmx();
		expect(() => parseMetadata(full.slice(0, full.indexOf('Type="Edm.Guid"') + 8))).toThrow(/not well-formed/);
	});
});

describe('getCachedMetadata', () => {
	afterEach(() => {
		clearMetadataCache();
		jest.restoreAllMocks();
	});

	it('loads and parses once per publication', async () => {
		const load = jest.fn(async () => smallEdmx());
		const first = await getCachedMetadata('http://host/base-a', load);
		const second = await getCachedMetadata('http://host/base-a', load);
		expect(load).toHaveBeenCalledTimes(1);
		expect(second).toBe(first);
		expect(Object.keys(first.entitySets)).toContain('Document_ЗаказПокупателя');

		const other = await getCachedMetadata('http://host/base-b', load);
		expect(load).toHaveBeenCalledTimes(2);
		expect(other).not.toBe(first);
	});

	it('lets concurrent callers share one load', async () => {
		let release: (xml: string) => void = () => undefined;
		const reply = new Promise<string>((resolve) => (release = resolve));
		const load = jest.fn(() => reply);
		const pending = [getCachedMetadata('base', load), getCachedMetadata('base', load), getCachedMetadata('base', load)];
		release(smallEdmx());
		const models = await Promise.all(pending);
		expect(load).toHaveBeenCalledTimes(1);
		expect(models[1]).toBe(models[0]);
		expect(models[2]).toBe(models[0]);
	});

	it('does not cache a failed load or an unparsable reply', async () => {
		const load = jest
			.fn<Promise<string>, []>()
			.mockRejectedValueOnce(new Error('ECONNRESET'))
			.mockResolvedValueOnce('<html>proxy error</html>')
			.mockResolvedValueOnce(smallEdmx());
		const concurrent = getCachedMetadata('base', load);
		await expect(getCachedMetadata('base', load)).rejects.toThrow('ECONNRESET');
		await expect(concurrent).rejects.toThrow('ECONNRESET');
		await expect(getCachedMetadata('base', load)).rejects.toThrow(/not an EDMX document/);
		const model = await getCachedMetadata('base', load);
		expect(model.namespace).toBe('StandardODATA');
		expect(load).toHaveBeenCalledTimes(3);
	});

	it('reloads after the TTL', async () => {
		let now = 1_000_000;
		jest.spyOn(Date, 'now').mockImplementation(() => now);
		const load = jest.fn(async () => smallEdmx());
		const first = await getCachedMetadata('base', load, 60_000);
		now += 59_000;
		expect(await getCachedMetadata('base', load, 60_000)).toBe(first);
		now += 2_000;
		const second = await getCachedMetadata('base', load, 60_000);
		expect(load).toHaveBeenCalledTimes(2);
		expect(second).not.toBe(first);
		expect(second).toEqual(first);
	});
});

describe('generated full-size metadata', () => {
	it('parses a 15 MB publication into exactly what was generated', () => {
		const targetBytes = 15 * 1024 * 1024;
		const { xml, stats } = generateEdmxWithStats({ targetBytes });
		expect(stats.bytes).toBeGreaterThanOrEqual(targetBytes);
		expect(stats.bytes).toBeLessThan(targetBytes * 1.01);

		// the mix of a real УТ 11.5 publication (per 15 MB), within 10 %
		const near = (value: number, real: number) => expect(Math.abs(value / real - 1)).toBeLessThan(0.1);
		near(stats.entityTypes, 3841);
		near(stats.complexTypes, 1530);
		near(stats.enumTypes, 953);
		near(stats.navigationProperties, 8547);
		near(stats.functionImports, 2329);

		const model = parseMetadata(xml);
		const sets = Object.values(model.entitySets);
		expect(sets).toHaveLength(stats.entitySets);
		expect(stats.entitySets).toBe(stats.entityTypes);
		expect(Object.keys(model.enums)).toHaveLength(stats.enumTypes);
		expect(Object.values(model.enums).reduce((sum, enumType) => sum + enumType.members.length, 0)).toBe(
			stats.enumMembers,
		);
		expect(Object.keys(model.complexTypes)).toHaveLength(stats.complexTypes - stats.rowTypes);

		const kinds: Record<string, number> = {};
		let functions = 0;
		let properties = 0;
		let targets = 0;
		let composites = 0;
		let sections = 0;
		for (const entitySet of sets) {
			kinds[entitySet.kind] = (kinds[entitySet.kind] ?? 0) + 1;
			functions += Object.keys(entitySet.functions).length;
			properties += entitySet.properties.length;
			for (const property of entitySet.properties) {
				if (property.kind === 'reference' && property.target) targets++;
				if (property.kind === 'composite') composites++;
				if (property.kind === 'tabularSection') {
					sections++;
					expect(property.columns?.length).toBeGreaterThan(0);
				}
			}
		}
		expect(kinds).toEqual(stats.setsByKind);
		expect(functions).toBe(stats.functionImports);
		expect(properties).toBe(stats.properties);
		expect(targets).toBe(stats.navigationProperties);
		expect(composites).toBe(stats.compositeAttributes);
		expect(sections).toBe(stats.tabularSections);

		// bound functions of the usual kinds are there, once per set
		const postable = sets.filter((entitySet) => entitySet.functions.Post);
		expect(postable.length).toBeGreaterThan(300);
		expect(postable.every((entitySet) => entitySet.kind === 'Document' && entitySet.functions.Unpost)).toBe(true);
		expect(
			sets.some(
				(entitySet) =>
					entitySet.kind === 'AccumulationRegister' && entitySet.functions.Balance?.returnType?.endsWith('_Balance)'),
			),
		).toBe(true);
		expect(sets.some((entitySet) => entitySet.kind === 'InformationRegister' && entitySet.functions.SliceLast)).toBe(
			true,
		);

		// every tabular-section set names an owner that has that section
		const sectionSets = sets.filter((entitySet) => entitySet.kind === 'TabularSection');
		expect(sectionSets.length).toBeGreaterThan(500);
		for (const section of sectionSets) {
			const owner = model.entitySets[section.owner ?? ''];
			expect(`${owner?.name}_${section.objectName}`).toBe(section.name);
			expect(prop(owner.properties, section.objectName).kind).toBe('tabularSection');
		}
		// every virtual table knows the fields of its records
		for (const entitySet of sets) {
			for (const fn of Object.values(entitySet.functions)) {
				if (!fn.returnType?.startsWith('Collection(StandardODATA.')) continue;
				expect(fn.recordType).toBeDefined();
				expect(fn.returnProperties?.length).toBeGreaterThan(0);
			}
		}
	}, 120_000);

	it('is deterministic, and both binding styles give the same model', () => {
		const options = { objects: 400, seed: 7 };
		const viaParameter = generateEdmx(options);
		expect(generateEdmx(options)).toBe(viaParameter);
		const viaPath = generateEdmx({ ...options, binding: 'entitySetPath' });
		expect(viaPath).not.toBe(viaParameter);
		expect(parseMetadata(viaPath)).toEqual(parseMetadata(viaParameter));
		expect(parseMetadata(generateEdmx({ ...options, edmxPrefix: '' }))).toEqual(parseMetadata(viaParameter));
	});
});
