/**
 * BAS Catalog's Find or Create with a tabular section among the fields, through the n8n engine
 * against the UNF sandbox: a CRM buyer becomes a counterparty with the phone and email in its
 * contact information (КонтактнаяИнформация), and is found by that phone afterwards, never
 * created twice (what template 10, counterparties ↔ buyers, relies on).
 */
import type { IDataObject } from 'n8n-workflow';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials, basRequests, defineBelow, runBasNode } from '../helpers/bas';

const CATALOG = 'Catalog_Контрагенты';

describe('BAS Catalog, Find or Create with tabular-section rows', () => {
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.reset());

	const findOrCreateByPhone = (mappingMode: 'defineBelow' | 'autoMapInputData') => ({
		resource: 'catalog',
		catalog: CATALOG,
		operation: 'findOrCreate',
		matchOn: { conditions: [{ field: 'КонтактнаяИнформация/НомерТелефона', value: '={{ $json.phone }}' }] },
		columns:
			mappingMode === 'defineBelow'
				? defineBelow({
						Description: '={{ $json.name }}',
						КонтактнаяИнформация: '={{ $json.contacts }}',
					})
				: { ...defineBelow({}), mappingMode },
		options: {},
	});
	const buyer: IDataObject = {
		phone: '+380671990077',
		name: 'Ганна Ткач',
		contacts: [
			{ Тип: 'Телефон', НомерТелефона: '+380671990077', Представление: '+380671990077' },
			{ Тип: 'АдресЭлектроннойПочты', АдресЭП: 'hanna@example.com', Представление: 'hanna@example.com' },
		],
	};
	const withPhone = () =>
		bas.store.list(CATALOG).filter((row) => JSON.stringify(row.КонтактнаяИнформация ?? []).includes('+380671990077'));

	it('creates the counterparty with its contact rows, then finds it by the phone', async () => {
		const first = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('defineBelow'),
			items: [buyer],
			credentials: basCredentials(bas),
		});
		expect(first.status).toBe('success');
		const [created] = first.json();
		expect(created).toMatchObject({ status: 'created', Description: 'Ганна Ткач' });
		expect(created.КонтактнаяИнформация).toEqual([
			expect.objectContaining({ Тип: 'Телефон', НомерТелефона: '+380671990077' }),
			expect.objectContaining({ Тип: 'АдресЭлектроннойПочты', АдресЭП: 'hanna@example.com' }),
		]);

		const second = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('defineBelow'),
			items: [buyer],
			credentials: basCredentials(bas),
		});
		expect(second.json()).toEqual([expect.objectContaining({ status: 'found', Ref_Key: created.Ref_Key })]);
		expect(withPhone()).toHaveLength(1);
		expect(
			basRequests(bas)
				.writes()
				.filter((r) => r.method === 'POST'),
		).toHaveLength(1);
	});

	it('takes the section from the input item when mapping automatically', async () => {
		const result = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('autoMapInputData'),
			items: [{ Description: 'Ганна Ткач', КонтактнаяИнформация: buyer.contacts }],
			credentials: basCredentials(bas),
		});
		// autoMap has no `phone` field: match on the row's own phone instead
		expect(result.status).toBe('error');
		const matched = await runBasNode({
			type: 'basCatalog',
			parameters: {
				...findOrCreateByPhone('autoMapInputData'),
				matchOn: {
					conditions: [
						{
							field: 'КонтактнаяИнформация/НомерТелефона',
							value: '={{ $json.КонтактнаяИнформация[0].НомерТелефона }}',
						},
					],
				},
			},
			items: [{ Description: 'Ганна Ткач', КонтактнаяИнформация: buyer.contacts }],
			credentials: basCredentials(bas),
		});
		expect(matched.json()).toEqual([
			expect.objectContaining({
				status: 'created',
				КонтактнаяИнформация: [expect.objectContaining({ НомерТелефона: '+380671990077' }), expect.anything()],
			}),
		]);
	});

	it('reads an ambiguous match again once a concurrent creator has marked its copy; two that stay are still an error', async () => {
		const first = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('defineBelow'),
			items: [buyer],
			credentials: basCredentials(bas),
		});
		const kept = String(first.json()[0].Ref_Key);
		// a second worker's copy, not yet marked for deletion when the look-up reads
		const loser = bas.store.create(CATALOG, { Description: 'Ганна Ткач', КонтактнаяИнформация: buyer.contacts });
		const marking = new Promise((resolve) => setTimeout(() => resolve((loser.DeletionMark = true)), 300));
		const settled = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('defineBelow'),
			items: [buyer],
			credentials: basCredentials(bas),
		});
		await marking;
		expect(settled.json()).toEqual([expect.objectContaining({ status: 'found', Ref_Key: kept })]);

		// a real duplicate (nobody marks it) is never guessed
		bas.store.create(CATALOG, { Description: 'Ганна Ткач (2)', КонтактнаяИнформация: buyer.contacts });
		const ambiguous = await runBasNode({
			type: 'basCatalog',
			parameters: findOrCreateByPhone('defineBelow'),
			items: [buyer],
			credentials: basCredentials(bas),
			onError: 'continueErrorOutput',
		});
		expect(String(ambiguous.json(1)[0].error)).toMatch(/2 Catalog_Контрагенты objects match/);
	});
});
