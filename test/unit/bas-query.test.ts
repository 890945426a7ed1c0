import {
	and,
	eq,
	ge,
	gt,
	le,
	literal,
	lt,
	ne,
	not,
	or,
	startsWith,
	substringOf,
	unsafeFilterText,
} from '../../nodes/Bas/odata/filter';
import { EMPTY_DATE, EMPTY_GUID, stringLiteral } from '../../nodes/Bas/odata/literals';
import { conditionLiteral, queryString } from '../../nodes/Bas/odata/url';
import {
	applyQuery,
	applySelect,
	compareRows,
	createResolver,
	type Entity,
	evaluateExpression,
	evaluateFilter,
	type FilterNode,
	odataErrorBody,
	ODataQueryError,
	parseFilter,
	parseOrderBy,
	parseSelect,
	type QueryContext,
} from '../../sandbox/bas/query';
import type { ODataError } from '../../sandbox/bas/errors';
import { conditionParameter, type ConditionQuoting } from '../../sandbox/bas/resource';

// ---------------------------------------------------------------- fixtures

const CUSTOMER_ROMASHKA = '6f1c2a10-0b7e-11ef-8a3c-0050569f1a01';
const CUSTOMER_OBRIEN = '6f1c2a10-0b7e-11ef-8a3c-0050569f1a02';
const CUSTOMER_VASYL = '6f1c2a10-0b7e-11ef-8a3c-0050569f1a03';
const ITEM_TEA = '7a000000-0000-11ef-8a3c-0050569f1a01';
const ITEM_CUP = '7a000000-0000-11ef-8a3c-0050569f1a02';
const INVOICE = '8b000000-0000-11ef-8a3c-0050569f1a01';

const customers: Entity[] = [
	{
		Ref_Key: CUSTOMER_ROMASHKA,
		Code: '000000001',
		Description: 'ТОВ Ромашка',
		ИНН: '12345678',
		DeletionMark: false,
	},
	{ Ref_Key: CUSTOMER_OBRIEN, Code: '000000002', Description: "O'Brien Ltd", ИНН: '87654321', DeletionMark: false },
	{ Ref_Key: CUSTOMER_VASYL, Code: '000000003', Description: 'ФОП Василь', ИНН: '', DeletionMark: true },
];

const items: Entity[] = [
	{ Ref_Key: ITEM_TEA, Code: 'T-1', Description: 'Чай зелений' },
	{ Ref_Key: ITEM_CUP, Code: 'C-1', Description: 'Чашка' },
];

const invoices: Entity[] = [{ Ref_Key: INVOICE, Number: 'РН-0001', Date: '2024-03-01T09:00:00', Склад: 'Основний' }];

const orders: Entity[] = [
	{
		Ref_Key: 'a0000000-0000-11ef-8a3c-0050569f1a01',
		Number: 'ЗП-0001',
		Date: '2024-01-15T10:30:00',
		Posted: true,
		Контрагент_Key: CUSTOMER_ROMASHKA,
		СуммаДокумента: 1500,
		Комментарий: 'Терміново',
		Основание: INVOICE,
		Основание_Type: 'StandardODATA.Document_РасходнаяНакладная',
		Запасы: [
			{ LineNumber: 1, Номенклатура_Key: ITEM_TEA, Количество: 10, Цена: 100, Сумма: 1000 },
			{ LineNumber: 2, Номенклатура_Key: ITEM_CUP, Количество: 5, Цена: 100, Сумма: 500 },
		],
	},
	{
		Ref_Key: 'a0000000-0000-11ef-8a3c-0050569f1a02',
		Number: 'ЗП-0002',
		Date: '2024-01-31T23:59:59',
		Posted: false,
		Контрагент_Key: CUSTOMER_OBRIEN,
		СуммаДокумента: 240.5,
		Комментарий: '',
		Основание: EMPTY_GUID,
		Основание_Type: 'StandardODATA.Undefined',
		Запасы: [{ LineNumber: 1, Номенклатура_Key: ITEM_CUP, Количество: 1, Цена: 240.5, Сумма: 240.5 }],
	},
	{
		Ref_Key: 'a0000000-0000-11ef-8a3c-0050569f1a03',
		Number: 'ЗП-0003',
		Date: '2024-02-01T00:00:00',
		Posted: true,
		Контрагент_Key: EMPTY_GUID,
		СуммаДокумента: 0,
		Комментарий: 'без покупця',
		Основание: EMPTY_GUID,
		Основание_Type: 'StandardODATA.Undefined',
		Запасы: [],
	},
	{
		Ref_Key: 'A0000000-0000-11EF-8A3C-0050569F1A04',
		Number: 'ЗП-0004',
		Date: EMPTY_DATE,
		Posted: true,
		Контрагент_Key: CUSTOMER_VASYL,
		СуммаДокумента: 1500,
		Комментарий: 'ПОВТОР',
		Основание: EMPTY_GUID,
		Основание_Type: 'StandardODATA.Undefined',
		Запасы: [{ LineNumber: 1, Номенклатура_Key: ITEM_TEA, Количество: 15, Цена: 100, Сумма: 1500 }],
	},
];

const references: Record<string, Entity[]> = {
	Catalog_Контрагенты: customers,
	Catalog_Номенклатура: items,
	Document_РасходнаяНакладная: invoices,
};

function findByKey(key: unknown): Entity | null | undefined {
	if (typeof key !== 'string') return undefined;
	if (key === EMPTY_GUID) return null;
	for (const set of Object.values(references)) {
		const found = set.find((entity) => entity.Ref_Key === key);
		if (found) return found;
	}
	return null;
}

/** A resolver like the server's: `Контрагент` → the entity whose Ref_Key is `Контрагент_Key`. */
const resolve = createResolver((owner, name) => {
	const key = owner[`${name}_Key`];
	return key === undefined ? undefined : findByKey(key);
});

const context: QueryContext = {
	resolve,
	resolveReference: (entityType, key) => references[entityType]?.find((entity) => entity.Ref_Key === key) ?? null,
};

/** Numbers of the orders the filter keeps. */
function matching(filter: string, ctx: QueryContext = context, rows: Entity[] = orders): string[] {
	const node = parseFilter(filter);
	return rows.filter((row) => evaluateFilter(node, row, ctx)).map((row) => String(row.Number ?? row.Code));
}

function errorOf(action: () => unknown): ODataQueryError {
	try {
		action();
	} catch (error) {
		if (error instanceof ODataQueryError) return error;
		throw error;
	}
	throw new Error('expected an ODataQueryError');
}

const ALL = ['ЗП-0001', 'ЗП-0002', 'ЗП-0003', 'ЗП-0004'];

// ---------------------------------------------------------------- grammar

describe('$filter grammar', () => {
	const property = (name: string): FilterNode => ({ kind: 'property', path: [name] });
	const number = (value: number): FilterNode => ({ kind: 'literal', type: 'number', value });
	const equals = (name: string, value: number): FilterNode => ({
		kind: 'binary',
		operator: 'eq',
		left: property(name),
		right: number(value),
	});

	it('binds not tighter than and, and tighter than or', () => {
		expect(parseFilter('A eq 1 or B eq 2 and not C eq 3')).toEqual({
			kind: 'binary',
			operator: 'or',
			left: equals('A', 1),
			right: {
				kind: 'binary',
				operator: 'and',
				left: equals('B', 2),
				right: { kind: 'not', operand: equals('C', 3) },
			},
		});
	});

	it('lets parentheses override precedence', () => {
		expect(parseFilter('(A eq 1 or B eq 2) and C eq 3')).toEqual({
			kind: 'binary',
			operator: 'and',
			left: { kind: 'binary', operator: 'or', left: equals('A', 1), right: equals('B', 2) },
			right: equals('C', 3),
		});
		expect(parseFilter('((A eq 1))')).toEqual(equals('A', 1));
	});

	it('associates and/or to the left', () => {
		const node = parseFilter('A eq 1 and B eq 2 and C eq 3');
		expect(node).toMatchObject({ operator: 'and', left: { operator: 'and' }, right: equals('C', 3) });
	});

	it('evaluates precedence the way it parses', () => {
		const row = { A: 1, B: 0, C: 3 };
		// or(A=1, and(B=2, not C=3)) → true; (A=1 or B=2) and not C=3 → false
		expect(evaluateFilter(parseFilter('A eq 1 or B eq 2 and not C eq 3'), row)).toBe(true);
		expect(evaluateFilter(parseFilter('(A eq 1 or B eq 2) and not C eq 3'), row)).toBe(false);
		expect(evaluateFilter(parseFilter('not (A eq 1) or C eq 3'), row)).toBe(true);
		expect(evaluateFilter(parseFilter('not not A eq 1'), row)).toBe(true);
	});

	it('reads not A eq B as not (A eq B), which equals (not A) eq B for booleans', () => {
		for (const posted of [true, false]) {
			const row = { Posted: posted };
			expect(evaluateFilter(parseFilter('not Posted eq true'), row)).toBe(!posted);
			expect(evaluateFilter(parseFilter('(not Posted) eq true'), row)).toBe(!posted);
		}
	});

	it('puts arithmetic above comparisons, mul/div above add/sub', () => {
		expect(evaluateFilter(parseFilter('1 add 2 mul 3 eq 7'), {})).toBe(true);
		expect(evaluateFilter(parseFilter('(1 add 2) mul 3 eq 9'), {})).toBe(true);
		expect(evaluateFilter(parseFilter('10 sub 4 sub 3 eq 3'), {})).toBe(true);
		expect(evaluateFilter(parseFilter('7 div 2 eq 3.5'), {})).toBe(true);
		expect(evaluateFilter(parseFilter('-A lt 0'), { A: 5 })).toBe(true);
		expect(matching('Запасы/any(d: d/Сумма eq d/Количество mul d/Цена)')).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
		expect(matching('СуммаДокумента div 0 eq 1')).toEqual([]);
	});

	it('compares booleans against comparisons (relational binds tighter than equality)', () => {
		expect(matching('СуммаДокумента gt 1000 eq true')).toEqual(['ЗП-0001', 'ЗП-0004']);
		expect(matching('true eq СуммаДокумента gt 1000')).toEqual(['ЗП-0001', 'ЗП-0004']);
	});

	it('accepts a boolean property or function on its own', () => {
		expect(matching('Posted')).toEqual(['ЗП-0001', 'ЗП-0003', 'ЗП-0004']);
		expect(matching('not Posted')).toEqual(['ЗП-0002']);
		expect(matching("substringof('повтор', Комментарий)")).toEqual(['ЗП-0004']);
	});

	it('takes Cyrillic identifiers and navigation paths', () => {
		expect(parseFilter("Контрагент/ИНН eq '1'")).toMatchObject({
			left: { kind: 'property', path: ['Контрагент', 'ИНН'] },
		});
		expect(parseFilter('Контрагент_Key eq null')).toMatchObject({ left: { path: ['Контрагент_Key'] } });
	});

	it('tolerates whitespace of any kind between tokens', () => {
		expect(matching("\tNumber  eq\n'ЗП-0001'  ")).toEqual(['ЗП-0001']);
		expect(matching("startswith(Number,'ЗП-000')eq true")).toEqual(ALL);
	});
});

// ---------------------------------------------------------------- literals

describe('$filter literals', () => {
	const literalOf = (text: string) => (parseFilter(`X eq ${text}`) as { right: FilterNode }).right;

	it('reads strings, with a doubled quote standing for one', () => {
		expect(literalOf("'abc'")).toEqual({ kind: 'literal', type: 'string', value: 'abc' });
		expect(literalOf("''")).toEqual({ kind: 'literal', type: 'string', value: '' });
		expect(literalOf("'O''Brien'")).toEqual({ kind: 'literal', type: 'string', value: "O'Brien" });
		expect(literalOf("''''")).toEqual({ kind: 'literal', type: 'string', value: "'" });
		expect(literalOf('\'ТОВ "Ромашка", м. Київ\'')).toMatchObject({ value: 'ТОВ "Ромашка", м. Київ' });
		expect(matching("Description eq 'O''Brien Ltd'", context, customers)).toEqual(['000000002']);
	});

	it('reads numbers: integers, decimals, exponents, negatives and type suffixes', () => {
		expect(literalOf('42')).toEqual({ kind: 'literal', type: 'number', value: 42 });
		expect(literalOf('-7')).toMatchObject({ value: -7 });
		expect(literalOf('240.5')).toMatchObject({ value: 240.5 });
		expect(literalOf('240.5M')).toMatchObject({ value: 240.5 });
		expect(literalOf('240.5m')).toMatchObject({ value: 240.5 });
		expect(literalOf('1.5d')).toMatchObject({ value: 1.5 });
		expect(literalOf('10L')).toMatchObject({ value: 10 });
		expect(literalOf('1e+21')).toMatchObject({ value: 1e21 });
		expect(literalOf('2.5E-3')).toMatchObject({ value: 0.0025 });
		expect(matching('СуммаДокумента eq 240.5M')).toEqual(['ЗП-0002']);
	});

	it('reads true, false and null', () => {
		expect(literalOf('true')).toEqual({ kind: 'literal', type: 'boolean', value: true });
		expect(literalOf('false')).toEqual({ kind: 'literal', type: 'boolean', value: false });
		expect(literalOf('null')).toEqual({ kind: 'literal', type: 'null', value: null });
		expect(matching('Posted eq false')).toEqual(['ЗП-0002']);
	});

	it('reads guid literals, lower-cased, and refuses malformed ones', () => {
		expect(literalOf(`guid'${CUSTOMER_OBRIEN.toUpperCase()}'`)).toEqual({
			kind: 'literal',
			type: 'guid',
			value: CUSTOMER_OBRIEN,
		});
		expect(literalOf(`Guid'${CUSTOMER_OBRIEN}'`)).toMatchObject({ type: 'guid' });
		expect(errorOf(() => parseFilter("X eq guid'12345'")).code).toBe(14);
		expect(errorOf(() => parseFilter("X eq guid''")).code).toBe(14);
	});

	it('reads datetime literals with or without seconds and refuses impossible dates', () => {
		expect(literalOf("datetime'2024-01-31T23:59:59'")).toEqual({
			kind: 'literal',
			type: 'datetime',
			value: '2024-01-31T23:59:59',
		});
		expect(literalOf("datetime'2024-01-31T23:59'")).toMatchObject({ value: '2024-01-31T23:59:00' });
		expect(literalOf("datetime'2024-01-31T23:59:59.000'")).toMatchObject({ value: '2024-01-31T23:59:59' });
		expect(literalOf("datetime'2024-02-29T00:00:00'")).toMatchObject({ value: '2024-02-29T00:00:00' });
		for (const bad of [
			'2023-02-29T00:00:00',
			'2024-13-01T00:00:00',
			'2024-01-01',
			'2024-01-01T24:00:00',
			'yesterday',
		]) {
			expect(errorOf(() => parseFilter(`Date eq datetime'${bad}'`)).code).toBe(14);
		}
	});

	it('refuses literal types 1C does not speak', () => {
		for (const text of ["datetimeoffset'2024-01-01T00:00:00Z'", "time'PT1H'", "X'0A'", "binary'0A'"]) {
			expect(errorOf(() => parseFilter(`A eq ${text}`)).code).toBe(14);
		}
	});

	it('keeps an injection attempt built with stringLiteral inside one literal', () => {
		const attack = "') or (1 eq 1";
		const filter = `Description eq ${stringLiteral(attack)}`;
		expect(parseFilter(filter)).toEqual({
			kind: 'binary',
			operator: 'eq',
			left: { kind: 'property', path: ['Description'] },
			right: { kind: 'literal', type: 'string', value: attack },
		});
		expect(matching(filter, context, customers)).toEqual([]);
		const withVictim = [...customers, { Code: 'X', Description: attack }];
		expect(matching(filter, context, withVictim)).toEqual(['X']);
		// the same text without the doubling is what an injection would look like: it does not parse as one literal
		expect(() => parseFilter(`Description eq '${attack}'`)).toThrow(ODataQueryError);
	});
});

// ---------------------------------------------------------------- comparison semantics

describe('$filter comparison semantics', () => {
	it('compares GUIDs case-insensitively', () => {
		expect(matching(`Контрагент_Key eq guid'${CUSTOMER_OBRIEN.toUpperCase()}'`)).toEqual(['ЗП-0002']);
		expect(matching(`Ref_Key eq guid'a0000000-0000-11ef-8a3c-0050569f1a04'`)).toEqual(['ЗП-0004']);
		expect(matching(`Контрагент_Key ne guid'${CUSTOMER_OBRIEN}'`)).toEqual(['ЗП-0001', 'ЗП-0003', 'ЗП-0004']);
		expect(matching(`Контрагент_Key eq guid'${EMPTY_GUID}'`)).toEqual(['ЗП-0003']);
	});

	it('compares datetime literals with the date strings of entities', () => {
		const january = "Date ge datetime'2024-01-01T00:00:00' and Date le datetime'2024-01-31T23:59:59'";
		expect(matching(january)).toEqual(['ЗП-0001', 'ЗП-0002']);
		expect(matching("Date lt datetime'2024-02-01T00:00:00'")).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
		expect(matching("Date gt datetime'2024-01-31T23:59'")).toEqual(['ЗП-0002', 'ЗП-0003']);
		expect(matching("Date eq datetime'2024-02-01T00:00'")).toEqual(['ЗП-0003']);
		// 1C's empty date is an ordinary (very early) date
		expect(matching(`Date eq datetime'${EMPTY_DATE}'`)).toEqual(['ЗП-0004']);
	});

	it('compares numbers and booleans', () => {
		expect(matching('СуммаДокумента gt 240.5')).toEqual(['ЗП-0001', 'ЗП-0004']);
		expect(matching('СуммаДокумента ge 240.5')).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
		expect(matching('СуммаДокумента lt 240.5')).toEqual(['ЗП-0003']);
		expect(matching('СуммаДокумента le 0')).toEqual(['ЗП-0003']);
		expect(matching('СуммаДокумента ne 1500')).toEqual(['ЗП-0002', 'ЗП-0003']);
		expect(matching('Posted ne true')).toEqual(['ЗП-0002']);
	});

	it('compares strings case-sensitively with eq unless told otherwise', () => {
		expect(matching("Комментарий eq 'повтор'")).toEqual([]);
		expect(matching("Комментарий eq 'ПОВТОР'")).toEqual(['ЗП-0004']);
		expect(matching("Комментарий eq 'повтор'", { ...context, stringComparison: 'ignoreCase' })).toEqual(['ЗП-0004']);
		expect(matching("Number gt 'ЗП-0002'")).toEqual(['ЗП-0003', 'ЗП-0004']);
	});

	it('never matches values of different types', () => {
		expect(matching("СуммаДокумента eq '1500'")).toEqual([]);
		expect(matching("СуммаДокумента ne '1500'")).toEqual(ALL);
		expect(matching("СуммаДокумента gt 'a'")).toEqual([]);
		expect(matching(`Number eq guid'${CUSTOMER_OBRIEN}'`)).toEqual([]);
	});

	it('tests for null with eq null / ne null', () => {
		const rows = [
			{ Code: 'a', Value: null },
			{ Code: 'b', Value: 5 },
		];
		expect(matching('Value eq null', context, rows)).toEqual(['a']);
		expect(matching('Value ne null', context, rows)).toEqual(['b']);
		expect(matching('null eq Value', context, rows)).toEqual(['a']);
		// NULL against a value is unknown: neither eq, ne nor not(...) keeps the row
		expect(matching('Value eq 5', context, rows)).toEqual(['b']);
		expect(matching('Value ne 5', context, rows)).toEqual([]);
		expect(matching('not (Value eq 5)', context, rows)).toEqual([]);
		expect(matching('Value gt 1 or Code eq ' + "'a'", context, rows)).toEqual(['a', 'b']);
	});

	it('treats a comparison with a missing property as not matching (1C returns nothing)', () => {
		expect(matching("Номер eq 'ЗП-0001'")).toEqual([]);
		expect(matching("Номер ne 'ЗП-0001'")).toEqual([]);
		expect(matching("not (Номер eq 'ЗП-0001')")).toEqual([]);
		expect(matching('Номер eq null')).toEqual([]);
		expect(matching("Номер eq 'x' or Posted eq false")).toEqual(['ЗП-0002']);
		expect(matching("substringof('x', Номер) eq true")).toEqual([]);
		expect(matching('Неизвестно/any(d: d/Цена gt 0)')).toEqual([]);
	});

	it('throws error 10 for an unknown path in strict mode', () => {
		const strict = { ...context, strict: true };
		const error = errorOf(() => matching("Номер eq 'ЗП-0001'", strict));
		expect(error.code).toBe(10);
		expect(error.message).toContain('Номер');
		expect(errorOf(() => matching("Контрагент/НеИНН eq '1'", strict)).code).toBe(10);
		expect(errorOf(() => matching('Запасы/any(d: d/Ціна gt 0)', strict)).message).toContain('d/Ціна');
		// an empty reference is not an unknown path
		expect(matching("Контрагент/ИНН eq '12345678'", strict)).toEqual(['ЗП-0001']);
	});

	it('refuses a non-boolean property used as the whole filter (code 14)', () => {
		expect(errorOf(() => matching('Number')).code).toBe(14);
	});
});

// ---------------------------------------------------------------- navigation, lambdas, functions

describe('$filter navigation and lambdas', () => {
	it('follows references through the resolver', () => {
		expect(matching("Контрагент/ИНН eq '12345678'")).toEqual(['ЗП-0001']);
		expect(matching("Контрагент/Description eq 'O''Brien Ltd'")).toEqual(['ЗП-0002']);
		expect(matching('Контрагент/DeletionMark eq true')).toEqual(['ЗП-0004']);
		expect(matching("startswith(Контрагент/Code, '00000000') eq true")).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
	});

	it('gives NULL through an empty reference', () => {
		expect(matching('Контрагент/Code eq null')).toEqual(['ЗП-0003']);
		expect(matching("Контрагент/Code ne '000000001'")).toEqual(['ЗП-0002', 'ЗП-0004']);
	});

	it('reads plain nested objects without a resolver', () => {
		const rows = [
			{ Code: 'a', Адреса: { Місто: 'Київ' } },
			{ Code: 'b', Адреса: null },
		];
		expect(matching("Адреса/Місто eq 'Київ'", {}, rows)).toEqual(['a']);
		expect(matching('Адреса/Місто eq null', {}, rows)).toEqual(['b']);
	});

	it('evaluates any/all over a tabular section', () => {
		expect(matching('Запасы/any(d: d/Цена gt 200)')).toEqual(['ЗП-0002']);
		expect(matching('Запасы/any(d: d/Количество ge 10)')).toEqual(['ЗП-0001', 'ЗП-0004']);
		expect(matching('Запасы/all(d: d/Цена eq 100)')).toEqual(['ЗП-0001', 'ЗП-0003', 'ЗП-0004']);
		expect(matching('Запасы/any()')).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
		expect(matching('not Запасы/any()')).toEqual(['ЗП-0003']);
	});

	it('navigates from tabular-section rows and mixes in properties of the document', () => {
		expect(matching("Запасы/any(d: d/Номенклатура/Description eq 'Чашка')")).toEqual(['ЗП-0001', 'ЗП-0002']);
		expect(
			matching(`Запасы/any(d: d/Номенклатура_Key eq guid'${ITEM_TEA.toUpperCase()}' and d/Количество gt 10)`),
		).toEqual(['ЗП-0004']);
		expect(matching('Запасы/any(d: d/Сумма eq СуммаДокумента)')).toEqual(['ЗП-0002', 'ЗП-0004']);
		expect(matching("Posted eq true and Запасы/any(x: substringof('чай', x/Номенклатура/Description))")).toEqual([
			'ЗП-0001',
			'ЗП-0004',
		]);
	});

	it('scopes lambda variables, including nested lambdas', () => {
		const rows = [
			{ Code: 'a', Limit: 3, Rows: [{ Parts: [{ Qty: 1 }, { Qty: 5 }] }] },
			{ Code: 'b', Limit: 3, Rows: [{ Parts: [{ Qty: 1 }] }] },
		];
		expect(matching('Rows/any(r: r/Parts/any(p: p/Qty gt Limit))', {}, rows)).toEqual(['a']);
		expect(matching('Rows/all(r: r/Parts/all(r: r/Qty lt Limit))', {}, rows)).toEqual(['b']);
	});

	it('refuses malformed lambdas', () => {
		expect(errorOf(() => parseFilter('Запасы/all()')).code).toBe(14);
		expect(errorOf(() => parseFilter('Запасы/any(d d/Цена gt 1)')).code).toBe(14);
		expect(errorOf(() => parseFilter('Запасы/any(d: 5)')).code).toBe(14);
		// a property may be boolean; a non-boolean one fails when evaluated
		expect(errorOf(() => matching('Запасы/any(d: d/Цена)')).code).toBe(14);
		expect(errorOf(() => parseFilter('Запасы/any(d: d/Цена add 1)')).code).toBe(14);
		expect(errorOf(() => parseFilter('Запасы/count() gt 1')).code).toBe(21);
	});
});

describe('$filter functions', () => {
	it('substringof is case-insensitive and takes the needle first', () => {
		expect(matching("substringof('ромаш', Контрагент/Description) eq true")).toEqual(['ЗП-0001']);
		expect(matching("substringof('РОМАШ', Контрагент/Description) eq true")).toEqual(['ЗП-0001']);
		expect(matching("substringof('', Комментарий) eq true")).toEqual(ALL);
		expect(matching("substringof('ромаш', Контрагент/Description) eq false")).toEqual(['ЗП-0002', 'ЗП-0004']);
	});

	it('startswith and endswith', () => {
		expect(matching("startswith(Number, 'ЗП-000') eq true")).toEqual(ALL);
		expect(matching("endswith(Number, '3') eq true")).toEqual(['ЗП-0003']);
		expect(matching("endswith(Комментарий, 'ВО') eq true")).toEqual(['ЗП-0001']);
	});

	it('like follows ПОДОБНО: % any run, _ one character, [...] a class', () => {
		expect(matching("like(Number, 'ЗП-%')")).toEqual(ALL);
		expect(matching("like(Number, 'ЗП-000_')")).toEqual(ALL);
		expect(matching("like(Number, 'ЗП-00_')")).toEqual([]);
		expect(matching("like(Number, '%[13]')")).toEqual(['ЗП-0001', 'ЗП-0003']);
		expect(matching("like(Number, '%[^13]')")).toEqual(['ЗП-0002', 'ЗП-0004']);
		expect(matching("like(Number, '%[2-3]')")).toEqual(['ЗП-0002', 'ЗП-0003']);
		expect(matching("like(Комментарий, 'повт%')")).toEqual(['ЗП-0004']);
		// regular-expression characters are literal
		expect(matching("like(Description, 'O''Brien.Ltd')", context, customers)).toEqual([]);
		expect(matching("like(Description, 'O''Brien%(%')", context, customers)).toEqual([]);
		expect(matching("like(Description, '%''%') eq true", context, customers)).toEqual(['000000002']);
	});

	it('concat, substring, round', () => {
		expect(matching("concat(Number, concat('/', Комментарий)) eq 'ЗП-0004/ПОВТОР'")).toEqual(['ЗП-0004']);
		expect(matching("concat(Number, '/', Комментарий) eq 'ЗП-0004/ПОВТОР'")).toEqual(['ЗП-0004']);
		expect(matching("substring(Number, 3) eq '0002'")).toEqual(['ЗП-0002']);
		expect(matching("substring(Number, 0, 2) eq 'ЗП'")).toEqual(ALL);
		expect(matching('round(СуммаДокумента) eq 241')).toEqual(['ЗП-0002']);
		expect(evaluateFilter(parseFilter('round(-2.5) eq -3'), {})).toBe(true);
	});

	it('date parts', () => {
		expect(matching('year(Date) eq 2024 and month(Date) eq 1')).toEqual(['ЗП-0001', 'ЗП-0002']);
		expect(matching('day(Date) eq 15 and hour(Date) eq 10 and minute(Date) eq 30 and second(Date) eq 0')).toEqual([
			'ЗП-0001',
		]);
		expect(matching('quarter(Date) eq 1 and year(Date) gt 1')).toEqual(['ЗП-0001', 'ЗП-0002', 'ЗП-0003']);
		// 2024-01-15 was a Monday (1C: Monday = 1 … Sunday = 7); 2024-02-01 a Thursday
		expect(matching('dayofweek(Date) eq 1')).toEqual(['ЗП-0001']);
		expect(matching('dayofweek(Date) eq 4')).toEqual(['ЗП-0003']);
		expect(matching('dayofyear(Date) eq 32')).toEqual(['ЗП-0003']);
		expect(matching("year(datetime'2023-06-01T00:00:00') eq 2023")).toEqual(ALL);
	});

	it("1C's dateadd and datedifference", () => {
		const row = { Date: '2024-01-31T10:00:00' };
		const of = (expression: string) =>
			evaluateExpression((parseFilter(`${expression} eq 0`) as { left: FilterNode }).left, row);
		expect(of("dateadd(Date, 'month', 1)")).toBe('2024-02-29T10:00:00');
		expect(of("dateadd(Date, 'day', 1)")).toBe('2024-02-01T10:00:00');
		expect(of("dateadd(Date, 'hour', -11)")).toBe('2024-01-30T23:00:00');
		expect(of("dateadd(Date, 'year', -1)")).toBe('2023-01-31T10:00:00');
		expect(of("datedifference(datetime'2024-01-01T00:00:00', Date, 'day')")).toBe(30);
		expect(of("datedifference(datetime'2023-12-31T23:59:59', Date, 'month')")).toBe(1);
		expect(of("datedifference(Date, datetime'2024-01-31T10:01:00', 'second')")).toBe(60);
		expect(matching("Date ge dateadd(datetime'2024-02-01T00:00:00', 'day', -1)")).toEqual(['ЗП-0002', 'ЗП-0003']);
	});

	it('cast and isof over a composite attribute', () => {
		const castTo = (type: string) => `Основание eq cast(guid'${INVOICE}', '${type}')`;
		expect(matching(castTo('Document_РасходнаяНакладная'))).toEqual(['ЗП-0001']);
		expect(matching(castTo('Document_ПриходнаяНакладная'))).toEqual([]);
		// a bare guid never matches a composite attribute in 1C
		expect(matching(`Основание eq guid'${INVOICE}'`)).toEqual([]);
		expect(matching("isof(Основание, 'Document_РасходнаяНакладная')")).toEqual(['ЗП-0001']);
		expect(matching("isof(Основание, 'Document_РасходнаяНакладная') eq false")).toEqual([
			'ЗП-0002',
			'ЗП-0003',
			'ЗП-0004',
		]);
	});

	it('treats cast of a guid as the guid and navigates from a cast', () => {
		expect(matching(`Контрагент_Key eq cast(guid'${CUSTOMER_ROMASHKA}', 'Catalog_Контрагенты')`)).toEqual(['ЗП-0001']);
		expect(matching("cast(Основание, 'Document_РасходнаяНакладная')/Склад eq 'Основний'")).toEqual(['ЗП-0001']);
		// without a reference lookup the path resolver navigates through the cast's argument
		const navigateOnly: QueryContext = {
			resolve: createResolver((owner, name) =>
				name === 'Основание' ? findByKey(owner.Основание) : findByKey(owner[`${name}_Key`]),
			),
		};
		expect(matching("cast(Основание, 'Document_РасходнаяНакладная')/Склад eq 'Основний'", navigateOnly)).toEqual([
			'ЗП-0001',
		]);
		expect(matching("cast(СуммаДокумента, 'Edm.String') eq '240.5'")).toEqual(['ЗП-0002']);
	});
});

// ---------------------------------------------------------------- errors

describe('$filter errors', () => {
	it.each([
		["contains(Description, 'a')", 'contains'],
		["tolower(Description) eq 'a'", 'tolower'],
		["toupper(Description) eq 'A'", 'toupper'],
		['length(Description) gt 3', 'length'],
		["indexof(Description, 'a') eq 1", 'indexof'],
		["trim(Description) eq 'a'", 'trim'],
		["replace(Description, 'a', 'b') eq 'b'", 'replace'],
		['floor(Sum) eq 1', 'floor'],
		['ceiling(Sum) eq 1', 'ceiling'],
		['years(Date) eq 1', 'years'],
		['now() gt Date', 'now'],
		['myfunction(Sum) eq 1', 'myfunction'],
	])('rejects %s with code 21', (filter, name) => {
		const error = errorOf(() => parseFilter(filter));
		expect(error.code).toBe(21);
		expect(error.message).toContain(name);
	});

	it('rejects unsupported operators and wrong argument counts with code 21', () => {
		expect(errorOf(() => parseFilter('Sum mod 2 eq 0')).code).toBe(21);
		expect(errorOf(() => parseFilter("substringof('a') eq true")).code).toBe(21);
		expect(errorOf(() => parseFilter('year(Date, Date) eq 1')).code).toBe(21);
		expect(errorOf(() => parseFilter("cast(X) eq guid'" + INVOICE + "'")).code).toBe(21);
		expect(errorOf(() => parseFilter('isof(X, Y)')).code).toBe(21);
	});

	it.each([
		"Description eq 'unterminated",
		'(Posted eq true',
		'Posted eq true)',
		'Description eq',
		'eq 1',
		"Description eq 'a' Code",
		'Posted and',
		'Sum gt 1 #',
		'Sum gt 10abc',
		'Sum gt 1.2.3',
		'',
		'   ',
		'1',
		"'text'",
		'year(Date)',
		'Sum add 1',
		'1 and Posted',
		'not 5',
		'Контрагент/',
		'A//B eq 1',
		'Sum gt 1,',
		"datetime'2024-01-01T00:00:00'/Year eq 1",
		'and eq 1',
	])('rejects %j with code 14', (filter) => {
		const error = errorOf(() => parseFilter(filter));
		expect(error.code).toBe(14);
		expect(error.option).toBe('$filter');
	});

	it('reports the position and a body the server can send', () => {
		const error = errorOf(() => parseFilter('(Posted eq true'));
		expect(error.position).toBe(15);
		expect(odataErrorBody(error)).toEqual({
			'odata.error': { code: '14', message: { lang: 'ru', value: error.message } },
		});
		expect(error.message).toMatch(/\$filter/);
	});
});

// ---------------------------------------------------------------- $orderby

describe('$orderby', () => {
	it('parses keys with directions and paths', () => {
		const keys = parseOrderBy('Date desc, Контрагент/ИНН, Number asc');
		expect(keys.map((key) => [key.path, key.direction])).toEqual([
			[['Date'], 'desc'],
			[['Контрагент', 'ИНН'], 'asc'],
			[['Number'], 'asc'],
		]);
		expect(parseOrderBy('')).toEqual([]);
		expect(parseOrderBy('year(Date) DESC')[0]).toMatchObject({ direction: 'desc', expression: { kind: 'call' } });
	});

	it('rejects malformed lists with code 14', () => {
		for (const text of ['Date descending', 'Date,', ',Date', 'Date desc desc', "Date eq '"]) {
			expect(errorOf(() => parseOrderBy(text)).code).toBe(14);
		}
		expect(errorOf(() => parseOrderBy('tolower(Description)')).code).toBe(21);
	});

	const numbers = (result: { rows: Entity[] }) => result.rows.map((row) => row.Number);

	it('sorts by several keys, descending, stable for ties', () => {
		expect(numbers(applyQuery(orders, { orderBy: 'СуммаДокумента desc' }, context))).toEqual([
			'ЗП-0001',
			'ЗП-0004',
			'ЗП-0002',
			'ЗП-0003',
		]);
		expect(numbers(applyQuery(orders, { orderBy: 'СуммаДокумента desc, Date' }, context))).toEqual([
			'ЗП-0004',
			'ЗП-0001',
			'ЗП-0002',
			'ЗП-0003',
		]);
		expect(numbers(applyQuery(orders, { orderBy: 'Posted, Number desc' }, context))).toEqual([
			'ЗП-0002',
			'ЗП-0004',
			'ЗП-0003',
			'ЗП-0001',
		]);
		// ties keep the stored order, whatever the direction
		const ties = [1, 2, 3, 4, 5].map((index) => ({ Number: `n${index}`, Group: index % 2 }));
		expect(numbers(applyQuery(ties, { orderBy: 'Group desc' }))).toEqual(['n1', 'n3', 'n5', 'n2', 'n4']);
		expect(numbers(applyQuery(ties, { orderBy: 'Group' }))).toEqual(['n2', 'n4', 'n1', 'n3', 'n5']);
	});

	it('sorts by navigation paths, empty values first', () => {
		expect(numbers(applyQuery(orders, { orderBy: 'Контрагент/Description' }, context))).toEqual([
			'ЗП-0003',
			'ЗП-0002',
			'ЗП-0001',
			'ЗП-0004',
		]);
		expect(numbers(applyQuery(orders, { orderBy: 'Контрагент/Description desc' }, context))).toEqual([
			'ЗП-0004',
			'ЗП-0001',
			'ЗП-0002',
			'ЗП-0003',
		]);
	});

	it('compareRows works as a comparator', () => {
		const keys = parseOrderBy('Date desc');
		expect(compareRows(keys, orders[0], orders[1], context)).toBeGreaterThan(0);
		expect(compareRows(keys, orders[1], orders[0], context)).toBeLessThan(0);
		expect(compareRows(keys, orders[0], orders[0], context)).toBe(0);
		const byKey = parseOrderBy('Ref_Key');
		// GUID keys order case-insensitively
		expect(compareRows(byKey, orders[3], orders[2], context)).toBeGreaterThan(0);
	});
});

// ---------------------------------------------------------------- $select

describe('$select', () => {
	const order = orders[0];

	it('parses every form', () => {
		expect(parseSelect('*')).toEqual({ wildcard: 'all', properties: [], nested: {}, allPresentations: false });
		expect(parseSelect('**,Контрагент____Presentation, Запасы/Цена ,Запасы/LineNumber')).toEqual({
			wildcard: 'allExceptTabular',
			properties: ['Контрагент____Presentation'],
			nested: {
				Запасы: { wildcard: 'none', properties: ['Цена', 'LineNumber'], nested: {}, allPresentations: false },
			},
			allPresentations: false,
		});
		expect(parseSelect('**,*').wildcard).toBe('all');
		expect(parseSelect('*____Presentation').allPresentations).toBe(true);
		expect(parseSelect('').wildcard).toBe('all');
	});

	it('rejects malformed lists with code 14', () => {
		for (const text of ['Number,', 'Number,,Date', 'Num ber', "Number eq '1'", 'Запасы/', 'a-b', '***']) {
			const error = errorOf(() => parseSelect(text));
			expect(error.code).toBe(14);
			expect(error.option).toBe('$select');
		}
	});

	it('* keeps everything including tabular sections; ** drops them', () => {
		expect(applySelect(order, parseSelect('*'))).toEqual(order);
		const header = applySelect(order, parseSelect('**'), ['Запасы']);
		expect(header).not.toHaveProperty('Запасы');
		expect(header).toMatchObject({ Number: 'ЗП-0001', Основание_Type: 'StandardODATA.Document_РасходнаяНакладная' });
		// an array-valued property is a tabular section even when not listed
		expect(applySelect(order, parseSelect('**'))).not.toHaveProperty('Запасы');
	});

	it('keeps only the named fields, and tabular-section columns', () => {
		expect(applySelect(order, parseSelect('Number,Date'))).toEqual({ Number: 'ЗП-0001', Date: '2024-01-15T10:30:00' });
		expect(applySelect(order, parseSelect('Number,Запасы/LineNumber,Запасы/Сумма'))).toEqual({
			Number: 'ЗП-0001',
			Запасы: [
				{ LineNumber: 1, Сумма: 1000 },
				{ LineNumber: 2, Сумма: 500 },
			],
		});
		expect(applySelect(order, parseSelect('**,Запасы/Цена'), ['Запасы']).Запасы).toEqual([
			{ Цена: 100 },
			{ Цена: 100 },
		]);
		// selecting the section itself wins over one of its columns
		expect(applySelect(order, parseSelect('Запасы,Запасы/Цена')).Запасы).toEqual(order.Запасы);
		// the row is not changed
		expect(order.Запасы).toHaveLength(2);
	});

	it('keeps presentation names and leaves their value to the server', () => {
		const withPresentation = { ...order, Контрагент____Presentation: 'ТОВ Ромашка' };
		expect(applySelect(withPresentation, parseSelect('*'))).not.toHaveProperty('Контрагент____Presentation');
		expect(applySelect(withPresentation, parseSelect('Number,Контрагент____Presentation'))).toEqual({
			Number: 'ЗП-0001',
			Контрагент____Presentation: 'ТОВ Ромашка',
		});
		const presentation = (row: Entity, property: string) =>
			property === '' ? `Замовлення ${row.Number}` : property === 'Контрагент' ? 'ТОВ Ромашка' : `[${property}]`;
		expect(applySelect(order, parseSelect('Контрагент____Presentation,Presentation'), [], { presentation })).toEqual({
			Контрагент____Presentation: 'ТОВ Ромашка',
			Presentation: 'Замовлення ЗП-0001',
		});
		expect(applySelect(order, parseSelect('Number,*____Presentation'), [], { presentation })).toEqual({
			Number: 'ЗП-0001',
			Контрагент____Presentation: 'ТОВ Ромашка',
			Основание____Presentation: '[Основание]',
		});
		// without a value the name is left out
		expect(applySelect(order, parseSelect('Number,Склад____Presentation'))).toEqual({ Number: 'ЗП-0001' });
	});

	it('leaves out unknown fields, or throws error 10 when strict', () => {
		expect(applySelect(order, parseSelect('Number,Номер'))).toEqual({ Number: 'ЗП-0001' });
		expect(errorOf(() => applySelect(order, parseSelect('Number,Номер'), [], { strict: true })).code).toBe(10);
		expect(errorOf(() => applySelect(order, parseSelect('Товары/Цена'), [], { strict: true })).code).toBe(10);
	});
});

// ---------------------------------------------------------------- paging and the whole query

describe('applyQuery', () => {
	const rows = Array.from({ length: 10 }, (_, index) => ({ Code: String(index + 1).padStart(3, '0'), N: index + 1 }));
	const codes = (result: { rows: Entity[] }) => result.rows.map((row) => row.N);

	it('applies $skip before $top', () => {
		expect(codes(applyQuery(rows, { top: 3, skip: 2 }))).toEqual([3, 4, 5]);
		expect(codes(applyQuery(rows, { skip: '2', top: '3' }))).toEqual([3, 4, 5]);
		expect(codes(applyQuery(rows, { top: 0 }))).toEqual([]);
		expect(codes(applyQuery(rows, { skip: 8 }))).toEqual([9, 10]);
		expect(codes(applyQuery(rows, { skip: 20, top: 5 }))).toEqual([]);
		expect(codes(applyQuery(rows, { top: 100 }))).toHaveLength(10);
	});

	it('filters, orders, pages, then selects', () => {
		const result = applyQuery(rows, { filter: 'N gt 2', orderBy: 'N desc', skip: 1, top: 2, select: 'Code' });
		expect(result).toEqual({ rows: [{ Code: '009' }, { Code: '008' }] });
	});

	it('with $inlinecount=allpages counts the filtered rows and ignores paging by default', () => {
		expect(applyQuery(rows, { filter: 'N le 5', top: 2, skip: 1, inlineCount: true })).toEqual({
			rows: rows.slice(0, 5),
			count: 5,
		});
		expect(applyQuery(rows, { filter: 'N le 5', top: 2, skip: 1, inlineCount: 'allpages' }).count).toBe(5);
		const paged = applyQuery(rows, {
			filter: 'N le 5',
			top: 2,
			skip: 1,
			inlineCount: true,
			inlineCountIgnoresPaging: false,
		});
		expect(paged).toEqual({ rows: rows.slice(1, 3), count: 5 });
		expect(applyQuery(rows, { inlineCount: 'none' })).not.toHaveProperty('count');
		expect(applyQuery(rows, {})).toEqual({ rows });
	});

	it('validates $top, $skip and $inlinecount with code 14, even with no rows', () => {
		for (const top of [-1, 1.5, Number.NaN, '-1', '1.5', 'abc', '', ' 1', '1e2']) {
			const error = errorOf(() => applyQuery([], { top }));
			expect(error.code).toBe(14);
			expect(error.option).toBe('$top');
		}
		expect(errorOf(() => applyQuery([], { skip: 'x' })).option).toBe('$skip');
		expect(errorOf(() => applyQuery([], { inlineCount: 'yes' })).option).toBe('$inlinecount');
		expect(errorOf(() => applyQuery([], { filter: 'A eq' })).code).toBe(14);
		expect(errorOf(() => applyQuery([], { orderBy: 'A,' })).code).toBe(14);
	});

	it('returns new arrays and leaves the input alone', () => {
		const input = rows.slice();
		const result = applyQuery(input, { orderBy: 'N desc' });
		expect(result.rows).not.toBe(input);
		expect(input).toEqual(rows);
		expect(applyQuery(input, {}).rows).not.toBe(input);
	});

	it('uses tabular-section names for **', () => {
		const result = applyQuery(
			orders,
			{ filter: "Number eq 'ЗП-0003'", select: '**', tabularSections: ['Запасы'] },
			context,
		);
		expect(result.rows[0]).not.toHaveProperty('Запасы');
		expect(result.rows[0]).toHaveProperty('Number', 'ЗП-0003');
	});

	it('filters 20,000 rows with a three-clause filter', () => {
		const many = Array.from({ length: 20_000 }, (_, index) => ({
			Ref_Key: `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
			Number: `ЗП-${index}`,
			Date: `2024-${String((index % 12) + 1).padStart(2, '0')}-15T12:00:00`,
			Posted: index % 3 !== 0,
			Контрагент_Key: index % 2 ? CUSTOMER_ROMASHKA : CUSTOMER_OBRIEN,
		}));
		const result = applyQuery(
			many,
			{
				filter: `Posted eq true and Date ge datetime'2024-06-01T00:00:00' and Контрагент/ИНН eq '12345678'`,
				orderBy: 'Date desc, Number',
				inlineCount: true,
			},
			context,
		);
		const expected = many.filter((row, index) => row.Posted && (index % 12) + 1 >= 6 && index % 2 === 1).length;
		expect(result.count).toBe(expected);
		expect(result.rows[0].Date).toBe('2024-12-15T12:00:00');
	});
});

// ---------------------------------------------------------------- round trips with the node's own builder

describe('round trips of filters built by nodes/Bas/odata', () => {
	const check = (filter: { text: string } | undefined, expected: string[], rows: Entity[] = orders) => {
		expect(filter).toBeDefined();
		expect(matching(filter!.text, context, rows)).toEqual(expected);
	};

	it('comparisons with every literal kind', () => {
		check(eq('Number', literal.string('ЗП-0002')), ['ЗП-0002']);
		check(eq('Description', literal.string("O'Brien Ltd")), ['000000002'], customers);
		check(eq('Code', literal.string(1)), [], customers);
		check(eq('Контрагент_Key', literal.guid(CUSTOMER_ROMASHKA.toUpperCase())), ['ЗП-0001']);
		check(ge('Date', literal.dateTime('2024-01-31T22:00:00Z', 'Europe/Kyiv')), ['ЗП-0003']);
		check(lt('Date', literal.dateTime('2024-01-15 10:30', 'Europe/Kyiv')), ['ЗП-0004']);
		check(le('Date', literal.dateTime(new Date(Date.UTC(2024, 0, 15, 8, 30)), 'Europe/Kyiv')), ['ЗП-0001', 'ЗП-0004']);
		check(gt('СуммаДокумента', literal.number(240.4)), ['ЗП-0001', 'ЗП-0002', 'ЗП-0004']);
		check(gt('СуммаДокумента', literal.number(-0.5)), ALL);
		check(lt('СуммаДокумента', literal.number(1e21)), ALL);
		check(ne('Posted', literal.boolean(true)), ['ЗП-0002']);
		check(eq('Контрагент/Code', literal.null()), ['ЗП-0003']);
		check(eq('Контрагент/ИНН', literal.string('87654321')), ['ЗП-0002']);
	});

	it('and / or / not, with undefined parts skipped', () => {
		check(and(eq('Posted', literal.boolean(true)), gt('СуммаДокумента', literal.number(1000))), ['ЗП-0001', 'ЗП-0004']);
		check(or(eq('Number', literal.string('ЗП-0001')), undefined, eq('Number', literal.string('ЗП-0003'))), [
			'ЗП-0001',
			'ЗП-0003',
		]);
		check(not(eq('Posted', literal.boolean(true))!), ['ЗП-0002']);
		check(
			and(
				or(eq('Posted', literal.boolean(false)), substringOf('повтор', 'Комментарий')),
				not(eq('Контрагент_Key', literal.guid(EMPTY_GUID))),
			),
			['ЗП-0002', 'ЗП-0004'],
		);
		expect(and(undefined, undefined)).toBeUndefined();
	});

	it('substringOf, startsWith and raw filters', () => {
		check(substringOf('ромашка', 'Контрагент/Description'), ['ЗП-0001']);
		check(substringOf("') or (1 eq 1", 'Комментарий'), []);
		check(startsWith('Number', 'ЗП-000'), ALL);
		check(startsWith('Контрагент/Description', "O'B"), ['ЗП-0002']);
		check(unsafeFilterText('  Запасы/any(d: d/Цена gt 200)  '), ['ЗП-0002']);
	});

	it('injection through any builder value stays one literal', () => {
		const attack = "x' or Posted eq true or Number eq '";
		check(eq('Number', literal.string(attack)), []);
		check(substringOf(attack, 'Number'), []);
		check(startsWith('Number', attack), []);
	});

	it('a Condition literal for virtual tables carries a filter that parses back', () => {
		const condition = eq('Контрагент/Description', literal.string("O'Brien Ltd"));
		const text = conditionLiteral(condition, 'doubled').text;
		const parsed = parseFilter(`X eq ${text}`) as { right: { value: string } };
		expect(parsed.right.value).toBe(condition.text);
		expect(matching(parsed.right.value)).toEqual(['ЗП-0002']);
	});

	it('a Condition literal is by default in the documented form, inner quotes as they are', () => {
		const condition = eq('Контрагент/Description', literal.string("O'Brien Ltd"));
		expect(conditionLiteral(condition).text).toBe(`'Контрагент/Description eq 'O''Brien Ltd''`);
	});

	it('the sandbox reads a Condition in the quoting it is set to and refuses the other form with code 14', () => {
		const condition = eq('Контрагент/Description', literal.string("O'Brien Ltd"));
		const asIs = conditionLiteral(condition, 'asIs').text;
		const doubled = conditionLiteral(condition, 'doubled').text;
		const read = (text: string, quoting: ConditionQuoting) => {
			const node = conditionParameter('Condition', text, quoting)!;
			return orders.filter((row) => evaluateFilter(node, row, context)).map((row) => row.Number);
		};
		expect(read(asIs, 'asIs')).toEqual(['ЗП-0002']);
		expect(read(doubled, 'doubled')).toEqual(['ЗП-0002']);
		expect(read(asIs, 'both')).toEqual(['ЗП-0002']);
		expect(read(doubled, 'both')).toEqual(['ЗП-0002']);
		const refusal = (text: string, quoting: ConditionQuoting) => {
			try {
				conditionParameter('Condition', text, quoting);
			} catch (error) {
				return { status: (error as ODataError).status, code: (error as ODataError).code };
			}
			return undefined;
		};
		expect(refusal(doubled, 'asIs')).toEqual({ status: 400, code: '14' });
		expect(refusal(asIs, 'doubled')).toEqual({ status: 400, code: '14' });
		// a Condition is a string parameter: it must come in quotes
		expect(refusal(condition.text, 'both')).toEqual({ status: 400, code: '14' });
	});

	it('a whole query string, decoded as the server will, gives the expected page', () => {
		const qs = queryString({
			filter: and(eq('Posted', literal.boolean(true)), substringOf('Ромашка', 'Контрагент/Description')),
			select: ['Number', 'Контрагент____Presentation', 'Запасы/Цена'],
			orderBy: ['Date desc', 'Number'],
			top: 5,
			skip: 0,
		});
		const params = new URLSearchParams(qs);
		expect(params.get('$format')).toBe('json');
		const result = applyQuery(
			orders,
			{
				filter: params.get('$filter') ?? undefined,
				select: params.get('$select') ?? undefined,
				orderBy: params.get('$orderby') ?? undefined,
				top: params.get('$top') ?? undefined,
				skip: params.get('$skip') ?? undefined,
				presentation: (row, property) =>
					property === 'Контрагент' ? findByKey(row.Контрагент_Key)?.Description : undefined,
			},
			context,
		);
		expect(result.rows).toEqual([
			{ Number: 'ЗП-0001', Контрагент____Presentation: 'ТОВ Ромашка', Запасы: [{ Цена: 100 }, { Цена: 100 }] },
		]);
	});
});
