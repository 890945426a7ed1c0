/**
 * BAS Document writes whose references are found in BAS: the counterparty by phone (find or
 * create), header references by look-up rules, goods lines by SKU and characteristic with line
 * defaults — through n8n-core's engine against the sandbox, in UNF, UT and Accounting.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import type { Entity } from '../../sandbox/bas/store';
import {
	basCredentials,
	basRequests,
	CUSTOMER_ORDER,
	defineBelow,
	elements,
	firstRef,
	requestTarget as target,
	runBasNode,
} from '../helpers/bas';

const PHONE_STORED = '+380501112233';
/** how a CRM hands the same phone over */
const PHONE_TYPED = '050 111-22-33';

type Profile = (typeof CUSTOMER_ORDER)[ProfileId] & { header: IDataObject };

function profileOf(bas: BasSandbox): Profile {
	const first = (set: string) => firstRef(bas, set);
	const organisation = first('Catalog_Организации');
	const order = CUSTOMER_ORDER[bas.profile];
	if (bas.profile === 'unf') {
		return {
			...order,
			header: {
				Организация_Key: organisation,
				СтруктурнаяЕдиницаРезерв_Key: first('Catalog_СтруктурныеЕдиницы'),
				ВидОперации: 'ЗаказНаПродажу',
			},
		};
	}
	if (bas.profile === 'ut') {
		return {
			...order,
			header: { Организация_Key: organisation, Склад_Key: first('Catalog_Склады'), Статус: 'КОтгрузке' },
		};
	}
	return { ...order, header: { Организация_Key: organisation } };
}

/** The first counterparty, given the phone the orders come with. */
function withStoredPhone(bas: BasSandbox): Entity {
	const customer = elements(bas, 'Catalog_Контрагенты')[0];
	bas.store.update('Catalog_Контрагенты', String(customer.Ref_Key), {
		КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: PHONE_STORED }],
	});
	return customer;
}

interface OrderLine {
	sku: string;
	characteristic?: string;
	Количество: number;
	Цена: number;
}

/** Ten lines by SKU; where the profile has characteristics, a third of them are sizes of clothes. */
function tenLines(bas: BasSandbox): {
	lines: OrderLine[];
	items: string[];
	characteristics: Array<string | undefined>;
} {
	const sets = bas.store;
	const variants = Object.prototype.hasOwnProperty.call(bas.store.schema.objects, 'Catalog_ХарактеристикиНоменклатуры')
		? sets.list('Catalog_ХарактеристикиНоменклатуры')
		: [];
	const plain = sets
		.list('Catalog_Номенклатура')
		.filter((item) => item.IsFolder !== true && !variants.some((v) => (v.Owner_Key ?? v.Owner) === item.Ref_Key));
	const lines: OrderLine[] = [];
	const items: string[] = [];
	const characteristics: Array<string | undefined> = [];
	for (let i = 0; i < 10; i++) {
		const variant = variants.length > 0 && i % 3 === 0 ? variants[(i * 2) % variants.length] : undefined;
		const item = variant ? sets.byRef(String(variant.Owner_Key ?? variant.Owner))! : plain[i];
		lines.push({
			sku: String(item.Артикул),
			characteristic: variant?.Description as string | undefined,
			Количество: i + 1,
			Цена: 100,
		});
		items.push(String(item.Ref_Key));
		characteristics.push(variant ? String(variant.Ref_Key) : undefined);
	}
	return { lines, items, characteristics };
}

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Document resolves references in BAS (%s)', (profile) => {
	let bas: BasSandbox;
	let setup: Profile;
	let customer: Record<string, unknown>;

	const run = (orders: IDataObject[], parameters: INode['parameters'] = {}) =>
		runBasNode({
			type: 'basDocument',
			parameters: {
				operation: 'create',
				documentType: 'configurationDefault',
				columns: defineBelow({ ...setup.header, Комментарий: '={{ "CRM order " + $json.id }}' }),
				counterparty: { lookup: { matchBy: 'phone', value: '={{ $json.phone }}' } },
				linesSection: 'configurationDefault',
				lines: '={{ $json.lines }}',
				options: { post: true },
				...parameters,
			},
			items: orders,
			onError: 'continueErrorOutput',
			credentials: basCredentials(bas, { preset: profile }),
		});

	/** Requests of the run, `$metadata` aside (read once per process). */
	const sent = () => basRequests(bas).data();
	const writes = () => basRequests(bas).writes();

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
		setup = profileOf(bas);
		customer = withStoredPhone(bas);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('creates and posts an order from a phone and 10 SKUs with one look-up per catalog', async () => {
		const { lines, items, characteristics } = tenLines(bas);
		const result = await run([{ id: 501, phone: PHONE_TYPED, lines }]);
		expect(result.output(1)).toEqual([]);
		const [created] = result.output();
		expect(created.json).toMatchObject({ Posted: true, Комментарий: 'CRM order 501' });

		const stored = bas.store.get(setup.document, String(created.json.Ref_Key));
		expect(stored.Контрагент_Key).toBe(customer.Ref_Key);
		if (profile === 'ut') expect(stored.Партнер_Key).toBe(customer.Партнер_Key);
		const rows = stored[setup.section] as IDataObject[];
		expect(rows.map((row) => row[setup.itemColumn])).toEqual(items);
		expect(rows.map((row) => row.Количество)).toEqual(lines.map((line) => line.Количество));
		if (profile !== 'bp') {
			expect(rows.map((row) => row.Характеристика_Key ?? undefined)).toEqual(
				characteristics.map((c) => c ?? '00000000-0000-0000-0000-000000000000'),
			);
			expect(characteristics.filter(Boolean).length).toBeGreaterThan(0);
		}
		if (profile !== 'ut')
			expect(rows.every((row) => row.Номенклатура_Type === 'StandardODATA.Catalog_Номенклатура')).toBe(true);
		if (profile === 'unf') {
			// the item's own unit, read with the item look-up
			const unit = bas.store.byRef(items[1])!.ЕдиницаИзмерения_Key;
			expect(rows[1]).toMatchObject({
				ЕдиницаИзмерения: unit,
				ЕдиницаИзмерения_Type: 'StandardODATA.Catalog_КлассификаторЕдиницИзмерения',
			});
		}

		const lookups = profile === 'bp' ? [] : ['GET Catalog_ХарактеристикиНоменклатуры'];
		expect(sent().map(target)).toEqual([
			'GET Catalog_Контрагенты',
			'GET Catalog_Номенклатура',
			...lookups,
			`POST ${setup.document}`,
			'POST Post',
		]);
	});

	it('sends an unknown SKU to the error output naming the line and the SKU, with the order, and writes nothing', async () => {
		const { lines } = tenLines(bas);
		lines[3] = { ...lines[3], sku: 'НЕМАЄ-404' };
		const result = await run([{ id: 502, phone: PHONE_TYPED, lines }]);
		expect(result.output()).toEqual([]);
		const [failed] = result.output(1);
		expect(failed.json).toMatchObject({ id: 502, phone: PHONE_TYPED });
		expect(String(failed.json.error)).toBe(
			`Item 0: a line could not be resolved: ${setup.section} line 4, sku "НЕМАЄ-404": No Catalog_Номенклатура found where Артикул equals "НЕМАЄ-404"`,
		);
		expect(writes()).toEqual([]);
	});

	it('refuses a counterparty two objects match, listing both, and writes nothing', async () => {
		const twin = bas.store.create('Catalog_Контрагенты', {
			Description: 'Двійник',
			КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: '0671234567' }],
		});
		const original = bas.store.create('Catalog_Контрагенты', {
			Description: 'Оригінал',
			КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: '+380671234567' }],
		});
		const result = await run([{ id: 503, phone: '+38 (067) 123-45-67', lines: tenLines(bas).lines }]);
		const [failed] = result.output(1);
		const message = String(failed.json.error);
		expect(message).toContain('2 Catalog_Контрагенты objects match where КонтактнаяИнформация/НомерТелефона equals');
		expect(message).toContain('refusing to guess between');
		expect(message).toContain(String(twin.Ref_Key));
		expect(message).toContain(String(original.Ref_Key));
		expect(message).toContain('"Двійник"');
		expect(writes()).toEqual([]);
		expect(sent().map(target)).toEqual(['GET Catalog_Контрагенты']);
	});

	it('creates a new counterparty once for two orders of one run, with the normalised phone', async () => {
		const { lines } = tenLines(bas);
		const phone = '0 93 765 43 21';
		const result = await run(
			[
				{ id: 504, phone, lines },
				{ id: 505, phone, lines },
			],
			{
				counterparty: {
					lookup: {
						matchBy: 'phone',
						value: '={{ $json.phone }}',
						ifNotFound: 'create',
						name: '={{ "Покупець " + $json.phone }}',
					},
				},
				// UT's order also needs the new counterparty's partner, which only BAS users set up: write without posting
				options: { post: profile !== 'ut' },
			},
		);
		expect(result.output(1)).toEqual([]);
		const orders = result.output().map((item) => bas.store.get(setup.document, String(item.json.Ref_Key)));
		expect(orders).toHaveLength(2);
		const created = bas.store
			.list('Catalog_Контрагенты')
			.filter((c) =>
				(c.КонтактнаяИнформация as IDataObject[] | undefined)?.some((row) => row.НомерТелефона === '+380937654321'),
			);
		expect(created).toHaveLength(1);
		expect(created[0]).toMatchObject({ Description: 'Покупець 0 93 765 43 21' });
		expect(orders.map((order) => order.Контрагент_Key)).toEqual([created[0].Ref_Key, created[0].Ref_Key]);
		expect(writes().filter((r) => target(r) === 'POST Catalog_Контрагенты')).toHaveLength(1);
		// the second order's look-ups come from the run's cache
		expect(sent().filter((r) => target(r) === 'GET Catalog_Номенклатура')).toHaveLength(1);
	});

	it('fills header references by look-up rules, the catalog taken from $metadata, and names what is not found', async () => {
		const organisation = bas.store.byRef(String(setup.header.Организация_Key))!;
		const { Организация_Key: _given, ...header } = setup.header;
		const references = (name: string) => ({
			rule: [
				{
					writeTo: 'Организация_Key',
					entitySet: '',
					ifNotFound: 'error',
					conditions: { condition: [{ field: 'Description', value: name }] },
				},
			],
		});
		const columns = defineBelow(header);
		const found = await run([{ id: 506, phone: PHONE_TYPED, lines: tenLines(bas).lines }], {
			columns,
			references: references(String(organisation.Description)),
		});
		expect(found.output(1)).toEqual([]);
		const order = bas.store.get(setup.document, String(found.output()[0].json.Ref_Key));
		expect(order.Организация_Key).toBe(organisation.Ref_Key);
		expect(sent().filter((r) => target(r) === 'GET Catalog_Организации')).toHaveLength(1);

		bas.requests.splice(0);
		const missing = await run([{ id: 507, phone: PHONE_TYPED, lines: tenLines(bas).lines }], {
			columns,
			references: references('ТОВ Немає'),
		});
		expect(String(missing.output(1)[0].json.error)).toBe(
			'Item 0: Организация_Key: No Catalog_Организации found where Description equals "ТОВ Немає"',
		);
		expect(writes()).toEqual([]);
	});

	it('applies line defaults where a line gives none: the VAT rate by name or enum value, the discount', async () => {
		const { lines } = tenLines(bas);
		const vat = profile === 'bp' ? 'НДС20' : '20%';
		const rate =
			profile === 'bp' ? 'НДС20' : bas.store.list('Catalog_СтавкиНДС').find((r) => r.Description === '20%')!.Ref_Key;
		const result = await run([{ id: 508, phone: PHONE_TYPED, lines }], {
			lineDefaults: { vatRate: vat, discountPercent: 5 },
			options: { post: false },
		});
		expect(result.output(1)).toEqual([]);
		const rows = bas.store.get(setup.document, String(result.output()[0].json.Ref_Key))[setup.section] as IDataObject[];
		const vatColumn = profile === 'bp' ? 'СтавкаНДС' : 'СтавкаНДС_Key';
		const discountColumn = { unf: 'ПроцентСкидкиНаценки', ut: 'ПроцентРучнойСкидки', bp: 'ПроцентСкидки' }[profile];
		expect(rows.map((row) => row[vatColumn])).toEqual(lines.map(() => rate));
		expect(rows.map((row) => row[discountColumn])).toEqual(lines.map(() => 5));
		const rateLookups = sent().filter((r) => target(r) === 'GET Catalog_СтавкиНДС');
		expect(rateLookups).toHaveLength(profile === 'bp' ? 0 : 1);
	});
});

describe("BAS Document splits the item look-up by the credential's Max URL Length (unf)", () => {
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 120 } });
		withStoredPhone(bas);
	});
	afterAll(async () => bas.close());

	const order = async (maxUrlLength?: number) => {
		bas.requests.splice(0);
		const setup = profileOf(bas);
		const lines = bas.store
			.list('Catalog_Номенклатура')
			.filter((item) => item.IsFolder !== true)
			.slice(0, 100)
			.map((item) => ({ sku: item.Артикул, Количество: 1 }));
		const result = await runBasNode({
			type: 'basDocument',
			parameters: {
				operation: 'create',
				documentType: 'configurationDefault',
				columns: defineBelow(setup.header),
				counterparty: { lookup: { matchBy: 'phone', value: '={{ $json.phone }}' } },
				linesSection: 'configurationDefault',
				lines: '={{ $json.lines }}',
			},
			items: [{ phone: PHONE_TYPED, lines }],
			credentials: basCredentials(bas, { preset: 'unf', ...(maxUrlLength ? { maxUrlLength } : {}) }),
		});
		expect(result.error()).toBeUndefined();
		const stored = bas.store.get('Document_ЗаказПокупателя', String(result.output()[0].json.Ref_Key));
		expect((stored.Запасы as IDataObject[]).length).toBe(100);
		// the log keeps URLs decoded: encode them again as they travelled
		return bas.requests
			.filter((r) => r.method === 'GET' && r.url.includes('Catalog_Номенклатура'))
			.map((r) => `${bas.url}${encodeURI(r.url)}`.length);
	};

	it('keeps every URL within 2,000 characters by default and needs fewer requests at 8,000', async () => {
		const byDefault = await order();
		const wide = await order(8000);
		expect(byDefault.length).toBeGreaterThan(2);
		expect(Math.max(...byDefault)).toBeLessThanOrEqual(2000);
		expect(wide.length).toBeLessThan(byDefault.length);
		expect(wide.length).toBeLessThanOrEqual(2);
		expect(Math.max(...wide)).toBeLessThanOrEqual(8000);
	});
});
