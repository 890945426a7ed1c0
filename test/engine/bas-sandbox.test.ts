/**
 * The BAS sandbox exercised through the project's BAS transport and OData builder inside a real
 * n8n-core run: create, read, filter, page, post (with register movements), balance, slices.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { and, eq, literal, unsafeFilterText } from '../../nodes/Bas/odata/filter';
import { stringLiteral } from '../../nodes/Bas/odata/literals';
import { conditionLiteral, functionCall, resourcePath } from '../../nodes/Bas/odata/url';
import { type BasConnection, basListAll, basRequest, getBasConnection } from '../../nodes/Bas/transport';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { basCredentials } from '../helpers/bas';
import { withNodeContext } from '../helpers/engine';

type Entity = IDataObject & { Ref_Key: string };

/** Ref_Key of the first element (not folder) of a catalog in the sandbox's demo data. */
function firstRef(bas: BasSandbox, set: string): string {
	return String(bas.store.list(set).find((e) => e.IsFolder !== true)?.Ref_Key);
}

describe('BAS sandbox through the BAS transport', () => {
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
	});
	afterAll(async () => bas.close());

	const withBas = <T>(probe: (ctx: IExecuteFunctions, connection: BasConnection) => Promise<T>) =>
		withNodeContext(
			basCredentials(bas, { timeZone: 'Europe/Kyiv' }),
			async (ctx) => await probe(ctx, await getBasConnection(ctx)),
		);

	const refs = () => {
		const items = bas.store.list('Catalog_Номенклатура').filter((e) => e.IsFolder !== true);
		return {
			organisation: firstRef(bas, 'Catalog_Организации'),
			customer: firstRef(bas, 'Catalog_Контрагенты'),
			warehouses: bas.store.list('Catalog_СтруктурныеЕдиницы').map((e) => String(e.Ref_Key)),
			items: items.map((e) => String(e.Ref_Key)),
		};
	};

	it('creates an object (unknown properties ignored) and finds it by a quoted value, immune to injection', async () => {
		const result = await withBas(async (ctx, connection) => {
			const created = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Catalog_Контрагенты'),
				body: { Description: "ФОП О'Брайен Ірина", ИНН: '3012345678', НеіснуючеПоле: 'ignored' },
			})) as Entity;
			const found = await basListAll(ctx, connection, resourcePath('Catalog_Контрагенты'), {
				filter: eq('Description', literal.string("ФОП О'Брайен Ірина")),
			});
			const injected = await basListAll(ctx, connection, resourcePath('Catalog_Контрагенты'), {
				filter: eq('Description', literal.string("x') or (1 eq 1")),
			});
			return { created, found, injected };
		});
		expect(result.created).toMatchObject({ Description: "ФОП О'Брайен Ірина", ИНН: '3012345678', DeletionMark: false });
		expect(result.created.Ref_Key).toMatch(/^[0-9a-f-]{36}$/);
		expect(result.created.Code).toMatch(/^\d+$/);
		expect(result.created).not.toHaveProperty('НеіснуючеПоле');
		expect(result.found.map((e) => e.Ref_Key)).toEqual([result.created.Ref_Key]);
		expect(result.injected).toEqual([]);
	});

	it('reads a whole catalog page by page with a stable order, every row exactly once', async () => {
		const total = bas.store.list('Catalog_Номенклатура').length;
		const before = bas.requests.length;
		const rows = await withBas(
			async (ctx, connection) =>
				await basListAll(
					ctx,
					connection,
					resourcePath('Catalog_Номенклатура'),
					{ select: ['Ref_Key', 'Description'] },
					{ pageSize: 7 },
				),
		);
		expect(rows).toHaveLength(total);
		expect(new Set(rows.map((r) => r.Ref_Key)).size).toBe(total);
		// full pages, then the empty page that ends the list (a short page does not: a proxy may cap pages)
		expect(bas.requests.length - before).toBe(Math.ceil(total / 7) + 1);
		expect(bas.requests[bas.requests.length - 1].url).toContain('$orderby=Ref_Key');
	});

	it('posts an order (reserve) and a shipment (stock), and unposting undoes the movements', async () => {
		const { organisation, customer, warehouses, items } = refs();
		const [warehouse] = warehouses;
		const stockOf = async (ctx: IExecuteFunctions, connection: BasConnection, item: string) => {
			const path = resourcePath(
				'AccumulationRegister_ЗапасыНаСкладах',
				undefined,
				functionCall('Balance', {
					Condition: conditionLiteral(
						and(eq('Номенклатура_Key', literal.guid(item)), eq('СтруктурнаяЕдиница_Key', literal.guid(warehouse)))!,
					),
					Dimensions: literal.names(['Номенклатура', 'СтруктурнаяЕдиница']),
				}),
			);
			const reply = (await basRequest(ctx, connection, { method: 'GET', path })) as { value: IDataObject[] };
			return Number(reply.value[0]?.КоличествоBalance ?? 0);
		};
		// stock is kept per characteristic: ship exactly what is there
		const stocked = bas.records
			.records('AccumulationRegister_ЗапасыНаСкладах')
			.find(
				(r) =>
					items.includes(String(r.Номенклатура_Key)) &&
					r.СтруктурнаяЕдиница_Key === warehouse &&
					Number(r.Количество) >= 2,
			)!;
		const item = String(stocked.Номенклатура_Key);
		const characteristic = String(stocked.Характеристика_Key);

		const result = await withBas(async (ctx, connection) => {
			const stockBefore = await stockOf(ctx, connection, item);
			const order = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя'),
				body: {
					Date: '2026-11-20T10:00:00',
					Организация_Key: organisation,
					Контрагент_Key: customer,
					ВидОперации: 'ЗаказНаПродажу',
					СтруктурнаяЕдиницаРезерв_Key: warehouse,
					Запасы: [
						{
							Номенклатура: item,
							Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура',
							Характеристика_Key: characteristic,
							Количество: 2,
							Цена: 100,
							Сумма: 200,
						},
					],
				},
			})) as Entity;
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя', literal.guid(order.Ref_Key), 'Post'),
			});
			const postedOrder = (await basRequest(ctx, connection, {
				method: 'GET',
				path: resourcePath('Document_ЗаказПокупателя', literal.guid(order.Ref_Key)),
			})) as Entity;

			const shipment = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РасходнаяНакладная'),
				body: {
					Date: '2026-11-21T10:00:00',
					Организация_Key: organisation,
					Контрагент_Key: customer,
					СтруктурнаяЕдиница_Key: warehouse,
					Заказ: order.Ref_Key,
					Заказ_Type: 'StandardODATA.Document_ЗаказПокупателя',
					Запасы: [
						{ Номенклатура_Key: item, Характеристика_Key: characteristic, Количество: 2, Цена: 100, Сумма: 200 },
					],
				},
			})) as Entity;
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РасходнаяНакладная', literal.guid(shipment.Ref_Key), 'Post'),
			});
			const stockAfterShipment = await stockOf(ctx, connection, item);
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РасходнаяНакладная', literal.guid(shipment.Ref_Key), 'Unpost'),
			});
			const stockAfterUnpost = await stockOf(ctx, connection, item);
			return { stockBefore, order, postedOrder, stockAfterShipment, stockAfterUnpost };
		});
		expect(result.order.Number).toMatch(/^НФ00-\d+$/);
		expect(result.order.Posted).toBe(false);
		expect(result.postedOrder.Posted).toBe(true);
		expect(result.postedOrder.DataVersion).not.toBe(result.order.DataVersion);
		expect(result.stockAfterShipment).toBe(result.stockBefore - 2);
		expect(result.stockAfterUnpost).toBe(result.stockBefore);
		const reserves = bas.records.records('AccumulationRegister_РезервыТоваровОрганизаций');
		expect(
			reserves.some((r) => r.Recorder === result.order.Ref_Key && r.Количество === 2 && r.RecordType === 'Receipt'),
		).toBe(true);
	});

	it('closes an order by moving it to the completed state: re-posting releases its reserve', async () => {
		const { organisation, customer, warehouses, items } = refs();
		const completed = String(
			bas.store.list('Catalog_СостоянияЗаказовПокупателей').find((s) => s.PredefinedDataName === 'Завершен')?.Ref_Key,
		);
		const reservesOf = (order: string) =>
			bas.records
				.records('AccumulationRegister_РезервыТоваровОрганизаций')
				.filter((r) => r.ЗаказПокупателя_Key === order);
		const order = await withBas(async (ctx, connection) => {
			const created = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя'),
				body: {
					Организация_Key: organisation,
					Контрагент_Key: customer,
					СтруктурнаяЕдиницаРезерв_Key: warehouses[0],
					Запасы: [{ Номенклатура: items[4], Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', Количество: 1 }],
				},
			})) as Entity;
			const key = literal.guid(created.Ref_Key);
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя', key, 'Post'),
			});
			expect(reservesOf(created.Ref_Key)).toHaveLength(1);
			await basRequest(ctx, connection, {
				method: 'PATCH',
				path: resourcePath('Document_ЗаказПокупателя', key),
				body: {
					СостояниеЗаказа: completed,
					СостояниеЗаказа_Type: 'StandardODATA.Catalog_СостоянияЗаказовПокупателей',
					ВариантЗавершения: 'Успешно',
				},
			});
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя', key, 'Post'),
			});
			return created;
		});
		expect(reservesOf(order.Ref_Key)).toEqual([]);
		expect(bas.store.byRef(order.Ref_Key)?.Posted).toBe(true);
	});

	it('refuses to post a shipment of more than the stock, like 1C (HTTP 500, code -1), and changes nothing', async () => {
		const { organisation, customer, warehouses, items } = refs();
		const movementsBefore = bas.records.records('AccumulationRegister_ЗапасыНаСкладах').length;
		const error = await withBas(async (ctx, connection) => {
			const shipment = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РасходнаяНакладная'),
				body: {
					Организация_Key: organisation,
					Контрагент_Key: customer,
					СтруктурнаяЕдиница_Key: warehouses[0],
					Запасы: [{ Номенклатура_Key: items[0], Количество: 100000 }],
				},
			})) as Entity;
			return await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РасходнаяНакладная', literal.guid(shipment.Ref_Key), 'Post'),
			}).then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
		}).catch((e: Error & { description?: string }) => e);
		expect(error?.message).toMatch(/^BAS HTTP 500: Не удалось провести .*Недостаточно запасов.* \(1C error code -1\)$/);
		expect(bas.records.records('AccumulationRegister_ЗапасыНаСкладах')).toHaveLength(movementsBefore);
	});

	it('names the missing attribute when posting an incomplete document', async () => {
		const error = await withBas(async (ctx, connection) => {
			const order = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя'),
				body: { Комментарий: 'без контрагента' },
			})) as Entity;
			return await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя', literal.guid(order.Ref_Key), 'Post'),
			});
		}).catch((e: Error) => e);
		expect((error as Error).message).toContain('не заполнено "Организация", "Контрагент"');
	});

	it('replaces a tabular section whole on PATCH and renumbers its rows', async () => {
		const { items } = refs();
		const result = await withBas(async (ctx, connection) => {
			const order = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя'),
				body: {
					Запасы: [
						{ Номенклатура: items[0], Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', Количество: 1 },
						{ Номенклатура: items[1], Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура', Количество: 1 },
					],
				},
			})) as Entity;
			const patched = (await basRequest(ctx, connection, {
				method: 'PATCH',
				path: resourcePath('Document_ЗаказПокупателя', literal.guid(order.Ref_Key)),
				body: {
					Запасы: [
						{
							LineNumber: 5,
							Номенклатура: items[2],
							Номенклатура_Type: 'StandardODATA.Catalog_Номенклатура',
							Количество: 3,
						},
					],
				},
			})) as Entity;
			return { order, patched };
		});
		expect(result.patched.Запасы).toEqual([
			// LineNumber is Edm.Int64, which 1C writes as a JSON string
			expect.objectContaining({ LineNumber: '1', Номенклатура: items[2], Количество: 3 }),
		]);
		expect(result.patched.DataVersion).not.toBe(result.order.DataVersion);
	});

	it('filters through a navigation path and by dates, and counts', async () => {
		const { customer } = refs();
		const name = String(bas.store.byRef(customer)?.Description);
		const result = await withBas(async (ctx, connection) => {
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказПокупателя'),
				body: { Date: '2026-11-22T09:30:00', Контрагент_Key: customer, Комментарий: 'навігація' },
			});
			return await basListAll(ctx, connection, resourcePath('Document_ЗаказПокупателя'), {
				filter: and(
					eq('Контрагент/Description', literal.string(name)),
					eq('Комментарий', literal.string('навігація')),
					eq('Date', literal.dateTime('2026-11-22T07:30:00Z', 'Europe/Kyiv')),
				),
			});
		});
		expect(result).toHaveLength(1);
	});

	it('answers SliceLast of prices with a Condition quoted either way when set to take both', async () => {
		const { items } = refs();
		bas.settings.conditionQuoting = 'both';
		const priceType = String(bas.store.list('Catalog_ВидыЦен')[0].Ref_Key);
		const condition = and(eq('Номенклатура_Key', literal.guid(items[3])), eq('ВидЦен_Key', literal.guid(priceType)))!;
		const [doubled, asIs] = await withBas(async (ctx, connection) =>
			Promise.all(
				(['doubled', 'asIs'] as const).map(async (quoting) => {
					const path = resourcePath(
						'InformationRegister_ЦеныНоменклатуры',
						undefined,
						functionCall('SliceLast', { Condition: conditionLiteral(condition, quoting) }),
					);
					return ((await basRequest(ctx, connection, { method: 'GET', path })) as { value: IDataObject[] }).value;
				}),
			),
		);
		expect(doubled.length).toBeGreaterThan(0);
		expect(doubled.every((row) => row.Номенклатура_Key === items[3] && row.ВидЦен_Key === priceType)).toBe(true);
		expect(asIs).toEqual(doubled);
		bas.settings.conditionQuoting = 'asIs';
	});

	it('rejects a malformed filter with 1C error code 14', async () => {
		const error = await withBas(
			async (ctx, connection) =>
				await basListAll(ctx, connection, resourcePath('Catalog_Номенклатура'), {
					filter: unsafeFilterText(`Description eq ${stringLiteral('x')} and`),
				}),
		).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^BAS HTTP 400: .*\(1C error code 14\)$/);
	});
});

describe('BAS sandbox controls over HTTP', () => {
	let bas: BasSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf', demo: { items: 5, customers: 2 } });
	});
	afterAll(async () => bas.close());

	it('shows its state and request log, takes fault settings, and resets to the demo data', async () => {
		const admin = (path: string, init?: RequestInit) =>
			fetch(`${bas.url}/__sandbox/${path}`, { ...init, headers: { 'content-type': 'application/json' } });
		const state = async () => ((await (await admin('state')).json()) as { objects: Record<string, number> }).objects;
		const before = await state();
		const auth = `Basic ${Buffer.from(`${bas.users[0].name}:${bas.users[0].password}`).toString('base64')}`;
		const created = await fetch(`${bas.publicationUrl}/odata/standard.odata/Catalog_Контрагенты?$format=json`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/json' },
			body: JSON.stringify({ Description: 'Тимчасовий' }),
		});
		expect(created.status).toBe(201);
		expect((await state()).Catalog_Контрагенты).toBe(before.Catalog_Контрагенты + 1);
		const log = (await (await admin('requests')).json()) as Array<{ method: string; status: number }>;
		expect(log).toEqual([expect.objectContaining({ method: 'POST', status: 201 })]);

		await admin('faults', { method: 'PUT', body: JSON.stringify({ errorRate: 1, errorStatus: 503 }) });
		const failing = await fetch(`${bas.publicationUrl}/odata/standard.odata?$format=json`, {
			headers: { authorization: auth },
		});
		expect(failing.status).toBe(503);

		await admin('reset', { method: 'POST', body: '{}' });
		expect(await state()).toEqual(before);
		expect(await (await admin('requests')).json()).toEqual([]);
		const healthy = await fetch(`${bas.publicationUrl}/odata/standard.odata?$format=json`, {
			headers: { authorization: auth },
		});
		expect(healthy.status).toBe(200);
	});
});

describe('BAS sandbox, UT profile: order → shipment through ТоварыНаСкладах', () => {
	let bas: BasSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'ut' });
	});
	afterAll(async () => bas.close());

	it('an order to ship holds goods (КОтгрузке) and its shipment takes them from stock (ВНаличии)', async () => {
		const warehouse = firstRef(bas, 'Catalog_Склады');
		const stocked = bas.records
			.records('AccumulationRegister_ТоварыНаСкладах')
			.find((r) => r.Склад_Key === warehouse && Number(r.ВНаличии) >= 1)!;
		const item = String(stocked.Номенклатура_Key);
		const line = {
			Номенклатура_Key: item,
			Характеристика_Key: stocked.Характеристика_Key,
			Количество: 1,
			Цена: 50,
			Сумма: 50,
		};
		const balanceOf = async (ctx: IExecuteFunctions, connection: BasConnection) => {
			const path = resourcePath(
				'AccumulationRegister_ТоварыНаСкладах',
				undefined,
				functionCall('Balance', {
					Condition: conditionLiteral(
						and(eq('Номенклатура_Key', literal.guid(item)), eq('Склад_Key', literal.guid(warehouse)))!,
					),
					Dimensions: literal.names(['Номенклатура', 'Склад']),
				}),
			);
			const [row] = ((await basRequest(ctx, connection, { method: 'GET', path })) as { value: IDataObject[] }).value;
			return { inStock: Number(row?.ВНаличииBalance ?? 0), toShip: Number(row?.КОтгрузкеBalance ?? 0) };
		};
		const result = await withNodeContext(basCredentials(bas), async (ctx) => {
			const connection = await getBasConnection(ctx);
			const header = {
				Организация_Key: firstRef(bas, 'Catalog_Организации'),
				Партнер_Key: firstRef(bas, 'Catalog_Партнеры'),
				Контрагент_Key: firstRef(bas, 'Catalog_Контрагенты'),
				Склад_Key: warehouse,
			};
			const before = await balanceOf(ctx, connection);
			const order = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказКлиента'),
				body: { ...header, Статус: 'КОтгрузке', ХозяйственнаяОперация: 'РеализацияКлиенту', Товары: [line] },
			})) as Entity;
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_ЗаказКлиента', literal.guid(order.Ref_Key), 'Post'),
			});
			const afterOrder = await balanceOf(ctx, connection);
			const sale = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РеализацияТоваровУслуг'),
				body: {
					...header,
					ЗаказКлиента: order.Ref_Key,
					ЗаказКлиента_Type: 'StandardODATA.Document_ЗаказКлиента',
					Товары: [line],
				},
			})) as Entity;
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РеализацияТоваровУслуг', literal.guid(sale.Ref_Key), 'Post'),
			});
			const afterSale = await balanceOf(ctx, connection);
			return { before, afterOrder, afterSale };
		});
		expect(result.afterOrder).toEqual({ inStock: result.before.inStock, toShip: result.before.toShip + 1 });
		expect(result.afterSale).toEqual({ inStock: result.before.inStock - 1, toShip: result.before.toShip });
	});
});

describe('BAS sandbox, BP profile: stock on the goods account of the ledger', () => {
	let bas: BasSandbox;
	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'bp' });
	});
	afterAll(async () => bas.close());

	it('a sale credits account 281 for the item and warehouse; Balance by AccountCondition shows it', async () => {
		const line = bas.records.records('AccountingRegister_Хозрасчетный').find((r) => Number(r.КоличествоDr) >= 1)!;
		const item = String(line?.ExtDimensionDr1);
		const warehouse = String(line?.ExtDimensionDr2);
		const goodsBalance = async (ctx: IExecuteFunctions, connection: BasConnection) => {
			const path = resourcePath(
				'AccountingRegister_Хозрасчетный',
				undefined,
				functionCall('Balance', {
					AccountCondition: conditionLiteral(eq('Account/Code', literal.string('281'))),
					// sub-accounts are composite: compare them with typed references
					Condition: conditionLiteral(
						and(
							eq('ExtDimension1', literal.reference(item, 'Catalog_Номенклатура')),
							eq('ExtDimension2', literal.reference(warehouse, 'Catalog_Склады')),
						)!,
					),
				}),
			);
			const [row] = ((await basRequest(ctx, connection, { method: 'GET', path })) as { value: IDataObject[] }).value;
			return Number(row?.КоличествоBalance ?? 0);
		};
		const result = await withNodeContext(basCredentials(bas), async (ctx) => {
			const connection = await getBasConnection(ctx);
			const before = await goodsBalance(ctx, connection);
			const sale = (await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РеализацияТоваровУслуг'),
				body: {
					Организация_Key: firstRef(bas, 'Catalog_Организации'),
					Контрагент_Key: firstRef(bas, 'Catalog_Контрагенты'),
					Склад_Key: warehouse,
					Товары: [{ Номенклатура_Key: item, Количество: 1, Цена: 100, Сумма: 100 }],
				},
			})) as Entity;
			await basRequest(ctx, connection, {
				method: 'POST',
				path: resourcePath('Document_РеализацияТоваровУслуг', literal.guid(sale.Ref_Key), 'Post'),
			});
			return { before, after: await goodsBalance(ctx, connection) };
		});
		expect(result.before).toBeGreaterThanOrEqual(1);
		expect(result.after).toBe(result.before - 1);
	});
});
