import {
	and,
	eq,
	Filter,
	ge,
	Literal,
	literal,
	not,
	or,
	propertyPath,
	startsWith,
	substringOf,
	unsafeFilterText,
} from '../../nodes/Bas/odata/filter';
import { ODataLiteralError, stringLiteral, toBasDateTime } from '../../nodes/Bas/odata/literals';
import {
	buildUrl,
	conditionLiteral,
	encodeODataText,
	functionCall,
	keyPredicate,
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
		expect(() => toBasDateTime(new Date(Number.NaN), 'Europe/Kyiv')).toThrow(ODataLiteralError);
	});

	it('refuses an unknown server zone before anything else, even for a value taken as server time', () => {
		expect(() => toBasDateTime('2024-05-31', 'Mars/Olympus')).toThrow(/"Mars\/Olympus" is not a known time zone/);
		expect(() => toBasDateTime('2024-05-31 10:00', '')).toThrow(/not a known time zone/);
		expect(() => toBasDateTime('not a date', 'Europe/Kiev_')).toThrow(/time zone/);
		// what luxon knows as a fixed zone is a zone
		expect(toBasDateTime('2024-05-31T10:00:00Z', 'UTC+3')).toBe('2024-05-31T13:00:00');
	});

	it('refuses 24:00, which 1C does not know, in every form', () => {
		for (const value of [
			'2024-05-31T24:00:00',
			'2024-05-31 24:00',
			'2024-05-31T24:00:00+03:00',
			'2024-05-31T24:00:00Z',
		]) {
			expect(() => toBasDateTime(value, 'Europe/Kyiv')).toThrow(/hour 24/);
		}
		// the same moments written the ways 1C knows
		expect(toBasDateTime('2024-05-31T23:59:59', 'Europe/Kyiv')).toBe('2024-05-31T23:59:59');
		expect(toBasDateTime('2024-06-01T00:00:00+03:00', 'Europe/Kyiv')).toBe('2024-06-01T00:00:00');
	});

	it("refuses dates outside 1C's years 0001 to 3999, after conversion to server time", () => {
		expect(() => toBasDateTime('4000-01-01T00:00:00', 'Europe/Kyiv')).toThrow(/years 1 to 3999/);
		expect(() => toBasDateTime('0000-12-31', 'Europe/Kyiv')).toThrow(/years 1 to 3999/);
		// 23:30 UTC on the last day of 3999 is already 4000 in Kyiv
		expect(() => toBasDateTime('3999-12-31T23:30:00Z', 'Europe/Kyiv')).toThrow(/years 1 to 3999/);
		expect(() => toBasDateTime(new Date(Date.UTC(4000, 0, 1)), 'UTC')).toThrow(/years 1 to 3999/);
		expect(toBasDateTime('3999-12-31T23:59:59', 'Europe/Kyiv')).toBe('3999-12-31T23:59:59');
		expect(toBasDateTime('0001-01-01T00:00:00', 'Europe/Kyiv')).toBe('0001-01-01T00:00:00');
	});

	it('never lets a bracketed zone override an explicit offset: agreeing is fine, conflicting is refused', () => {
		// Kyiv is UTC+3 on 1 May and UTC+2 in January, Warsaw UTC+2 on 1 May
		expect(toBasDateTime('2024-05-01T10:00:00+03:00[Europe/Kyiv]', 'Europe/Warsaw')).toBe('2024-05-01T09:00:00');
		expect(toBasDateTime('2024-05-01T10:00:00+03:00[!Europe/Kyiv]', 'Europe/Kyiv')).toBe('2024-05-01T10:00:00');
		expect(() => toBasDateTime('2024-05-01T10:00:00+00:00[Europe/Kyiv]', 'Europe/Kyiv')).toThrow(
			/offset \+00:00, which Europe\/Kyiv does not have/,
		);
		expect(() => toBasDateTime('2024-01-15T10:00:00+03:00[Europe/Kyiv]', 'Europe/Kyiv')).toThrow(ODataLiteralError);
		// `Z` states the instant and leaves the local offset open
		expect(toBasDateTime('2024-05-01T10:00:00Z[Europe/Kyiv]', 'Europe/Kyiv')).toBe('2024-05-01T13:00:00');
	});

	it('reads a bracketed zone without offset as wall-clock time there, and refuses unknown or skipped times', () => {
		expect(toBasDateTime('2024-05-01T10:00:00[Europe/Kyiv]', 'Europe/Warsaw')).toBe('2024-05-01T09:00:00');
		expect(() => toBasDateTime('2024-05-01T10:00:00+03:00[Mars/Olympus]', 'Europe/Kyiv')).toThrow(
			/unknown time zone "Mars\/Olympus"/,
		);
		expect(() => toBasDateTime('2024-05-01T10:00:00+03:00[u-ca=iso8601]', 'Europe/Kyiv')).toThrow(ODataLiteralError);
		// clocks in Kyiv went from 03:00 to 04:00 on 31 March 2024
		expect(() => toBasDateTime('2024-03-31T03:30:00[Europe/Kyiv]', 'Europe/Kyiv')).toThrow(/does not exist/);
		// a value without zone is 1C's own naive time and is kept digit for digit
		expect(toBasDateTime('2024-03-31T03:30:00', 'Europe/Kyiv')).toBe('2024-03-31T03:30:00');
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

	it('passes a filter written by the workflow author through unchanged, by the one named escape hatch', () => {
		expect(unsafeFilterText("  Code eq 1 or Description eq 'x' ")?.text).toBe("Code eq 1 or Description eq 'x'");
		expect(unsafeFilterText('  ')).toBeUndefined();
	});
});

describe('only the builders make literals and filters', () => {
	it('has no public factory and refuses construction outside the builders', () => {
		expect(() =>
			// @ts-expect-error there is no Literal.of any more
			Literal.of("1' or 1 eq 1"),
		).toThrow(TypeError);
		const AnyLiteral = Literal as unknown as new (token: unknown, text: string) => Literal;
		const AnyFilter = Filter as unknown as new (token: unknown, text: string) => Filter;
		expect(() => new AnyLiteral(Symbol('OData builder'), "x') or (1 eq 1")).toThrow(TypeError);
		expect(() => new AnyFilter(undefined, '1 eq 1')).toThrow(TypeError);
	});

	it('does not take a look-alike object for a literal or a string for a filter', () => {
		// @ts-expect-error a plain object is no Literal: the type is nominal
		const forged: Literal = { text: "guid'x') or (1 eq 1" };
		expect(() => functionCall('SliceLast', { Condition: forged })).toThrow(ODataLiteralError);
		expect(() => keyPredicate({ Ref_Key: forged })).toThrow(ODataLiteralError);
		// @ts-expect-error ODataQuery.filter takes a built Filter only
		expect(() => queryString({ filter: 'Code eq 1' })).toThrow(/built with the filter builders/);
		expect(() => queryString({ filter: forged as unknown as Filter })).toThrow(ODataLiteralError);
	});

	it('writes virtual-table parameters through the same builders', () => {
		const condition = eq('Description', literal.string("O'Brien"));
		expect(literal.condition(condition, 'doubled').text).toBe("'Description eq ''O''''Brien'''");
		expect(literal.condition(condition, 'asIs').text).toBe("'Description eq 'O''Brien''");
		expect(conditionLiteral(condition, 'asIs')).toBeInstanceOf(Literal);
		expect(literal.names(['Номенклатура', 'Склад']).text).toBe("'Номенклатура,Склад'");
		expect(() => literal.names(["Склад') or (1 eq 1"])).toThrow(ODataLiteralError);
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
			Condition: conditionLiteral(condition, 'doubled'),
			Dimensions: literal.names(['Номенклатура', 'Склад']),
			Missing: undefined,
		});
		expect(call).toBe(
			`Balance(Period=datetime'2024-05-31T23:59:59',Condition='Склад_Key eq guid''${GUID}''',Dimensions='Номенклатура,Склад')`,
		);
		expect(conditionLiteral(condition, 'asIs').text).toBe(`'Склад_Key eq guid'${GUID}''`);
		expect(conditionLiteral(condition).text).toBe(conditionLiteral(condition, 'asIs').text);
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
