import { DateTime } from 'luxon';

import {
	entityTarget,
	type FieldTarget,
	FieldValueError,
	filterLiteral,
	mapperFields,
	sectionTarget,
	toODataBody,
	toODataRows,
} from '../../nodes/Bas/fields';
import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import type { PropertyModel } from '../../nodes/Bas/odata/model';
import { presetEnumFields } from '../../nodes/Bas/presets';
import { renderEdmx } from '../../sandbox/bas/edmx';
import { buildSchema } from '../../sandbox/bas/schema';

const model = parseMetadata(renderEdmx(buildSchema('unf')));
const order = model.entitySets.Document_ЗаказПокупателя;
const target = entityTarget(order, presetEnumFields('unf', order.name));
const GUID = '5f0e3b2a-1c4d-11ef-9a3b-0800200c9a66';
const options = { model, timeZone: 'Europe/Kyiv', mode: 'add' as const, readOnly: 'refuse' as const };

const property = (name: string, type: string, extra: Partial<PropertyModel> = {}): PropertyModel => ({
	name,
	attribute: name,
	type,
	nullable: true,
	kind: 'value',
	...extra,
});

/** A hand-made target for what the sandbox's metadata does not show (MaxLength, Nullable="false", Int64). */
const handMade: FieldTarget = {
	entitySet: 'Catalog_Тест',
	properties: [
		property('Ref_Key', 'Edm.Guid', { nullable: false }),
		property('DataVersion', 'Edm.String'),
		property('Description', 'Edm.String', { nullable: false, maxLength: 5 }),
		property('ИНН', 'Edm.String', { nullable: false, maxLength: 12 }),
		property('Счетчик', 'Edm.Int64'),
		property('Активен', 'Edm.Boolean'),
	],
};

describe('mapperFields: resource mapper columns from $metadata', () => {
	it('labels each field with its kind and picks the input type', () => {
		const fields = mapperFields(target, model, 'add');
		const byId = new Map(fields.map((field) => [field.id, field]));
		expect(byId.get('Контрагент_Key')).toMatchObject({
			displayName: 'Контрагент_Key (reference → Catalog_Контрагенты)',
			type: 'string',
			required: false,
		});
		expect(byId.get('ВидОперации')).toMatchObject({
			displayName: 'ВидОперации (enum ВидыОперацийЗаказПокупателя)',
			type: 'options',
			options: [
				{ name: 'ЗаказНаПродажу', value: 'ЗаказНаПродажу' },
				{ name: 'ЗаказНаПереработку', value: 'ЗаказНаПереработку' },
				{ name: 'ЗаказНаряд', value: 'ЗаказНаряд' },
			],
		});
		expect(byId.get('Date')?.type).toBe('dateTime');
		expect(byId.get('СуммаДокумента')?.type).toBe('number');
		expect(byId.get('ДокументОснование')?.displayName).toContain('composite');
		expect(byId.get('ДокументОснование_Type')?.displayName).toContain('type of ДокументОснование');
		// filled by 1C, or written as lines: not offered
		for (const hidden of ['DataVersion', 'Posted', 'Запасы']) expect(byId.has(hidden)).toBe(false);
		expect(byId.get('DeletionMark')?.removed).toBe(true);
		expect(byId.get('Ref_Key')).toMatchObject({ removed: true, canBeUsedToMatch: false });
	});

	it('matches an update on Ref_Key alone and marks required fields only when adding', () => {
		const update = mapperFields(target, model, 'update');
		expect(update.filter((field) => field.canBeUsedToMatch).map((field) => field.id)).toEqual(['Ref_Key']);
		expect(update.find((field) => field.id === 'Ref_Key')).toMatchObject({ defaultMatch: true, required: true });
		const add = mapperFields(handMade, model, 'add');
		// Nullable="false" counts, except for the platform's own fields
		expect(add.filter((field) => field.required).map((field) => field.id)).toEqual(['ИНН']);
		expect(add.find((field) => field.id === 'Description')?.displayName).toBe('Description (text, up to 5)');
		expect(mapperFields(handMade, model, 'update').some((field) => field.required && field.id !== 'Ref_Key')).toBe(
			false,
		);
	});
});

describe('toODataBody: mapped values checked and converted against $metadata', () => {
	it('converts by type: references, numbers from text, booleans, dates in the base time zone, enums, composites', () => {
		const body = toODataBody(
			{
				Контрагент_Key: GUID.toUpperCase(),
				СуммаДокумента: '1 234,5'.replace(' ', ''),
				ВидимостьИндикатораТребуетсяРасчет: 'TRUE',
				Date: '2026-07-01T09:00:00Z',
				ДатаОтгрузки: DateTime.fromISO('2026-01-15T10:00:00', { zone: 'UTC' }),
				ВидОперации: 'ЗаказНаПродажу',
				ДокументОснование: GUID,
				ДокументОснование_Type: 'Document_ЗаказПокупателя',
				Комментарий: '',
				Number: undefined,
			},
			target,
			{ ...options, mode: 'update' },
		);
		expect(body).toEqual({
			Контрагент_Key: GUID,
			СуммаДокумента: 1234.5,
			ВидимостьИндикатораТребуетсяРасчет: true,
			Date: '2026-07-01T12:00:00',
			ДатаОтгрузки: '2026-01-15T12:00:00',
			ВидОперации: 'ЗаказНаПродажу',
			ДокументОснование: GUID,
			ДокументОснование_Type: 'StandardODATA.Document_ЗаказПокупателя',
		});
	});

	it('writes Int64 as text, checks MaxLength and the fields $metadata requires', () => {
		expect(toODataBody({ ИНН: '123', Счетчик: '42', Активен: false }, handMade, options)).toEqual({
			ИНН: '123',
			Счетчик: '42',
			Активен: false,
		});
		expect(() => toODataBody({ ИНН: '123', Description: 'Шість!' }, handMade, options)).toThrow(
			'Field "Description": "Шість!" is 6 characters long; the field holds at most 5',
		);
		expect(() => toODataBody({ Description: 'A' }, handMade, options)).toThrow(
			'Field "ИНН": no value is required here but has no value',
		);
		expect(() => toODataBody({ ИНН: '1', Счетчик: 1.5 }, handMade, options)).toThrow('is not a whole number');
	});

	it('refuses unknown names and fields 1C fills itself, but skips them in values read from BAS', () => {
		const read = {
			'odata.metadata': 'http://x/$metadata#Catalog_Тест/@Element',
			'Owner@navigationLinkUrl': 'Catalog_Тест(guid)/Owner',
			DataVersion: 'AAAA',
			ИНН: '1',
		};
		expect(toODataBody(read, handMade, { ...options, readOnly: 'skip' })).toEqual({ ИНН: '1' });
		expect(() => toODataBody(read, handMade, options)).toThrow(FieldValueError);
		expect(() => toODataBody({ ИНН: '1', Инн: '2' }, handMade, { ...options, readOnly: 'skip' })).toThrow(
			'Field "Инн": "2" cannot be written: Catalog_Тест has no field "Инн" in the base\'s $metadata',
		);
		// the key of an update is its match, never written
		expect(() => toODataBody({ Ref_Key: GUID }, handMade, { ...options, mode: 'update' })).toThrow(
			'cannot be written: 1C fills this field itself',
		);
	});

	it('refuses a composite reference without its type, and a type that is not published', () => {
		expect(() => toODataBody({ ДокументОснование: GUID }, target, { ...options, mode: 'update' })).toThrow(
			'ДокументОснование_Type must name what it refers to',
		);
		expect(() =>
			toODataBody({ ДокументОснование: 'x', ДокументОснование_Type: 'Document_Нет' }, target, {
				...options,
				mode: 'update',
			}),
		).toThrow('is not a type the base publishes');
		expect(() =>
			toODataBody({ ДокументОснование: 'x', ДокументОснование_Type: 'Document_ЗаказПокупателя' }, target, {
				...options,
				mode: 'update',
			}),
		).toThrow('Field "ДокументОснование": "x" is not a GUID, but ДокументОснование_Type says it is a reference');
	});
});

describe('toODataRows: lines of a tabular section', () => {
	const lines = sectionTarget(order, 'Запасы')!;

	it('takes an array or its JSON text and names the line of a bad value', () => {
		const row = { Номенклатура: GUID, Номенклатура_Type: 'Catalog_Номенклатура', Количество: '2' };
		expect(toODataRows(JSON.stringify([row]), lines, options, 'Запасы')).toEqual([
			{ Номенклатура: GUID, Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', Количество: 2 },
		]);
		expect(() => toODataRows([row, { ...row, Количество: 'два' }], lines, options, 'Запасы')).toThrow(
			'Запасы line 2, field "Количество": "два" is not a number',
		);
		expect(() => toODataRows('{"a":', lines, options, 'Запасы')).toThrow('is not JSON of a list of lines');
		expect(() => toODataRows({ a: 1 }, lines, options, 'Запасы')).toThrow('is not a list of lines');
	});

	it('writes rows given among the header values when the section is known', () => {
		const body = toODataBody({ Запасы: [{ Количество: 1 }] }, target, {
			...options,
			mode: 'update',
			sectionTarget: (name) => sectionTarget(order, name),
		});
		expect(body).toEqual({ Запасы: [{ Количество: 1 }] });
	});
});

describe('filterLiteral: values compared in $filter by the field type', () => {
	const field = (name: string) => order.properties.find((p) => p.name === name)!;
	const write = (name: string, value: unknown) =>
		filterLiteral(field(name), value, target, { model, timeZone: 'Europe/Kyiv' }).text;

	it('writes references, dates, booleans, numbers, enums and text as typed literals', () => {
		expect(write('Контрагент_Key', GUID.toUpperCase())).toBe(`guid'${GUID}'`);
		expect(write('Date', '2026-07-01T09:00:00Z')).toBe("datetime'2026-07-01T12:00:00'");
		expect(write('Posted', 'true')).toBe('true');
		expect(write('СуммаДокумента', '10.5')).toBe('10.5');
		expect(write('ВидОперации', 'ЗаказНаряд')).toBe("'ЗаказНаряд'");
		expect(write('Комментарий', "O'Brien")).toBe("'O''Brien'");
	});

	it('refuses values the field cannot hold', () => {
		expect(() => write('Контрагент_Key', 'abc')).toThrow('Field "Контрагент_Key": "abc" is not a GUID');
		expect(() => write('ВидОперации', 'Продажа')).toThrow('is not a member of the enumeration');
		expect(() => write('ДокументОснование', GUID)).toThrow('cannot be compared in a filter here');
	});
});
