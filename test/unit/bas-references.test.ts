/**
 * The pure parts of look-up rules: phone normalisation, fields checked against `$metadata`,
 * values written as typed literals (never able to change a filter), and the look-up rule
 * parameter read from what n8n stores.
 */
import { anyRow, eq, literal } from '../../nodes/Bas/odata/filter';
import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import type { MetadataModel } from '../../nodes/Bas/odata/model';
import { LookupRuleError, resolveMatchField } from '../../nodes/Bas/references/fields';
import { normalisePhone, PhoneNumberError, phoneSpellings } from '../../nodes/Bas/references/phone';
import { compileRule, matchFilter } from '../../nodes/Bas/references/rules';
import { lookupRuleProperty, readLookupRule } from '../../nodes/Bas/references/description';
import { renderEdmx } from '../../sandbox/bas/edmx';
import { buildSchema } from '../../sandbox/bas/schema';

const GUID = '41aa6331-954f-11e3-814b-005056c00008';
const models: Record<string, MetadataModel> = {};
const model = (profile: 'unf' | 'ut' | 'bp') => (models[profile] ??= parseMetadata(renderEdmx(buildSchema(profile))));
const compile = (profile: 'unf' | 'ut' | 'bp', entitySet: string, field: string, value: unknown, valueType?: string) =>
	compileRule(model(profile), { entitySet, conditions: [{ field, value, valueType }] }, 'Europe/Kyiv');
const filterText = (...args: Parameters<typeof compile>) => matchFilter(compile(...args)).text;

describe('normalisePhone', () => {
	it.each([
		['0501234567', '+380501234567'],
		['050 123 45 67', '+380501234567'],
		['050-123-45-67', '+380501234567'],
		['(050) 123-45-67', '+380501234567'],
		['380501234567', '+380501234567'],
		['+380501234567', '+380501234567'],
		['+38 (050) 123-45-67', '+380501234567'],
		['+38 050 123 45 67', '+380501234567'],
		['  +380 50 123 45 67 ', '+380501234567'],
		['8 050 123 45 67', '+380501234567'],
		['00380501234567', '+380501234567'],
		['+48 501 234 567', '+48501234567'],
		['+1 (212) 555-0100', '+12125550100'],
		['+385 91 234 5678', '+385912345678'],
	])('reads %s as %s', (input, expected) => {
		expect(normalisePhone(input)).toBe(expected);
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		['abc', /not a phone number/],
		['050 123 45 67 ext 5', /not a phone number/],
		['+38050123456', /exactly 9 digits/],
		['+3805012345678', /exactly 9 digits/],
		['501234567', /not a Ukrainian phone number/],
		['48501234567', /not a Ukrainian phone number/],
		['+12345', /not an international phone number/],
		['+1234567890123456', /not an international phone number/],
		["050') or (1 eq 1", /not a phone number/],
	])('refuses %j with a clear message', (input, message) => {
		expect(() => normalisePhone(input)).toThrow(PhoneNumberError);
		expect(() => normalisePhone(input)).toThrow(message);
	});

	it('lists the spellings a base may have stored', () => {
		expect(phoneSpellings('+380501234567')).toEqual(['+380501234567', '380501234567', '0501234567']);
		expect(phoneSpellings('+48501234567')).toEqual(['+48501234567', '48501234567']);
	});
});

describe('look-up fields against $metadata', () => {
	it('finds plain attributes, references by attribute name, navigation paths and section columns', () => {
		const unf = model('unf');
		expect(resolveMatchField(unf, 'Catalog_Номенклатура', 'Артикул')).toMatchObject({ kind: 'value', path: 'Артикул' });
		expect(resolveMatchField(unf, 'Catalog_Номенклатура', 'Parent')).toMatchObject({
			kind: 'reference',
			path: 'Parent_Key',
		});
		expect(resolveMatchField(unf, 'Catalog_ХарактеристикиНоменклатуры', 'Owner')).toMatchObject({
			kind: 'composite',
			path: 'Owner',
		});
		expect(resolveMatchField(model('bp'), 'Catalog_ДоговорыКонтрагентов', 'Owner/ИНН')).toMatchObject({
			kind: 'navigation',
			path: 'Owner/ИНН',
		});
		expect(resolveMatchField(unf, 'Catalog_Контрагенты', 'КонтактнаяИнформация/НомерТелефона')).toMatchObject({
			kind: 'sectionColumn',
			section: 'КонтактнаяИнформация',
			path: 'НомерТелефона',
		});
	});

	it.each([
		['Catalog_Номенклатура', 'Артикл', /Catalog_Номенклатура has no field "Артикл"/],
		['Catalog_Нет', 'Code', /no entity set "Catalog_Нет"/],
		['Catalog_Контрагенты', 'КонтактнаяИнформация', /is a tabular section; name one of its columns/],
		['Catalog_Контрагенты', 'КонтактнаяИнформация/Телефон', /has no column "Телефон"/],
		['Catalog_Контрагенты', 'Parent/Нет', /Catalog_Контрагенты has no field "Нет" \(in "Parent\/Нет"\)/],
		['Catalog_Контрагенты', 'Code/Description', /not a reference with a known target/],
		['Catalog_Номенклатура', "Артикул') or (1 eq 1", /has no field/],
	])('refuses %s where %s', (set, field, message) => {
		expect(() => resolveMatchField(model('unf'), set, field)).toThrow(LookupRuleError);
		expect(() => resolveMatchField(model('unf'), set, field)).toThrow(message);
	});
});

describe('values as typed literals', () => {
	it('writes each value by its field type', () => {
		expect(filterText('unf', 'Catalog_Номенклатура', 'Артикул', 'ОД-00001')).toBe("Артикул eq 'ОД-00001'");
		expect(filterText('unf', 'Catalog_Номенклатура', 'Артикул', 42)).toBe("Артикул eq '42'");
		expect(filterText('unf', 'Catalog_Номенклатура', 'Parent', GUID.toUpperCase())).toBe(`Parent_Key eq guid'${GUID}'`);
		expect(filterText('unf', 'Catalog_Номенклатура', 'IsFolder', 'false')).toBe('IsFolder eq false');
		expect(filterText('unf', 'Catalog_Контрагенты', 'ДатаРождения', '1990-05-01')).toBe(
			"ДатаРождения eq datetime'1990-05-01T00:00:00'",
		);
		expect(filterText('unf', 'Catalog_Номенклатура', 'ВерхняяГраницаОстатков', '12.5')).toBe(
			'ВерхняяГраницаОстатков eq 12.5',
		);
		expect(filterText('unf', 'Catalog_ХарактеристикиНоменклатуры', 'Owner', GUID, 'Catalog_Номенклатура')).toBe(
			`Owner eq cast(guid'${GUID}', 'Catalog_Номенклатура')`,
		);
		expect(filterText('unf', 'Catalog_Контрагенты', 'КонтактнаяИнформация/НомерТелефона', '+380501234567')).toBe(
			"КонтактнаяИнформация/any(r: r/НомерТелефона eq '+380501234567')",
		);
	});

	it('joins conditions with and, other spellings with or', () => {
		const rule = compileRule(
			model('unf'),
			{
				entitySet: 'Catalog_Контрагенты',
				conditions: [
					{ field: 'КонтактнаяИнформация/НомерТелефона', value: '+380501234567', alsoMatch: ['380501234567'] },
					{ field: 'Description', value: 'ТОВ "Весна"' },
				],
			},
			'Europe/Kyiv',
		);
		expect(matchFilter(rule).text).toBe(
			"КонтактнаяИнформация/any(r: r/НомерТелефона eq '+380501234567' or r/НомерТелефона eq '380501234567') and Description eq 'ТОВ \"Весна\"'",
		);
		expect(rule.select).toEqual(
			expect.arrayContaining(['Ref_Key', 'Code', 'Description', 'DeletionMark', 'КонтактнаяИнформация/НомерТелефона']),
		);
	});

	it.each([
		["') or (1 eq 1", "Артикул eq ''') or (1 eq 1'"],
		["O'Brien", "Артикул eq 'O''Brien'"],
		['Кофта "Зима" 😀', 'Артикул eq \'Кофта "Зима" 😀\''],
		["x' or Артикул ne 'y", "Артикул eq 'x'' or Артикул ne ''y'"],
	])('keeps %j one string literal', (value, expected) => {
		expect(filterText('unf', 'Catalog_Номенклатура', 'Артикул', value)).toBe(expected);
	});

	it.each([
		['Parent', "x') or (1 eq 1", /is not a reference/],
		['IsFolder', 'maybe', /is not true or false/],
		['ВерхняяГраницаОстатков', '1 or 1 eq 1', /is not a number/],
		['ДатаИзменения', "2024') or (1 eq 1", /is not a valid date/],
		['Артикул', '', /is empty/],
		['Артикул', { a: 1 }, /is not text/],
	])('refuses a wrong value for %s', (field, value, message) => {
		expect(() => compile('unf', 'Catalog_Номенклатура', field, value)).toThrow(LookupRuleError);
		expect(() => compile('unf', 'Catalog_Номенклатура', field, value)).toThrow(message);
	});

	it('refuses a string longer than the MaxLength $metadata gives', () => {
		const withLimits = parseMetadata(renderEdmx(buildSchema('unf')));
		const sku = withLimits.entitySets.Catalog_Номенклатура.properties.find((p) => p.name === 'Артикул')!;
		sku.maxLength = 50;
		const rule = (value: string) => ({ entitySet: 'Catalog_Номенклатура', conditions: [{ field: 'Артикул', value }] });
		expect(() => compileRule(withLimits, rule('x'.repeat(51)), 'Europe/Kyiv')).toThrow(/longer than the 50 characters/);
		expect(() => compileRule(withLimits, rule('x'.repeat(50)), 'Europe/Kyiv')).not.toThrow();
	});

	it('needs the entity set of a reference compared with a composite field', () => {
		expect(() => compile('unf', 'Catalog_ХарактеристикиНоменклатуры', 'Owner', GUID)).toThrow(
			/composite field: a reference value needs its entity set/,
		);
	});

	it('gives the same key to values the base compares as equal', () => {
		const a = compile('unf', 'Catalog_Номенклатура', 'Артикул', 'abc ');
		const b = compile('unf', 'Catalog_Номенклатура', 'Артикул', 'ABC');
		const c = compile('unf', 'Catalog_Номенклатура', 'Артикул', 'ABD');
		expect(a.key).toBe(b.key);
		expect(a.key).not.toBe(c.key);
		expect(a.shapeKey).toBe(c.shapeKey);
	});
});

describe('anyRow builder', () => {
	it('builds a lambda over a tabular section and refuses names that are not names', () => {
		expect(anyRow('Товары', 'd', eq('d/Цена', literal.number(10))).text).toBe('Товары/any(d: d/Цена eq 10)');
		expect(() => anyRow('Товары) or (1 eq 1', 'd', eq('d/Цена', literal.number(1)))).toThrow(/not a property name/);
		expect(() => anyRow('Товары', 'd: true) or (', eq('d/Цена', literal.number(1)))).toThrow(/not an OData name/);
	});
});

describe('look-up rule parameter', () => {
	it('describes a rule and reads what n8n stores back into a LookupRule', () => {
		const property = lookupRuleProperty({ name: 'counterparty', displayName: 'Counterparty' });
		expect(property.type).toBe('fixedCollection');
		const stored = {
			rule: {
				entitySet: 'Catalog_Контрагенты',
				conditions: { condition: [{ field: 'ИНН', value: '30000000' }] },
				includeDeleted: false,
				ifNotFound: 'create',
				createWith: '{"Description": "ТОВ Нове"}',
			},
		};
		expect(readLookupRule(stored)).toEqual({
			rule: {
				entitySet: 'Catalog_Контрагенты',
				conditions: [{ field: 'ИНН', value: '30000000' }],
				includeDeleted: false,
			},
			ifNotFound: 'create',
			createWith: { Description: 'ТОВ Нове' },
		});
		expect(readLookupRule({})).toBeUndefined();
	});
});
