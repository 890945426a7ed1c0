/**
 * The OData literal builder fuzzed with hostile strings: quotes, `') or (1 eq 1`, URL punctuation
 * (`%`, `&`, `#`, `+`, `/`, `=`, `,`), backslashes, Cyrillic (also decomposed), emoji and other
 * astral-plane characters, control characters, virtual-table parameter names, very long values.
 * Each value goes into `$filter` terms (string equality, `substringof`) and into the Condition of
 * a virtual table (both quotings), and the BAS sandbox's own parser must read back exactly the
 * value sent: first straight through the parser, then over real HTTP through the BAS transport in
 * an n8n-core run, where the catalog item whose Description is the value is found, and no other.
 *
 * A seeded generator (not a property-testing library): the same seed gives the same cases, and a
 * failing value is printed whole, so a failure reproduces without shrinking.
 */
import '../engine/setup-env';

import type { IDataObject } from 'n8n-workflow';

import { eq, type Filter, literal, substringOf } from '../../nodes/Bas/odata/filter';
import { ODataLiteralError } from '../../nodes/Bas/odata/literals';
import {
	buildUrl,
	type ConditionQuoting,
	conditionLiteral,
	functionCall,
	resourcePath,
} from '../../nodes/Bas/odata/url';
import { basRequest, getBasConnection } from '../../nodes/Bas/transport';
import { type FilterNode, parseFilter } from '../../sandbox/bas/query';
import { conditionParameter, parseResourcePath } from '../../sandbox/bas/resource';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { seededRandom } from '../../sandbox/common/random';
import { basCredentials } from '../helpers/bas';
import { withNodeContext } from '../helpers/engine';

const SEED = 16_2026;

/** Fragments a hostile or unlucky value is made of. */
const FRAGMENTS = [
	"'",
	"''",
	"') or (1 eq 1",
	"' or '1' eq '1",
	"') or substringof('', Description) eq true or ('",
	'%',
	'%25',
	'%41',
	'%2',
	'&',
	'&$top=1',
	'#',
	'+',
	' + ',
	'/',
	'//',
	'\\',
	"\\'",
	'?',
	'=',
	',',
	'(',
	')',
	"',Period=datetime'2020-01-01T00:00:00'",
	",Dimensions='Склад'",
	",Condition='",
	'$filter=',
	'guid',
	"guid'00000000-0000-0000-0000-000000000000'",
	'eq',
	' and ',
	' ',
	'  ',
	'\t',
	'\n',
	'\r\n',
	'\u0000',
	'\u0001',
	'\u001f',
	'\u007f',
	'\u00a0',
	'\u200b',
	'\u2028',
	'\u202e',
	'\ufeff',
	'Привіт',
	'Артикул',
	'ЁЖЇЄҐ',
	'й', // decomposed: и + combining breve
	'Ґанок "Ялинка"',
	'😀',
	'👨‍👩‍👧',
	'🇺🇦',
	'𝔘𝔫𝔦',
	'𠀋',
	'"',
	'<>',
	'`~!@^*_{}[]|;:',
	'0',
	'-1',
	'1e10',
	'null',
	'true',
];

/** A random string: fragments, random code points from several planes, sometimes very long. */
function hostileStrings(seed: number, count: number): string[] {
	const random = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const codePoint = (): string => {
		const ranges: Array<[number, number]> = [
			[0x20, 0x7e],
			[0x00, 0x1f],
			[0x400, 0x4ff],
			[0x2000, 0x206f],
			[0x1f300, 0x1faff],
			[0x10000, 0x10ffff],
		];
		const [low, high] = pick(ranges);
		const point = low + Math.floor(random() * (high - low + 1));
		return String.fromCodePoint(point);
	};
	const values = new Set<string>();
	while (values.size < count) {
		const long = random() < 0.05;
		const parts = long ? 150 + Math.floor(random() * 300) : 1 + Math.floor(random() * 6);
		let value = '';
		for (let part = 0; part < parts; part++) value += random() < 0.6 ? pick(FRAGMENTS) : codePoint();
		// a value is unique ignoring case, so `substringof` (case-insensitive in 1C) has an exact oracle per value
		if (![...values].some((known) => known.toLowerCase() === value.toLowerCase())) values.add(value);
	}
	return [...values];
}

/** The string literals of a parsed filter, in order. */
function stringLiterals(node: FilterNode | undefined): string[] {
	if (!node) return [];
	switch (node.kind) {
		case 'literal':
			return node.type === 'string' ? [node.value] : [];
		case 'binary':
			return [...stringLiterals(node.left), ...stringLiterals(node.right)];
		case 'not':
		case 'negate':
			return stringLiterals(node.operand);
		case 'call':
			return node.args.flatMap(stringLiterals);
		case 'member':
			return stringLiterals(node.target);
		case 'lambda':
			return [...stringLiterals(node.collection), ...stringLiterals(node.predicate)];
		default:
			return [];
	}
}

/** Values the check got wrong, with what it read instead, printed whole by Jest's diff. */
function misreadings(values: string[], readBack: (value: string) => unknown): Array<{ value: string; read: unknown }> {
	return values.flatMap((value) => {
		let read: unknown;
		try {
			read = readBack(value);
		} catch (error) {
			read = `${(error as Error).name}: ${(error as Error).message}`;
		}
		return JSON.stringify(read) === JSON.stringify([value]) ? [] : [{ value, read }];
	});
}

const ITEMS = 'Catalog_Номенклатура';
const PRICES = 'InformationRegister_ЦеныНоменклатуры';
const sliceByItemDescription = (value: string, quoting: ConditionQuoting) =>
	resourcePath(
		PRICES,
		undefined,
		functionCall('SliceLast', {
			Condition: conditionLiteral(eq('Номенклатура/Description', literal.string(value)), quoting),
		}),
	);

/** What the sandbox's server reads of a path: the URL's path, percent-decoded once. */
function conditionReadBack(value: string, quoting: ConditionQuoting): string[] {
	const url = buildUrl('http://127.0.0.1/demo/odata/standard.odata', sliceByItemDescription(value, quoting));
	const path = decodeURIComponent(new URL(url).pathname).replace(/^\/demo\/odata\/standard\.odata\//, '');
	const resource = parseResourcePath(path);
	return stringLiterals(conditionParameter('Condition', resource.parameters.Condition, quoting));
}

describe('OData literal builder, fuzzed: the sandbox parser reads back exactly the value built', () => {
	const values = hostileStrings(SEED, 1000);
	const filterReadBack = (filter: Filter) => stringLiterals(parseFilter(filter.text));

	it('string equality', () => {
		expect(misreadings(values, (value) => filterReadBack(eq('Description', literal.string(value))))).toEqual([]);
	});

	it('substringof', () => {
		expect(misreadings(values, (value) => filterReadBack(substringOf(value, 'Description')))).toEqual([]);
	});

	it.each<ConditionQuoting>(['asIs', 'doubled'])('the Condition of a virtual table, quoted %s', (quoting) => {
		expect(misreadings(values, (value) => conditionReadBack(value, quoting))).toEqual([]);
	});

	it('refuses a string with a lone surrogate (half an emoji) instead of sending something else', () => {
		const halfEmoji = '😀'.slice(0, 1);
		expect(() => literal.string(`a${halfEmoji}b`)).toThrow(ODataLiteralError);
		expect(() => literal.string(`a${halfEmoji}b`)).toThrow(/lone surrogate/);
		expect(literal.string('😀').text).toBe("'😀'");
	});
});

describe('OData literal builder, fuzzed: over HTTP through the BAS transport to the sandbox', () => {
	const values = hostileStrings(SEED + 1, 300);
	const itemByValue = new Map<string, string>();
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
		const priceType = String(bas.store.list('Catalog_ВидыЦен')[0].Ref_Key);
		for (const value of values) {
			const item = bas.store.create(ITEMS, { Description: value, Артикул: value });
			itemByValue.set(value, String(item.Ref_Key));
			bas.store.addInfoRecord(PRICES, { Номенклатура_Key: item.Ref_Key, ВидЦен_Key: priceType, Цена: 1 });
		}
	});
	afterAll(async () => await bas?.close());

	/** Ref_Keys of the items each look-up found, through one real node context (one request per look-up). */
	async function lookUp(
		quoting: ConditionQuoting,
		request: (value: string) => { path: string; filter?: Filter; key: string },
	): Promise<Record<string, string[]>> {
		return await withNodeContext(basCredentials(bas, { conditionQuoting: quoting }), async (ctx) => {
			const connection = await getBasConnection(ctx);
			const found: Record<string, string[]> = {};
			for (const [index, value] of values.entries()) {
				const { path, filter, key } = request(value);
				const reply = (await basRequest(ctx, connection, { method: 'GET', path, query: { filter } })) as {
					value: IDataObject[];
				};
				found[index] = reply.value.map((row) => String(row[key])).sort();
			}
			return found;
		});
	}

	/** The look-ups whose answer differs from the oracle's, with the value printed whole. */
	function wrongAnswers(found: Record<string, string[]>, expected: (value: string) => string[]) {
		return values.flatMap((value, index) => {
			const want = expected(value).sort();
			return JSON.stringify(found[index]) === JSON.stringify(want) ? [] : [{ value, want, got: found[index] }];
		});
	}

	const itemsWhere = (match: (description: string) => boolean) =>
		bas.store
			.list(ITEMS)
			.filter((item) => match(String(item.Description)))
			.map((item) => String(item.Ref_Key));

	it('finds the item whose Description equals the value, exactly once and no other', async () => {
		const found = await lookUp('asIs', (value) => ({
			path: resourcePath(ITEMS),
			filter: eq('Description', literal.string(value)),
			key: 'Ref_Key',
		}));
		expect(wrongAnswers(found, (value) => [itemByValue.get(value)!])).toEqual([]);
	});

	it('finds the item whose Артикул equals the value, exactly once and no other', async () => {
		const found = await lookUp('asIs', (value) => ({
			path: resourcePath(ITEMS),
			filter: eq('Артикул', literal.string(value)),
			key: 'Ref_Key',
		}));
		expect(wrongAnswers(found, (value) => [itemByValue.get(value)!])).toEqual([]);
	});

	it('substringof finds exactly the items whose Description contains the value (ignoring case, as 1C does)', async () => {
		const found = await lookUp('asIs', (value) => ({
			path: resourcePath(ITEMS),
			filter: substringOf(value, 'Description'),
			key: 'Ref_Key',
		}));
		expect(
			wrongAnswers(found, (value) =>
				itemsWhere((description) => description.toLowerCase().includes(value.toLowerCase())),
			),
		).toEqual([]);
	});

	it.each<ConditionQuoting>(['asIs', 'doubled'])(
		'a SliceLast Condition on the item Description, quoted %s, finds that item’s price only',
		async (quoting) => {
			const response = await fetch(`${bas.url}/__sandbox/settings`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ conditionQuoting: quoting }),
			});
			expect(response.ok).toBe(true);
			const found = await lookUp(quoting, (value) => ({
				path: sliceByItemDescription(value, quoting),
				key: 'Номенклатура_Key',
			}));
			expect(wrongAnswers(found, (value) => [itemByValue.get(value)!])).toEqual([]);
		},
	);
});
