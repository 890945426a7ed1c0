/**
 * Look-up rules inside real n8n-core runs against the BAS sandbox: exactly one match or a clear
 * error, deletion marks, goods lines resolved in one request per catalog (URLs within 2,000
 * characters, cached per execution), counterparty find-or-create by phone / email / tax id in
 * each profile, the re-read that settles two concurrent creates, and values that cannot change a filter.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { MetadataModel } from '../../nodes/Bas/odata/model';
import {
	findOne,
	findOrCreate,
	findOrCreateCounterparty,
	LookupCache,
	MAX_LOOKUP_URL_LENGTH,
	resolveLines,
} from '../../nodes/Bas/references';
import { type BasConnection, basMetadata, getBasConnection } from '../../nodes/Bas/transport';
import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials } from '../helpers/bas';
import { withNodeContext } from '../helpers/engine';

type Probe<T> = (ctx: IExecuteFunctions, connection: BasConnection, model: MetadataModel) => Promise<T>;

const ITEMS = 'Catalog_Номенклатура';

function harness(profile: ProfileId) {
	const state = {} as { bas: BasSandbox };
	beforeAll(async () => {
		state.bas = await startBasSandbox({ profile });
	});
	afterAll(async () => state.bas.close());
	beforeEach(async () => state.bas.reset());

	const run = <T>(probe: Probe<T>) =>
		withNodeContext(basCredentials(state.bas), async (ctx) => {
			const connection = await getBasConnection(ctx);
			const model = await basMetadata(ctx, connection);
			// count only what the look-ups send
			state.bas.requests.splice(0);
			return await probe(ctx, connection, model);
		});
	const failure = async (probe: Probe<unknown>) =>
		await run(probe).then(
			() => {
				throw new Error('expected the probe to fail');
			},
			(error: Error) => error,
		);
	/** the look-up requests (not $metadata) */
	const lookups = () => state.bas.requests.filter((r) => !r.url.includes('$metadata'));
	const items = () => state.bas.store.list(ITEMS).filter((e) => e.IsFolder !== true);
	return { state, run, failure, lookups, items };
}

describe('look-up rules (UNF)', () => {
	const { state, run, failure, lookups, items } = harness('unf');

	it('finds exactly one item by SKU with one request', async () => {
		const item = items()[3];
		const match = await run((ctx, c, m) =>
			findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: item.Артикул }] }),
		);
		expect(match).toMatchObject({ ref: item.Ref_Key, code: item.Code, description: item.Description });
		expect(lookups()).toHaveLength(1);
		expect(decodeURIComponent(lookups()[0].url)).toContain(
			`$filter=Артикул eq '${String(item.Артикул)}' and DeletionMark eq false`,
		);
	});

	it('names the set, the field and the value when nothing matches', async () => {
		const error = await failure((ctx, c, m) =>
			findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: 'НЕМАЄ-1' }] }),
		);
		expect(error.message).toBe('No Catalog_Номенклатура found where Артикул equals "НЕМАЄ-1"');
	});

	it('lists the candidates and never guesses when several match', async () => {
		const [a] = items();
		const twin = state.bas.store.create(ITEMS, { Description: 'Двійник', Артикул: a.Артикул });
		const error = await failure((ctx, c, m) =>
			findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: a.Артикул }] }),
		);
		expect(error.message).toContain(`2 Catalog_Номенклатура objects match where Артикул equals "${String(a.Артикул)}"`);
		expect(error.message).toContain(`Ref_Key ${String(a.Ref_Key)}, Code ${String(a.Code)}, "${String(a.Description)}"`);
		expect(error.message).toContain(`Ref_Key ${String(twin.Ref_Key)}, Code ${String(twin.Code)}, "Двійник"`);
	});

	it('ignores objects marked for deletion unless asked to count them', async () => {
		const [a] = items();
		const deleted = state.bas.store.create(ITEMS, { Description: 'Видалений', Артикул: a.Артикул, DeletionMark: true });
		const rule = { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: a.Артикул }] };
		expect(await run((ctx, c, m) => findOne(ctx, c, m, rule))).toMatchObject({ ref: a.Ref_Key });
		const error = await failure((ctx, c, m) => findOne(ctx, c, m, { ...rule, includeDeleted: true }));
		expect(error.message).toContain(String(deleted.Ref_Key));
	});

	it('refuses an unknown field before sending anything', async () => {
		const error = await failure((ctx, c, m) =>
			findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикл', value: 'X' }] }),
		);
		expect(error.message).toBe('Catalog_Номенклатура has no field "Артикл"');
		expect(lookups()).toHaveLength(0);
	});

	it.each([["') or (1 eq 1"], ['O\'Brien "Зима" 😀'], ["x' or Артикул ne 'y"], ['Кофта/%20&$filter=1']])(
		'finds only the object whose SKU is exactly %j',
		async (sku) => {
			const target = state.bas.store.create(ITEMS, { Description: 'Особливий', Артикул: sku });
			const match = await run((ctx, c, m) =>
				findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: sku }] }),
			);
			expect(match.ref).toBe(target.Ref_Key);
			// the same value absent: nothing found, not every item
			state.bas.store.update(ITEMS, String(target.Ref_Key), { Артикул: 'інший' });
			const error = await failure((ctx, c, m) =>
				findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: sku }] }),
			);
			expect(error.message).toMatch(/^No Catalog_Номенклатура found/);
		},
	);

	describe('goods lines', () => {
		const lineRules = { item: {}, characteristic: {} };
		const clothes = () =>
			state.bas.store
				.list('Catalog_ХарактеристикиНоменклатуры')
				.map((c) => ({ characteristic: c, item: state.bas.store.byRef(String(c.Owner))! }));

		it('resolves 10 lines with variants in one request per catalog, and not at all a second time', async () => {
			const withVariants = clothes()
				.filter((_, i) => i % 4 === 1)
				.slice(0, 5);
			const plain = items()
				.filter((i) => !String(i.Артикул).startsWith('ОД'))
				.slice(0, 5);
			const lines = [
				...withVariants.map(({ item, characteristic }) => ({
					sku: item.Артикул,
					characteristic: characteristic.Description,
				})),
				...plain.map((item) => ({ sku: item.Артикул })),
			];
			const { first, second, requestsAfterFirst } = await run(async (ctx, c, m) => {
				const cache = new LookupCache();
				const first = await resolveLines(ctx, c, m, lines, lineRules, { cache });
				const requestsAfterFirst = lookups().length;
				const second = await resolveLines(ctx, c, m, lines, lineRules, { cache });
				return { first, second, requestsAfterFirst };
			});
			expect(first).toEqual([
				...withVariants.map(({ item, characteristic }, lineIndex) => ({
					lineIndex,
					item: item.Ref_Key,
					characteristic: characteristic.Ref_Key,
					itemEntity: expect.objectContaining({ Ref_Key: item.Ref_Key }),
				})),
				...plain.map((item, i) => ({
					lineIndex: i + 5,
					item: item.Ref_Key,
					itemEntity: expect.objectContaining({ Ref_Key: item.Ref_Key }),
				})),
			]);
			expect(second).toEqual(first);
			expect(requestsAfterFirst).toBe(2);
			expect(lookups().map((r) => decodeURIComponent(r.url).split('?')[0].split('/').pop())).toEqual([
				ITEMS,
				'Catalog_ХарактеристикиНоменклатуры',
			]);
		});

		it('splits 100 lines into requests of at most 2,000 characters, never one per line', async () => {
			const all = items();
			const lines = Array.from({ length: 100 }, (_, i) => ({ sku: all[i % all.length].Артикул }));
			const resolved = await run((ctx, c, m) =>
				resolveLines(ctx, c, m, lines, lineRules, { cache: new LookupCache() }),
			);
			expect(resolved.every((line, i) => line.item === all[i % all.length].Ref_Key)).toBe(true);
			// the request log keeps URLs decoded: encode them again as they travelled (Cyrillic as %XX)
			const urls = lookups().map((r) => `${state.bas.url}${encodeURI(r.url)}`);
			// 30 distinct SKUs: each looked up once, in as few URLs as fit
			expect(urls.length).toBeGreaterThanOrEqual(2);
			expect(urls.length).toBeLessThanOrEqual(3);
			for (const url of urls) expect(url.length).toBeLessThanOrEqual(MAX_LOOKUP_URL_LENGTH);
			const asked = lookups().flatMap((r) => [...r.url.matchAll(/Артикул eq '([^']+)'/g)].map((m) => m[1]));
			expect(asked.sort()).toEqual(all.map((i) => String(i.Артикул)).sort());
		});

		it('reports per line what was not found or is ambiguous, and resolves the rest', async () => {
			const [a, b] = items();
			state.bas.store.create(ITEMS, { Description: 'Двійник', Артикул: b.Артикул });
			const lines = [{ sku: a.Артикул }, { sku: 'НЕМАЄ' }, { sku: b.Артикул }, { sku: '' }];
			const resolved = await run((ctx, c, m) => resolveLines(ctx, c, m, lines, lineRules));
			expect(resolved[0]).toMatchObject({ item: a.Ref_Key });
			expect(resolved[1].error).toEqual({
				lineIndex: 1,
				field: 'sku',
				value: 'НЕМАЄ',
				message: 'Line 2: No Catalog_Номенклатура found where Артикул equals "НЕМАЄ"',
			});
			expect(resolved[2].error?.message).toMatch(/^Line 3: 2 Catalog_Номенклатура objects match/);
			expect(resolved[3].error?.message).toBe('Line 4: "Артикул": "" is empty: a look-up needs a value');
			expect(lookups()).toHaveLength(1);
		});

		it('names a variant that the item does not have', async () => {
			const [{ item }] = clothes();
			const resolved = await run((ctx, c, m) =>
				resolveLines(ctx, c, m, [{ sku: item.Артикул, characteristic: 'XXXL' }], lineRules),
			);
			expect(resolved[0].error).toMatchObject({ field: 'characteristic', value: 'XXXL' });
			expect(resolved[0].error?.message).toContain(`characteristic "XXXL" of the item "${String(item.Артикул)}"`);
		});
	});

	describe('find-or-create', () => {
		it('creates once, then finds what it created', async () => {
			const rule = { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: 'НОВИЙ-1' }] };
			const spec = { attributes: { Description: 'Новий товар' } };
			const first = await run((ctx, c, m) => findOrCreate(ctx, c, m, rule, spec));
			const second = await run((ctx, c, m) => findOrCreate(ctx, c, m, rule, spec));
			expect(first.status).toBe('created');
			expect(second).toMatchObject({ status: 'found', match: { ref: first.match.ref } });
			expect(items().filter((i) => i.Артикул === 'НОВИЙ-1')).toHaveLength(1);
		});

		it('refuses an attribute the catalog does not have, before creating anything', async () => {
			const error = await failure((ctx, c, m) =>
				findOrCreate(
					ctx,
					c,
					m,
					{ entitySet: ITEMS, conditions: [{ field: 'Артикул', value: 'НОВИЙ-2' }] },
					{ attributes: { Descripton: 'друкарська помилка' } },
				),
			);
			expect(error.message).toBe('Catalog_Номенклатура has no field "Descripton" to fill in a new object');
			expect(lookups().map((r) => r.method)).toEqual(['GET']);
		});

		it('keeps the oldest when another execution created the same object at the same time', async () => {
			// the other execution's object exists, but our first look-up ran before it was written
			const other = state.bas.store.create(ITEMS, { Description: 'Від іншого запуску', Артикул: 'ГОНКА-1' });
			const result = await run(async (ctx, c, m) => {
				state.bas.injectReplies({ status: 200, body: JSON.stringify({ value: [] }), contentType: 'application/json' });
				return await findOrCreate(
					ctx,
					c,
					m,
					{ entitySet: ITEMS, conditions: [{ field: 'Артикул', value: 'ГОНКА-1' }] },
					{ attributes: { Description: 'Мій' } },
				);
			});
			expect(result).toMatchObject({ status: 'found', match: { ref: other.Ref_Key } });
			const mine = state.bas.store.byRef(String(result.duplicateMarkedForDeletion))!;
			expect(mine).toMatchObject({ Description: 'Мій', DeletionMark: true });
			expect(lookups().map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
			// a later look-up sees one object
			const again = await run((ctx, c, m) =>
				findOne(ctx, c, m, { entitySet: ITEMS, conditions: [{ field: 'Артикул', value: 'ГОНКА-1' }] }),
			);
			expect(again.ref).toBe(other.Ref_Key);
		});
	});
});

describe.each<ProfileId>(['unf', 'ut', 'bp'])('counterparty find-or-create (%s)', (profile) => {
	const { state, run, failure, lookups } = harness(profile);
	const counterparties = () => state.bas.store.list('Catalog_Контрагенты').filter((e) => e.IsFolder !== true);

	it('creates by phone with the contact row, then finds it by any spelling of the number', async () => {
		const created = await run((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, {
				by: 'phone',
				value: '050 123 45 67',
				createIfMissing: { description: 'Олена Коваленко' },
			}),
		);
		expect(created).toMatchObject({
			status: 'created',
			matchedOn: { field: 'КонтактнаяИнформация/НомерТелефона', value: '+380501234567' },
		});
		const stored = state.bas.store.byRef(created.counterparty.ref)!;
		expect(stored.Description).toBe('Олена Коваленко');
		expect(stored.КонтактнаяИнформация).toEqual([
			expect.objectContaining({ Тип: 'Телефон', НомерТелефона: '+380501234567', Представление: '+380501234567' }),
		]);
		for (const spelling of ['+38 (050) 123-45-67', '0501234567', '380501234567']) {
			const found = await run((ctx, c, m) =>
				findOrCreateCounterparty(ctx, c, m, {
					by: 'phone',
					value: spelling,
					createIfMissing: { description: 'Інша назва' },
				}),
			);
			expect(found).toMatchObject({ status: 'found', counterparty: { ref: created.counterparty.ref } });
		}
		expect(counterparties().filter((e) => e.Description === 'Олена Коваленко')).toHaveLength(1);
		expect(counterparties().filter((e) => e.Description === 'Інша назва')).toHaveLength(0);
	});

	it('finds a phone stored without the plus', async () => {
		const [customer] = counterparties();
		state.bas.store.update('Catalog_Контрагенты', String(customer.Ref_Key), {
			КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: '380671112233' }],
		});
		const found = await run((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, { by: 'phone', value: '+38 067 111 22 33' }),
		);
		expect(found).toMatchObject({ status: 'found', counterparty: { ref: customer.Ref_Key } });
		expect(lookups()).toHaveLength(1);
	});

	it('creates by email and finds by tax id', async () => {
		const created = await run((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, {
				by: 'email',
				value: 'olena@example.com',
				createIfMissing: { description: 'Олена', attributes: { НаименованиеПолное: 'Олена Петрівна' } },
			}),
		);
		expect(created.status).toBe('created');
		expect(state.bas.store.byRef(created.counterparty.ref)!.КонтактнаяИнформация).toEqual([
			expect.objectContaining({ Тип: 'АдресЭлектроннойПочты', АдресЭП: 'olena@example.com' }),
		]);
		const [customer] = counterparties().filter((e) => e.ИНН);
		const found = await run((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, { by: 'taxId', value: String(customer.ИНН) }),
		);
		expect(found).toMatchObject({ status: 'found', counterparty: { ref: customer.Ref_Key } });
	});

	it('refuses a phone that is not one, before sending anything', async () => {
		const error = await failure((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, {
				by: 'phone',
				value: "050') or (1 eq 1",
				createIfMissing: { description: 'X' },
			}),
		);
		expect(error.message).toMatch(/is not a phone number/);
		expect(lookups()).toHaveLength(0);
	});

	it('fails with the field and value when absent and creating is not chosen', async () => {
		const error = await failure((ctx, c, m) =>
			findOrCreateCounterparty(ctx, c, m, { by: 'phone', value: '0991234567' }),
		);
		expect(error.message).toBe(
			'No Catalog_Контрагенты found where КонтактнаяИнформация/НомерТелефона equals one of "+380991234567", "380991234567", "0991234567"',
		);
	});
});
