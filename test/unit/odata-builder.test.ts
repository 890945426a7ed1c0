import {
	and,
	eq,
	Filter,
	ge,
	literal,
	not,
	or,
	propertyPath,
	rawFilter,
	startsWith,
	substringOf,
} from '../../nodes/Bas/odata/filter';
import { fromBasDateTime, ODataLiteralError, stringLiteral, toBasDateTime } from '../../nodes/Bas/odata/literals';
import {
	buildUrl,
	conditionLiteral,
	encodeODataText,
	functionCall,
	namesLiteral,
	queryString,
	resourcePath,
	serviceRoot,
} from '../../nodes/Bas/odata/url';

const GUID = '41aa6331-954f-11e3-814b-005056c00008';

describe('OData literals', () => {
	it('doubles quotes so a value stays one string literal', () => {
		expect(stringLiteral("O'Brien")).toBe("'O''Brien'");
		expect(stringLiteral("') or (1 eq 1")).toBe("''') or (1 eq 1'");
	});

	it('keeps an injection attempt inside the literal of a filter', () => {
		const filter = eq('Description', literal.string("x') or (Code ne '"));
		expect(filter.text).toBe("Description eq 'x'') or (Code ne '''");
		// every quote inside the value is doubled: an odd count of consecutive quotes only at the ends
		const inner = filter.text.slice('Description eq '.length);
		expect(inner.startsWith("'") && inner.endsWith("'")).toBe(true);
		expect(inner.slice(1, -1).replace(/''/g, '')).not.toContain("'");
	});

	it('writes a reference for a composite attribute as a typed cast', () => {
		expect(literal.reference(GUID, 'Catalog_Номенклатура').text).toBe(`cast(guid'${GUID}', 'Catalog_Номенклатура')`);
		expect(() => literal.reference(GUID, "Catalog_X') or (1 eq 1")).toThrow(ODataLiteralError);
	});

	it('writes GUIDs as guid literals and refuses anything else', () => {
		expect(literal.guid(GUID.toUpperCase()).text).toBe(`guid'${GUID}'`);
		expect(() => literal.guid("1' or 1 eq 1")).toThrow(ODataLiteralError);
	});

	it('writes instants as naive wall-clock time of the server zone', () => {
		// 21:00 UTC on 31 May is 00:00 on 1 June in Kyiv (UTC+3 in summer)
		expect(toBasDateTime('2024-05-31T21:00:00Z', 'Europe/Kyiv')).toBe('2024-06-01T00:00:00');
		expect(toBasDateTime(new Date(Date.UTC(2024, 0, 15, 10, 30, 0)), 'Europe/Kyiv')).toBe('2024-01-15T12:30:00');
		expect(literal.dateTime('2024-01-15T12:30:00+02:00', 'Europe/Kyiv').text).toBe("datetime'2024-01-15T12:30:00'");
	});

	it('takes a date without offset as already being server time', () => {
		expect(toBasDateTime('2024-05-31 23:59:59', 'Europe/Kyiv')).toBe('2024-05-31T23:59:59');
		expect(toBasDateTime('2024-05-31', 'America/New_York')).toBe('2024-05-31T00:00:00');
	});

	it('refuses invalid dates and zones', () => {
		expect(() => toBasDateTime('2024-02-30', 'Europe/Kyiv')).toThrow(ODataLiteralError);
		expect(() => toBasDateTime('yesterday', 'Europe/Kyiv')).toThrow(ODataLiteralError);
		expect(() => toBasDateTime('2024-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(/time zone/);
	});

	it('reads 1C dates back as instants and the empty date as null', () => {
		expect(fromBasDateTime('2024-06-01T00:00:00', 'Europe/Kyiv')).toBe('2024-06-01T00:00:00.000+03:00');
		expect(fromBasDateTime('0001-01-01T00:00:00', 'Europe/Kyiv')).toBeNull();
	});

	it('refuses non-finite numbers', () => {
		expect(() => literal.number(Number.NaN)).toThrow(ODataLiteralError);
		expect(literal.number(12.5).text).toBe('12.5');
	});
});

describe('filters', () => {
	it('composes and/or/not with parentheses and skips missing parts', () => {
		const filter = and(
			eq('DeletionMark', literal.boolean(false)),
			undefined,
			or(eq('Артикул', literal.string('A-1')), substringOf('ТОВ', 'Description')),
		);
		expect(filter?.text).toBe(
			"(DeletionMark eq false) and ((Артикул eq 'A-1') or (substringof('ТОВ', Description) eq true))",
		);
		expect(and(undefined)).toBeUndefined();
		expect(not(ge('Date', literal.dateTime('2024-01-01', 'Europe/Kyiv'))).text).toBe(
			"not (Date ge datetime'2024-01-01T00:00:00')",
		);
		expect(startsWith('Code', "00'1").text).toBe("startswith(Code, '00''1') eq true");
	});

	it('accepts navigation paths and refuses expressions where a property name belongs', () => {
		expect(propertyPath('Контрагент/Code')).toBe('Контрагент/Code');
		expect(() => eq('Code eq 1 or Code', literal.number(1))).toThrow(ODataLiteralError);
	});

	it('passes a filter written by the workflow author through unchanged', () => {
		expect(rawFilter('  Code eq 1 ')).toEqual(Filter.of('Code eq 1'));
		expect(rawFilter('  ')).toBeUndefined();
	});
});

describe('URLs', () => {
	it('finds the service root under a publication', () => {
		expect(serviceRoot('https://bas.example.com/trade/')).toBe('https://bas.example.com/trade/odata/standard.odata');
		expect(serviceRoot('http://h/b/odata/standard.odata')).toBe('http://h/b/odata/standard.odata');
		expect(() => serviceRoot('bas.example.com')).toThrow(ODataLiteralError);
		expect(() => serviceRoot('ftp://h/b')).toThrow(ODataLiteralError);
	});

	it('percent-encodes Cyrillic names and keeps OData punctuation literal', () => {
		expect(resourcePath('Catalog_Контрагенты', literal.guid(GUID))).toBe(
			`Catalog_${encodeURIComponent('Контрагенты')}(guid'${GUID}')`,
		);
		expect(
			resourcePath('InformationRegister_КурсыВалют', {
				Period: literal.dateTime('2008-02-05T00:00:00', 'Europe/Kyiv'),
				Валюта_Key: literal.guid(GUID),
			}),
		).toBe(
			`InformationRegister_${encodeURIComponent('КурсыВалют')}(Period=datetime'2008-02-05T00:00:00',${encodeURIComponent('Валюта')}_Key=guid'${GUID}')`,
		);
		expect(() => resourcePath("Catalog_X'); DROP")).toThrow(ODataLiteralError);
	});

	it('builds bound function calls with typed parameters', () => {
		const condition = eq('Склад_Key', literal.guid(GUID));
		const call = functionCall('Balance', {
			Period: literal.dateTime('2024-05-31T23:59:59', 'Europe/Kyiv'),
			Condition: conditionLiteral(condition),
			Dimensions: namesLiteral(['Номенклатура', 'Склад']),
			Missing: undefined,
		});
		expect(call).toBe(
			`Balance(Period=datetime'2024-05-31T23:59:59',Condition='Склад_Key eq guid''${GUID}''',Dimensions='Номенклатура,Склад')`,
		);
		expect(conditionLiteral(condition, 'asIs').text).toBe(`'Склад_Key eq guid'${GUID}''`);
		expect(resourcePath('AccumulationRegister_Запасы', undefined, call)).toContain('/Balance(Period=datetime');
	});

	it('always asks for JSON and encodes option values', () => {
		const query = queryString({
			filter: and(eq('Артикул', literal.string('A&B=1')), eq('Code', literal.string('50%'))),
			select: ['Ref_Key', 'Description'],
			orderBy: ['Code desc', 'Ref_Key'],
			top: 100,
			skip: 200,
		});
		expect(query.startsWith('$format=json&$filter=')).toBe(true);
		expect(query).toContain('A%26B%3D1');
		expect(query).toContain('50%25');
		expect(query).toContain('$select=Ref_Key,Description');
		expect(query).toContain('$orderby=Code%20desc,Ref_Key');
		expect(query).toContain('$top=100&$skip=200');
		expect(decodeURIComponent(query)).toContain("$filter=(Артикул eq 'A&B=1') and (Code eq '50%')");
		expect(() => queryString({ top: -1 })).toThrow(ODataLiteralError);
	});

	it('joins root, path and query', () => {
		expect(buildUrl('http://h/b/odata/standard.odata', '', {})).toBe('http://h/b/odata/standard.odata?$format=json');
		expect(buildUrl('http://h/b/odata/standard.odata', '$metadata', undefined, 'none')).toBe(
			'http://h/b/odata/standard.odata/$metadata',
		);
		expect(encodeODataText('a b/c:d')).toBe('a%20b/c:d');
	});
});
