import { lockedKeys } from '../../nodes/Bas/documents';
import type { INode } from 'n8n-workflow';

import { ACCOUNTS, CHART_OF_ACCOUNTS, LEDGER, ledgerBalance } from '../../sandbox/bas/accounting';
import { postDocument } from '../../sandbox/bas/posting';
import { balance } from '../../sandbox/bas/registers';
import type { ProfileId } from '../../sandbox/bas/schema';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import type { Entity } from '../../sandbox/bas/store';
import { basCredentials, basRequests, requestTarget, runBasNode } from '../helpers/bas';

/** What each configuration creates, and the attribute by which it refers to its base. */
const EXPECTED: Record<
	ProfileId,
	{
		order: string;
		shipment: [string, string];
		return: [string, string];
		cash: [string, string, string];
		bank: [string, string, string];
	}
> = {
	unf: {
		order: 'Document_ЗаказПокупателя',
		shipment: ['Document_РасходнаяНакладная', 'Заказ'],
		return: ['Document_ПриходнаяНакладная', 'ДокументОснование'],
		cash: ['Document_ПоступлениеВКассу', 'ДокументОснование', 'Основание'],
		bank: ['Document_ПоступлениеНаСчет', 'ДокументОснование', 'НомерВходящегоДокумента'],
	},
	ut: {
		order: 'Document_ЗаказКлиента',
		shipment: ['Document_РеализацияТоваровУслуг', 'ЗаказКлиента'],
		return: ['Document_ВозвратТоваровОтКлиента', 'ДокументРеализации'],
		cash: ['Document_ПриходныйКассовыйОрдер', 'ДокументОснование', 'Основание'],
		bank: ['Document_ПоступлениеБезналичныхДенежныхСредств', 'ДокументОснование', 'НомерВходящегоДокумента'],
	},
	bp: {
		order: 'Document_СчетНаОплатуПокупателю',
		shipment: ['Document_РеализацияТоваровУслуг', 'СчетНаОплатуПокупателю'],
		return: ['Document_ВозвратТоваровОтПокупателя', 'Сделка'],
		cash: ['Document_ПриходныйКассовыйОрдер', 'ДокументОснование', 'Основание'],
		bank: ['Document_ПоступлениеНаРасчетныйСчет', 'ДокументОснование', 'НазначениеПлатежа'],
	},
};

/** The reference an attribute holds, plain (`X_Key`) or composite (`X` + `X_Type`). */
function refIn(entity: Entity, attribute: string): { ref: unknown; type?: unknown } {
	return `${attribute}_Key` in entity
		? { ref: entity[`${attribute}_Key`] }
		: { ref: entity[attribute], type: entity[`${attribute}_Type`] };
}

describe.each<ProfileId>(['unf', 'ut', 'bp'])('BAS Document Create Based On through the n8n engine (%s)', (profile) => {
	let bas: BasSandbox;
	let item: string;
	let warehouse: string;
	const expected = EXPECTED[profile];

	const run = (parameters: INode['parameters'], onError?: INode['onError']) =>
		runBasNode({
			type: 'basDocument',
			parameters: { operation: 'createBasedOn', ...parameters },
			onError,
			credentials: basCredentials(bas, { preset: profile, timeZone: 'Europe/Kyiv' }),
		});
	const writes = () => basRequests(bas).writes();

	/** Runs a scenario and returns its one output item (failing the test on a node error). */
	const basedOn = async (parameters: INode['parameters']) => {
		const result = await run(parameters);
		expect(result.error()).toBeUndefined();
		const items = result.output();
		expect(items).toHaveLength(1);
		return items[0].json;
	};

	/** Quantity in stock of the test item at the test warehouse, from the registers the sandbox posts to. */
	function stock(): number {
		if (profile === 'bp') {
			const goods = bas.store.list(CHART_OF_ACCOUNTS).find((a) => a.Code === ACCOUNTS.goods.code)?.Ref_Key;
			const rows = ledgerBalance(bas.records.records(LEDGER), {
				keep: (row) => row.Account_Key === goods && row.ExtDimension1 === item && row.ExtDimension2 === warehouse,
			});
			return rows.reduce((sum, row) => sum + Number(row.КоличествоBalance), 0);
		}
		const [register, warehouseField, resource] =
			profile === 'unf'
				? ['AccumulationRegister_ЗапасыНаСкладах', 'СтруктурнаяЕдиница_Key', 'Количество']
				: ['AccumulationRegister_ТоварыНаСкладах', 'Склад_Key', 'ВНаличии'];
		return balance(bas.store.definition(register), bas.records.records(register), {
			condition: (r) => r.Номенклатура_Key === item && r[warehouseField] === warehouse,
		}).reduce((sum, row) => sum + Number(row[`${resource}Balance`] ?? 0), 0);
	}

	/** What is held for an order: UNF's reserve of the order, UT's quantity to ship at the warehouse. */
	function reserved(order: string): number {
		if (profile === 'unf') {
			const register = 'AccumulationRegister_РезервыТоваровОрганизаций';
			return balance(bas.store.definition(register), bas.records.records(register), {
				condition: (r) => r.ЗаказПокупателя_Key === order,
			}).reduce((sum, row) => sum + Number(row.КоличествоBalance), 0);
		}
		if (profile === 'ut') {
			// UT keeps "to ship" per warehouse only: the order's own movements and those of its shipments
			const register = 'AccumulationRegister_ТоварыНаСкладах';
			const ofOrder = (r: Entity) =>
				r.Recorder === order || bas.store.byRef(String(r.Recorder))?.ЗаказКлиента === order;
			return balance(bas.store.definition(register), bas.records.records(register), { condition: ofOrder }).reduce(
				(sum, row) => sum + Number(row.КОтгрузкеBalance ?? 0),
				0,
			);
		}
		return 0;
	}

	/** A posted customer order (BP: invoice for payment) of `quantity` of the test item at 100.00. */
	function postedOrder(quantity = 2): Entity {
		const { store } = bas;
		const organisation = String(store.list('Catalog_Организации')[0].Ref_Key);
		const customer = store.list('Catalog_Контрагенты').find((c) => c.IsFolder !== true)!;
		const sum = quantity * 100;
		const catalogItem = { Номенклатура: item, Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура' };
		const body: Entity =
			profile === 'unf'
				? {
						Организация_Key: organisation,
						Контрагент_Key: customer.Ref_Key,
						СтруктурнаяЕдиницаРезерв_Key: warehouse,
						ВидОперации: 'ЗаказНаПродажу',
						СуммаДокумента: sum,
						Запасы: [{ ...catalogItem, Количество: quantity, Цена: 100, Сумма: sum, Всего: sum }],
					}
				: profile === 'ut'
					? {
							Организация_Key: organisation,
							Партнер_Key: customer.Партнер_Key,
							Контрагент_Key: customer.Ref_Key,
							Склад_Key: warehouse,
							Статус: 'КОтгрузке',
							// UT's amounts are of defined types: composite attributes with a primitive type
							СуммаДокумента: sum,
							СуммаДокумента_Type: 'Edm.Double',
							Товары: [
								{ Номенклатура_Key: item, Количество: quantity, Цена: 100, Сумма: sum, Сумма_Type: 'Edm.Double' },
							],
						}
					: {
							Организация_Key: organisation,
							Контрагент_Key: customer.Ref_Key,
							Склад_Key: warehouse,
							СуммаДокумента: sum,
							Товары: [{ ...catalogItem, Количество: quantity, Цена: 100, Сумма: sum, СтавкаНДС: 'НДС20' }],
						};
		const order = store.create(expected.order, body);
		postDocument(store, bas.records, expected.order, String(order.Ref_Key));
		return order;
	}

	const documentsReferring = (set: string, attribute: string, base: string) =>
		bas.store.list(set).filter((doc) => refIn(doc, attribute).ref === base);
	const live = (documents: Entity[]) => documents.filter((doc) => doc.DeletionMark !== true).map((doc) => doc.Ref_Key);

	/**
	 * Another worker's run for the same base has just created its document, but our next run's
	 * look-up went out before that: it gets the base as the sandbox serves it, then an empty list.
	 * $metadata is cached by then (the other worker's run loaded it), so these are its first requests.
	 * A return first asks whether its base is an order (`notAnOrder`): that finds nothing.
	 */
	async function lookUpMisses(baseSet: string, baseRef: string, notAnOrder = false): Promise<void> {
		const { name, password } = bas.users[0];
		const response = await fetch(
			`${bas.publicationUrl}/odata/standard.odata/${baseSet}(guid'${baseRef}')?$format=json`,
			{ headers: { authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` } },
		);
		expect(response.status).toBe(200);
		const contentType = 'application/json';
		const none = { status: 200, body: JSON.stringify({ value: [] }), contentType };
		bas.injectReplies(
			...(notAnOrder ? [none] : []),
			{ status: 200, body: await response.text(), contentType },
			{
				status: 200,
				body: JSON.stringify({ value: [] }),
				contentType,
			},
		);
		bas.requests.splice(0);
	}

	/** Our document lost the race: marked for deletion, never posted, with the note in its comment. */
	function expectDuplicate(set: string, ref: unknown, note: string): Entity {
		const duplicate = bas.store.get(set, String(ref));
		expect(duplicate).toMatchObject({ DeletionMark: true, Posted: false });
		expect(String(duplicate.Комментарий)).toContain(note);
		return duplicate;
	}

	beforeAll(async () => {
		bas = await startBasSandbox({ profile });
		// an item kept without characteristics, with at least 5 in stock at some warehouse
		const items = bas.store.list('Catalog_Номенклатура').filter((i) => i.IsFolder !== true);
		const characterised = new Set(
			bas.store.list('Catalog_ХарактеристикиНоменклатуры').map((c) => String(c.Owner_Key ?? c.Owner ?? '')),
		);
		const warehouses = bas.store.list(profile === 'unf' ? 'Catalog_СтруктурныеЕдиницы' : 'Catalog_Склады');
		search: for (const candidate of items) {
			if (characterised.has(String(candidate.Ref_Key))) continue;
			for (const place of warehouses) {
				item = String(candidate.Ref_Key);
				warehouse = String(place.Ref_Key);
				if (stock() >= 5) break search;
			}
		}
		expect(stock()).toBeGreaterThanOrEqual(5);
	});
	afterAll(async () => bas.close());
	beforeEach(() => bas.requests.splice(0));

	it('creates and posts the shipment invoice from the order: stock leaves, the reserve clears; a second run finds it', async () => {
		const order = postedOrder(2);
		const orderRef = String(order.Ref_Key);
		const before = stock();
		expect(reserved(orderRef)).toBe(profile === 'bp' ? 0 : 2);

		const first = await basedOn({ scenario: 'shipment', baseRefKey: orderRef });
		const [set, link] = expected.shipment;
		expect(first).toMatchObject({
			result: 'created',
			scenario: 'shipment',
			documentType: set,
			Posted: true,
			base: { documentType: expected.order, Ref_Key: orderRef, Number: order.Number },
		});
		const invoice = bas.store.get(set, String(first.Ref_Key));
		expect(invoice.Posted).toBe(true);
		expect(refIn(invoice, link).ref).toBe(orderRef);
		expect(invoice.Контрагент_Key).toBe(order.Контрагент_Key);
		const rows = invoice[profile === 'unf' ? 'Запасы' : 'Товары'] as Entity[];
		expect(rows.map((r) => [r.Номенклатура_Key, r.Количество, r.Цена, Number(r.Сумма)])).toEqual([[item, 2, 100, 200]]);
		expect(stock()).toBe(before - 2);
		expect(reserved(orderRef)).toBe(0);

		bas.requests.splice(0);
		const second = await basedOn({ scenario: 'shipment', baseRefKey: orderRef });
		expect(second).toMatchObject({ result: 'exists', Ref_Key: first.Ref_Key, Posted: true });
		expect(writes()).toEqual([]);
		expect(documentsReferring(set, link, orderRef)).toHaveLength(1);
		expect(stock()).toBe(before - 2);
	});

	it('creates one shipment invoice when the same status change arrives 10 times at once', async () => {
		const order = postedOrder(1);
		const orderRef = String(order.Ref_Key);
		const results = await Promise.all(
			Array.from({ length: 10 }, async () => await basedOn({ scenario: 'shipment', baseRefKey: orderRef })),
		);
		const [set, link] = expected.shipment;
		expect(results.map((json) => json.result).sort()).toEqual(['created', ...Array(9).fill('exists')]);
		expect(new Set(results.map((json) => json.Ref_Key)).size).toBe(1);
		expect(documentsReferring(set, link, orderRef)).toHaveLength(1);
		expect(lockedKeys()).toEqual([]);
	});

	it('creates the return from the posted shipment: the stock comes back; a second run finds it', async () => {
		const order = postedOrder(3);
		const before = stock();
		const shipment = await basedOn({ scenario: 'shipment', baseRefKey: order.Ref_Key as string });
		expect(stock()).toBe(before - 3);

		const first = await basedOn({ scenario: 'return', baseRefKey: shipment.Ref_Key as string });
		const [set, link] = expected.return;
		expect(first).toMatchObject({ result: 'created', scenario: 'return', documentType: set, Posted: true });
		const returned = bas.store.get(set, String(first.Ref_Key));
		expect(refIn(returned, link)).toEqual(expect.objectContaining({ ref: shipment.Ref_Key }));
		if (profile === 'unf') expect(returned.ВидОперации).toBe('ВозвратОтПокупателя');
		const rows = returned[profile === 'unf' ? 'Запасы' : 'Товары'] as Entity[];
		expect(rows.map((r) => [r.Номенклатура_Key, r.Количество, Number(r.Сумма)])).toEqual([[item, 3, 300]]);
		expect(stock()).toBe(before);

		const second = await basedOn({ scenario: 'return', baseRefKey: shipment.Ref_Key as string });
		expect(second).toMatchObject({ result: 'exists', Ref_Key: first.Ref_Key });
		expect(documentsReferring(set, link, String(shipment.Ref_Key))).toHaveLength(1);
		expect(stock()).toBe(before);
	});

	it('returns from the order, whose one posted shipment is the base; refuses an order with none or several', async () => {
		const [shipmentSet, shipmentLink] = expected.shipment;
		/** A shipment invoice of the order put straight into the store, unposted unless changed. */
		const invoiceOf = (orderRef: string): Entity =>
			bas.store.create(
				shipmentSet,
				`${shipmentLink}_Key` in bas.store.list(shipmentSet)[0]
					? { [`${shipmentLink}_Key`]: orderRef }
					: { [shipmentLink]: orderRef, [`${shipmentLink}_Type`]: `StandardODATA.${expected.order}` },
			);
		const [set, link] = expected.return;

		// an unposted draft and a posted invoice marked for deletion are no shipment
		const unshipped = postedOrder(1);
		invoiceOf(String(unshipped.Ref_Key));
		Object.assign(invoiceOf(String(unshipped.Ref_Key)), { Posted: true, DeletionMark: true });
		bas.requests.splice(0);
		const none = await run({ scenario: 'return', baseRefKey: unshipped.Ref_Key as string }, 'continueErrorOutput');
		expect(none.output(0)).toEqual([]);
		expect(none.json(1).map((json) => json.error)).toEqual([
			`Item 0: order ${String(unshipped.Number)} has no posted shipment to return`,
		]);
		expect(writes()).toEqual([]);

		const order = postedOrder(2);
		const orderRef = String(order.Ref_Key);
		const shipment = await basedOn({ scenario: 'shipment', baseRefKey: orderRef });
		const before = stock();
		const first = await basedOn({ scenario: 'return', baseRefKey: orderRef });
		expect(first).toMatchObject({
			result: 'created',
			scenario: 'return',
			documentType: set,
			Posted: true,
			base: { documentType: shipmentSet, Ref_Key: shipment.Ref_Key, Number: shipment.Number },
		});
		expect(refIn(bas.store.get(set, String(first.Ref_Key)), link).ref).toBe(shipment.Ref_Key);
		expect(stock()).toBe(before + 2);
		// the order and its invoice name the same return
		for (const baseRefKey of [orderRef, String(shipment.Ref_Key)]) {
			expect(await basedOn({ scenario: 'return', baseRefKey })).toMatchObject({
				result: 'exists',
				Ref_Key: first.Ref_Key,
			});
		}
		expect(documentsReferring(set, link, String(shipment.Ref_Key))).toHaveLength(1);
		expect(stock()).toBe(before + 2);

		const twin = Object.assign(invoiceOf(orderRef), { Posted: true });
		try {
			bas.requests.splice(0);
			const several = await run({ scenario: 'return', baseRefKey: orderRef }, 'continueErrorOutput');
			expect(several.json(1).map((json) => json.error)).toEqual([
				`Item 0: order ${String(order.Number)} has 2 posted shipments (${shipmentSet} ${String(shipment.Number)}, ${String(twin.Number)}): give the Ref_Key of the one to return`,
			]);
			expect(writes()).toEqual([]);
		} finally {
			twin.DeletionMark = true;
		}
	});

	it('closes a cancelled order that was not shipped, releasing its reserve; refuses one that was shipped', async () => {
		const order = postedOrder(2);
		const orderRef = String(order.Ref_Key);
		const first = await basedOn({ scenario: 'closure', baseRefKey: orderRef });
		if (profile === 'bp') {
			expect(first).toMatchObject({ result: 'skipped', scenario: 'closure' });
			expect(String(first.reason)).toContain('nothing to close');
			expect(writes()).toEqual([]);
			return;
		}
		expect(first).toMatchObject({ result: 'closed', documentType: expected.order, Ref_Key: orderRef, Posted: true });
		const stored = bas.store.get(expected.order, orderRef);
		if (profile === 'unf') {
			expect(bas.store.byRef(String(stored.СостояниеЗаказа))?.PredefinedDataName).toBe('Завершен');
			expect(stored.ВариантЗавершения).toBe('Отменен');
		} else {
			expect(stored.Статус).toBe('Закрыт');
			expect((stored.Товары as Entity[]).map((r) => [r.Номенклатура_Key, r.Количество, r.Отменено])).toEqual([
				[item, 2, true],
			]);
		}
		expect(reserved(orderRef)).toBe(0);

		bas.requests.splice(0);
		const second = await basedOn({ scenario: 'closure', baseRefKey: orderRef });
		expect(second).toMatchObject({ result: 'exists', Ref_Key: orderRef });
		expect(writes()).toEqual([]);

		const shipped = postedOrder(1);
		const invoice = await basedOn({ scenario: 'shipment', baseRefKey: shipped.Ref_Key as string });
		const version = bas.store.get(expected.order, String(shipped.Ref_Key)).DataVersion;
		const refused = await run({ scenario: 'closure', baseRefKey: shipped.Ref_Key as string }, 'continueErrorOutput');
		const [error] = refused.output(1);
		expect(String(error.json.error)).toContain(
			`order ${String(shipped.Number)} has a posted shipment, ${expected.shipment[0]} ${String(invoice.Number)}`,
		);
		expect(bas.store.get(expected.order, String(shipped.Ref_Key)).DataVersion).toBe(version);
	});

	it('enters each CRM payment once as a cash or bank receipt linked to the order, partial amounts allowed', async () => {
		const order = postedOrder(2);
		const orderRef = String(order.Ref_Key);
		const cash = { scenario: 'payment', baseRefKey: orderRef, paymentMethod: 'cash', amount: 50, paymentId: 'pay-1' };
		const first = await basedOn(cash);
		const [cashSet, cashLink, cashId] = expected.cash;
		expect(first).toMatchObject({ result: 'created', scenario: 'payment', documentType: cashSet, Posted: true });
		const receipt = bas.store.get(cashSet, String(first.Ref_Key));
		expect(receipt).toMatchObject({ [cashId]: 'pay-1', Posted: true });
		expect(Number(receipt.СуммаДокумента)).toBe(50);
		expect(refIn(receipt, cashLink).ref).toBe(orderRef);
		const [row] = receipt.РасшифровкаПлатежа as Entity[];
		const rowLink = { unf: 'Заказ', ut: 'ОснованиеПлатежа', bp: 'СчетНаОплату' }[profile];
		expect(refIn(row, rowLink).ref).toBe(orderRef);
		expect(Number(row[profile === 'ut' ? 'Сумма' : 'СуммаПлатежа'])).toBe(50);

		const again = await basedOn(cash);
		expect(again).toMatchObject({ result: 'exists', Ref_Key: first.Ref_Key });
		expect(documentsReferring(cashSet, cashLink, orderRef)).toHaveLength(1);

		const bank = await basedOn({ ...cash, paymentMethod: 'bank', amount: 30, paymentId: 'pay-2' });
		const [bankSet, bankLink, bankId] = expected.bank;
		expect(bank).toMatchObject({ result: 'created', documentType: bankSet, Posted: true });
		const bankReceipt = bas.store.get(bankSet, String(bank.Ref_Key));
		expect([Number(bankReceipt.СуммаДокумента), bankReceipt[bankId]]).toEqual([30, 'pay-2']);
		expect(documentsReferring(bankSet, bankLink, orderRef)).toHaveLength(1);
	});

	it('keeps the oldest shipment when another worker created one between our look-up and our create: stock moves once', async () => {
		const order = postedOrder(1);
		const orderRef = String(order.Ref_Key);
		const [set, link] = expected.shipment;
		const before = stock();
		const other = await basedOn({ scenario: 'shipment', baseRefKey: orderRef });
		expect(stock()).toBe(before - 1);

		await lookUpMisses(expected.order, orderRef);
		const ours = await basedOn({ scenario: 'shipment', baseRefKey: orderRef });
		expect(ours).toMatchObject({ result: 'exists', Ref_Key: other.Ref_Key, Number: other.Number, Posted: true });
		const duplicate = expectDuplicate(
			set,
			ours.duplicateMarkedForDeletion,
			`Duplicate of ${String(other.Number)} for ${expected.order} ${String(order.Number)}`,
		);
		expect(refIn(duplicate, link).ref).toBe(orderRef);
		// created, then marked; never posted, so nothing to unpost
		expect(writes().map(requestTarget)).toEqual([`POST ${set}`, `PATCH ${set}`]);
		expect(live(documentsReferring(set, link, orderRef))).toEqual([other.Ref_Key]);
		expect(stock()).toBe(before - 1);
		expect(reserved(orderRef)).toBe(0);

		bas.requests.splice(0);
		expect(await basedOn({ scenario: 'shipment', baseRefKey: orderRef })).toMatchObject({
			result: 'exists',
			Ref_Key: other.Ref_Key,
		});
		expect(writes()).toEqual([]);
	});

	it('keeps the oldest return when another worker created one between our look-up and our create: stock comes back once', async () => {
		const order = postedOrder(2);
		const shipment = await basedOn({ scenario: 'shipment', baseRefKey: order.Ref_Key as string });
		const shipmentRef = String(shipment.Ref_Key);
		const [set, link] = expected.return;
		const before = stock();
		const other = await basedOn({ scenario: 'return', baseRefKey: shipmentRef });
		expect(stock()).toBe(before + 2);

		await lookUpMisses(expected.shipment[0], shipmentRef, true);
		const ours = await basedOn({ scenario: 'return', baseRefKey: shipmentRef });
		expect(ours).toMatchObject({ result: 'exists', Ref_Key: other.Ref_Key, Posted: true });
		expectDuplicate(
			set,
			ours.duplicateMarkedForDeletion,
			`Duplicate of ${String(other.Number)} for ${expected.shipment[0]} ${String(shipment.Number)}`,
		);
		expect(live(documentsReferring(set, link, shipmentRef))).toEqual([other.Ref_Key]);
		expect(stock()).toBe(before + 2);
	});

	it('keeps the oldest receipt of the same CRM payment when two workers entered it; other payments of the order stay', async () => {
		const order = postedOrder(2);
		const orderRef = String(order.Ref_Key);
		const [set, link, idField] = expected.cash;
		const cash = { scenario: 'payment', baseRefKey: orderRef, paymentMethod: 'cash', amount: 40 };
		const earlier = await basedOn({ ...cash, paymentId: 'pay-a' });
		const other = await basedOn({ ...cash, paymentId: 'pay-b' });

		await lookUpMisses(expected.order, orderRef);
		const ours = await basedOn({ ...cash, paymentId: 'pay-b' });
		expect(ours).toMatchObject({ result: 'exists', Ref_Key: other.Ref_Key, Posted: true });
		const duplicate = expectDuplicate(
			set,
			ours.duplicateMarkedForDeletion,
			`Duplicate of ${String(other.Number)} for payment pay-b of ${expected.order} ${String(order.Number)}`,
		);
		expect(duplicate[idField]).toBe('pay-b');
		expect(live(documentsReferring(set, link, orderRef))).toEqual([earlier.Ref_Key, other.Ref_Key]);
	});

	it("passes 1C's posting refusal word for word with the document's number, and posts on a later run", async () => {
		const order = postedOrder(2);
		// another shipment takes the stock first
		const available = stock();
		const rival = postedOrder(available);
		await basedOn({ scenario: 'shipment', baseRefKey: rival.Ref_Key as string });
		expect(stock()).toBe(0);

		const failed = await run({ scenario: 'shipment', baseRefKey: order.Ref_Key as string }, 'continueErrorOutput');
		const [error] = failed.output(1);
		const [set, link] = expected.shipment;
		const [invoice] = documentsReferring(set, link, String(order.Ref_Key));
		expect(invoice.Posted).toBe(false);
		expect(String(error.json.error)).toMatch(
			new RegExp(
				`^Item 0: 1C did not post ${set} ${String(invoice.Number)}: Не удалось провести "${String(invoice.Number)} от [^"]+": Недостаточно`,
			),
		);

		// stock arrives (the rival's shipment is returned); the same run now posts the invoice it made
		await basedOn({
			scenario: 'return',
			baseRefKey: String(documentsReferring(set, link, String(rival.Ref_Key))[0].Ref_Key),
		});
		const retried = await basedOn({ scenario: 'shipment', baseRefKey: order.Ref_Key as string });
		expect(retried).toMatchObject({ result: 'exists', Ref_Key: invoice.Ref_Key, Posted: true });
		expect(documentsReferring(set, link, String(order.Ref_Key))).toHaveLength(1);
		expect(reserved(String(order.Ref_Key))).toBe(0);
	});
});
