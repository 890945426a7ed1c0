/**
 * BAS Catalog's Catalog resource through the n8n engine against the BAS sandbox, in UNF, UT and BP:
 * Get by Ref_Key, Get Many with filters built from the canvas, Find with exactly-one semantics,
 * and bad input sent to the error output with the item's own data.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, basRequests, elements, runBasNode } from '../helpers/bas';

const ITEMS_CATALOG = 'Catalog_Номенклатура';
const refs = (items: Array<{ json: IDataObject }>) => items.map((item) => String(item.json.Ref_Key));

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Catalog, Catalog resource (%s)', (profile) => {
	let bas: BasSandbox;

	const run = (parameters: INode['parameters'], items?: IDataObject[], onError?: INode['onError']) =>
		runBasNode({
			type: 'basCatalog',
			parameters: { resource: 'catalog', catalog: ITEMS_CATALOG, ...parameters },
			items,
			onError,
			credentials: basCredentials(bas),
		});
	const continueOnError = 'continueErrorOutput';
	const dataRequests = () => basRequests(bas).data();

	const catalogRows = () => bas.store.list(ITEMS_CATALOG);
	const goods = () => elements(bas, ITEMS_CATALOG);
	const folder = (name: string) => catalogRows().find((row) => row.IsFolder === true && row.Description === name)!;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('gets an item by its Ref_Key, as the base sends it', async () => {
		const item = goods()[3];
		const result = await run({ operation: 'get', refKey: String(item.Ref_Key) });
		expect(result.status).toBe('success');
		const output = result.output();
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			Ref_Key: item.Ref_Key,
			Description: item.Description,
			Артикул: item.Артикул,
			Parent_Key: item.Parent_Key,
			IsFolder: false,
		});
		expect(dataRequests().map((r) => r.url)).toEqual([
			expect.stringContaining(`/${ITEMS_CATALOG}(guid'${String(item.Ref_Key)}')?$format=json`),
		]);
	});

	it('names the catalog and the key when no item has that Ref_Key', async () => {
		const missing = randomUUID();
		const result = await run({ operation: 'get', refKey: missing }, [{ order: 7 }], continueOnError);
		expect(result.output(0)).toHaveLength(0);
		const [failed] = result.output(1);
		expect(failed.json).toMatchObject({ order: 7, error: `${ITEMS_CATALOG} has no item with Ref_Key ${missing}` });
	});

	it('gets all items but not folders or items marked for deletion, unless asked for', async () => {
		const marked = goods()[5];
		bas.store.update(ITEMS_CATALOG, String(marked.Ref_Key), { DeletionMark: true });
		try {
			const result = await run({ operation: 'getMany', returnAll: true });
			expect(result.status).toBe('success');
			const expected = goods()
				.filter((row) => row.DeletionMark !== true)
				.map((row) => String(row.Ref_Key));
			expect(expected).toHaveLength(goods().length - 1);
			expect(refs(result.output()).sort()).toEqual(expected.sort());
			expect(dataRequests()[0].url).toContain('$filter=(IsFolder eq false) and (DeletionMark eq false)');

			const everything = await run({
				operation: 'getMany',
				returnAll: true,
				options: { includeFolders: true, includeDeletionMarked: true },
			});
			expect(refs(everything.output()).sort()).toEqual(
				catalogRows()
					.map((row) => String(row.Ref_Key))
					.sort(),
			);
			expect(everything.output().filter((item) => item.json.IsFolder === true)).toHaveLength(3);
		} finally {
			bas.store.update(ITEMS_CATALOG, String(marked.Ref_Key), { DeletionMark: false });
		}
	});

	it('filters with rows built on the canvas: reference, text operators, alternatives, limit', async () => {
		const shoes = folder('Взуття');
		const inShoes = goods().filter((row) => row.Parent_Key === shoes.Ref_Key);
		const byReference = await run({
			operation: 'getMany',
			returnAll: true,
			filters: { conditions: [{ field: 'Parent_Key', operator: 'eq', value: String(shoes.Ref_Key) }] },
		});
		expect(refs(byReference.output()).sort()).toEqual(inShoes.map((row) => String(row.Ref_Key)).sort());

		// two equality rows on one field are alternatives; a text row must hold as well
		const [first, second, third] = goods();
		const alternatives = await run({
			operation: 'getMany',
			returnAll: true,
			filters: {
				conditions: [
					{ field: 'Артикул', operator: 'eq', value: String(first.Артикул) },
					{ field: 'Артикул', operator: 'eq', value: String(second.Артикул) },
					{ field: 'Артикул', operator: 'eq', value: String(third.Артикул) },
					{ field: 'Description', operator: 'contains', value: String(second.Description).split(' ')[0] },
				],
			},
		});
		const expected = [first, second, third].filter((row) =>
			String(row.Description).startsWith(String(second.Description).split(' ')[0]),
		);
		expect(refs(alternatives.output()).sort()).toEqual(expected.map((row) => String(row.Ref_Key)).sort());

		const limited = await run({
			operation: 'getMany',
			returnAll: false,
			limit: 4,
			filters: { conditions: [{ field: 'Артикул', operator: 'startsWith', value: 'вз' }] },
		});
		const output = limited.output();
		expect(output).toHaveLength(4);
		expect(output.every((item) => String(item.json.Артикул).startsWith('ВЗ'))).toBe(true);
	});

	it('finds exactly one item per input item; a missing one goes to the error output with its data', async () => {
		const [first, , third] = goods();
		const inputs = [{ sku: String(first.Артикул) }, { sku: 'НЕМАЄ-404' }, { sku: String(third.Артикул) }];
		const result = await run(
			{ operation: 'find', matchOn: { conditions: [{ field: 'Артикул', value: '={{ $json.sku }}' }] } },
			inputs,
			continueOnError,
		);
		const found = result.output(0);
		expect(found.map((item) => item.json.Ref_Key)).toEqual([first.Ref_Key, third.Ref_Key]);
		expect(found.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		const failed = result.output(1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			sku: 'НЕМАЄ-404',
			error: `No item of ${ITEMS_CATALOG} has Артикул = "НЕМАЄ-404"`,
		});
		expect(failed[0].pairedItem).toEqual({ item: 1 });
	});

	it('continues with no result for a missing item when told to', async () => {
		const [first] = goods();
		const result = await run(
			{
				operation: 'find',
				matchOn: { conditions: [{ field: 'Артикул', value: '={{ $json.sku }}' }] },
				ifNoMatch: 'continue',
			},
			[{ sku: 'НЕМАЄ-404' }, { sku: String(first.Артикул) }],
		);
		expect(result.status).toBe('success');
		expect(result.output().map((item) => [item.json.Ref_Key, item.pairedItem])).toEqual([[first.Ref_Key, { item: 1 }]]);
	});

	it('refuses to guess between several matches and lists the candidates', async () => {
		const original = goods()[7];
		const duplicate = bas.store.create(ITEMS_CATALOG, {
			Description: `${String(original.Description)} (копія)`,
			Артикул: original.Артикул,
			Parent_Key: original.Parent_Key,
		});
		try {
			const result = await run(
				{ operation: 'find', matchOn: { conditions: [{ field: 'Артикул', value: String(original.Артикул) }] } },
				[{ order: 'A-1' }],
				continueOnError,
			);
			expect(result.output(0)).toHaveLength(0);
			const [failed] = result.output(1);
			const error = String(failed.json.error);
			expect(error).toContain(`2 items of ${ITEMS_CATALOG} have Артикул = "${String(original.Артикул)}"`);
			expect(error).toContain(String(original.Ref_Key));
			expect(error).toContain(String(duplicate.Ref_Key));
			expect(failed.json.order).toBe('A-1');
		} finally {
			bas.store.remove(ITEMS_CATALOG, String(duplicate.Ref_Key));
		}
	});

	it('finds a counterparty by tax id on several fields, leaving folders out', async () => {
		const customer = bas.store
			.list('Catalog_Контрагенты')
			.find((row) => row.IsFolder !== true && String(row.ИНН ?? '') !== '')!;
		const result = await run({
			operation: 'find',
			catalog: 'Catalog_Контрагенты',
			matchOn: {
				conditions: [
					{ field: 'ИНН', value: String(customer.ИНН) },
					{ field: 'Description', value: String(customer.Description) },
				],
			},
		});
		expect(result.error()?.message).toBeUndefined();
		expect(result.output().map((item) => item.json.Ref_Key)).toEqual([customer.Ref_Key]);
	});

	it.each([
		[
			'a field that is not in $metadata before asking for data, naming field, value and catalog',
			{ operation: 'find', matchOn: { conditions: [{ field: 'Артикл', value: 'ОД-00001' }] } },
			[{ order: 1 }],
			{ order: 1, error: `${ITEMS_CATALOG} has no field "Артикл" to filter on (value "ОД-00001")` },
		],
		[
			'a value of the wrong type, naming field, value and catalog',
			{ operation: 'getMany', filters: { conditions: [{ field: 'IsFolder', operator: 'eq', value: 'maybe' }] } },
			[{}],
			{ error: `The value "maybe" for IsFolder in ${ITEMS_CATALOG} is not true or false` },
		],
	])('refuses %s', async (_case, parameters, items, expected) => {
		const result = await run(parameters, items, continueOnError);
		expect(result.json(1)[0]).toMatchObject(expected);
		expect(dataRequests()).toHaveLength(0);
	});

	it('names an unknown catalog, and an object that is not a catalog', async () => {
		const unknown = await run({ operation: 'getMany', catalog: 'Catalog_НетТакого' }, [{}], continueOnError);
		expect(unknown.output(1)[0].json.error).toBe('The publication has no catalog "Catalog_НетТакого"');
		const register = Object.keys(bas.schema.objects).find((name) => name.startsWith('InformationRegister_'))!;
		const notCatalog = await run({ operation: 'getMany', catalog: register }, [{}], continueOnError);
		expect(notCatalog.output(1)[0].json.error).toBe(
			`"${register}" is not a catalog (it is of the kind InformationRegister)`,
		);
	});
});

describe('BAS Catalog, Get Many on a composite field (bp)', () => {
	// BP's contracts hold who gave the security as a composite ОбеспечениеПредоставил (counterparty or
	// organisation); UNF and UT publish no catalog whose composite field can point to a published object
	const CONTRACTS = 'Catalog_ДоговорыКонтрагентов';
	let bas: BasSandbox;

	const getMany = (conditions: INodeParameters[]) =>
		runBasNode({
			type: 'basCatalog',
			parameters: {
				resource: 'catalog',
				catalog: CONTRACTS,
				operation: 'getMany',
				returnAll: true,
				filters: { conditions },
			},
			items: [{ order: 7 }],
			onError: 'continueErrorOutput',
			credentials: basCredentials(bas),
		});

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'bp' });
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	/**
	 * The first contract secured by a customer (a counterparty), the second by the same GUID typed as
	 * an organisation: the same GUID under another type is another value, and no match.
	 */
	function securedByOneCustomer() {
		const [first, second] = bas.store.list(CONTRACTS);
		const customer = String(first.Owner_Key);
		bas.store.update(CONTRACTS, String(first.Ref_Key), {
			ОбеспечениеПредоставил: customer,
			ОбеспечениеПредоставил_Type: 'StandardODATA.Catalog_Контрагенты',
		});
		bas.store.update(CONTRACTS, String(second.Ref_Key), {
			ОбеспечениеПредоставил: customer,
			ОбеспечениеПредоставил_Type: 'StandardODATA.Catalog_Организации',
		});
		return { first, customer };
	}

	it('casts a reference to its Value Type, as 1C matches it, and keeps text values', async () => {
		const { first, customer } = securedByOneCustomer();
		const result = await getMany([
			{ field: 'ОбеспечениеПредоставил', operator: 'eq', value: customer, valueType: 'Catalog_Контрагенты' },
		]);
		expect(result.error()).toBeUndefined();
		expect(refs(result.output())).toEqual([String(first.Ref_Key)]);
		const urls = basRequests(bas)
			.data()
			.map((r) => decodeURIComponent(r.url));
		// every page read asks for the cast
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) {
			expect(url).toContain(`$filter=(ОбеспечениеПредоставил eq cast(guid'${customer}', 'Catalog_Контрагенты')) and `);
		}

		const text = await getMany([{ field: 'ОбеспечениеПредоставил', operator: 'eq', value: 'ТОВ Гарант' }]);
		expect(text.error()).toBeUndefined();
		expect(text.output()).toEqual([]);
	});

	it('finds the one item by a composite field with its Value Type (Find and Find or Create)', async () => {
		const { first, customer } = securedByOneCustomer();
		const matchOn = {
			conditions: [{ field: 'ОбеспечениеПредоставил', value: customer, valueType: 'Catalog_Контрагенты' }],
		};
		for (const operation of ['find', 'findOrCreate']) {
			const result = await runBasNode({
				type: 'basCatalog',
				parameters: { resource: 'catalog', catalog: CONTRACTS, operation, matchOn },
				credentials: basCredentials(bas),
			});
			expect(result.error()).toBeUndefined();
			expect(refs(result.output())).toEqual([String(first.Ref_Key)]);
		}
		expect(basRequests(bas).writes()).toEqual([]);
	});

	it('refuses a reference without a Value Type, or with one the base does not publish, before asking for data', async () => {
		const customer = String(bas.store.list(CONTRACTS)[0].Owner_Key);
		const untyped = await getMany([{ field: 'ОбеспечениеПредоставил', operator: 'eq', value: customer }]);
		expect(untyped.json(1)).toEqual([
			expect.objectContaining({
				order: 7,
				error: `The value "${customer}" for ОбеспечениеПредоставил in ${CONTRACTS} is a reference, but the field can hold several types: set its Value Type to the catalog the value belongs to (e.g. Catalog_Склады)`,
			}),
		]);
		const unknown = await getMany([
			{ field: 'ОбеспечениеПредоставил', operator: 'eq', value: customer, valueType: 'Catalog_Контрагент' },
		]);
		expect(unknown.json(1)).toEqual([
			expect.objectContaining({
				order: 7,
				error: `The value "${customer}" for ОбеспечениеПредоставил in ${CONTRACTS} has the Value Type "Catalog_Контрагент", which is no catalog or other reference type the base publishes`,
			}),
		]);
		expect(basRequests(bas).data()).toHaveLength(0);
	});
});
