/**
 * Demo data of the sandbox base, per configuration: an organisation, currency, units,
 * warehouses, price types, VAT rates, counterparties with contracts, items in folders with
 * articles (and characteristics where the configuration has them), opening stock per warehouse
 * and prices. The same generator builds large bases for benchmarks (20,000 items × 3 warehouses).
 */
import { randomUUID } from 'node:crypto';

import { seededRandom } from '../common/random';
import { ACCOUNTS, CHART_OF_ACCOUNTS, LEDGER } from './accounting';
import type { RegisterRecords } from './registers';
import { emptyValue, type ProfileId } from './schema';
import type { BasStore, Entity } from './store';

export interface DemoOptions {
	/** items in the catalog (default 30; 0 gives an empty base) */
	items?: number;
	/** warehouses (default 3) */
	warehouses?: number;
	/** customers (default 12) */
	customers?: number;
	seed?: number;
}

/** Where each configuration keeps what the demo fills. */
interface Layout {
	warehouses: string;
	units: string;
	priceTypes: string;
	vatRates?: string;
	characteristics?: string;
	/** a quantity register for stock; BAS Accounting keeps it on goods accounts of the ledger instead */
	stock?: { register: string; warehouse: string; quantity: string; organisation?: boolean; recorderType: string };
	ledger?: boolean;
	prices: { register: string; priceType: string; currency: string; unit?: boolean };
	/**
	 * A register of quantity and amount of goods, the source of cost prices: by item and
	 * warehouse, or (UT) by a key of item, characteristic and warehouse in a catalog of keys.
	 */
	cost?: {
		register: string;
		quantity: string;
		amount: string;
		recorderType: string;
		warehouse?: string;
		keys?: { catalog: string; dimension: string; warehouse: string };
	};
}

const LAYOUTS: Record<ProfileId, Layout> = {
	unf: {
		warehouses: 'Catalog_СтруктурныеЕдиницы',
		units: 'Catalog_КлассификаторЕдиницИзмерения',
		priceTypes: 'Catalog_ВидыЦен',
		vatRates: 'Catalog_СтавкиНДС',
		characteristics: 'Catalog_ХарактеристикиНоменклатуры',
		stock: {
			register: 'AccumulationRegister_ЗапасыНаСкладах',
			warehouse: 'СтруктурнаяЕдиница_Key',
			quantity: 'Количество',
			organisation: true,
			recorderType: 'StandardODATA.Document_ВводНачальныхОстатков',
		},
		prices: {
			register: 'InformationRegister_ЦеныНоменклатуры',
			priceType: 'ВидЦен_Key',
			currency: 'ВалютаЦены_Key',
			unit: true,
		},
		cost: {
			register: 'AccumulationRegister_Запасы',
			quantity: 'Количество',
			amount: 'Сумма',
			recorderType: 'StandardODATA.Document_ВводНачальныхОстатков',
			warehouse: 'СтруктурнаяЕдиница_Key',
		},
	},
	ut: {
		warehouses: 'Catalog_Склады',
		units: 'Catalog_УпаковкиЕдиницыИзмерения',
		priceTypes: 'Catalog_ВидыЦен',
		vatRates: 'Catalog_СтавкиНДС',
		characteristics: 'Catalog_ХарактеристикиНоменклатуры',
		stock: {
			register: 'AccumulationRegister_ТоварыНаСкладах',
			warehouse: 'Склад_Key',
			quantity: 'ВНаличии',
			recorderType: 'StandardODATA.Document_ВводОстатков',
		},
		prices: { register: 'InformationRegister_ЦеныНоменклатуры', priceType: 'ВидЦены_Key', currency: 'Валюта_Key' },
		cost: {
			register: 'AccumulationRegister_СебестоимостьТоваров',
			quantity: 'Количество',
			amount: 'Стоимость',
			recorderType: 'StandardODATA.Document_ВводОстатков',
			keys: {
				catalog: 'Catalog_КлючиАналитикиУчетаНоменклатуры',
				dimension: 'АналитикаУчетаНоменклатуры_Key',
				warehouse: 'Склад_Key',
			},
		},
	},
	bp: {
		warehouses: 'Catalog_Склады',
		units: 'Catalog_КлассификаторЕдиницИзмерения',
		priceTypes: 'Catalog_ТипыЦенНоменклатуры',
		ledger: true,
		prices: { register: 'InformationRegister_ЦеныНоменклатуры', priceType: 'ТипЦен_Key', currency: 'Валюта_Key' },
	},
};

const WAREHOUSE_NAMES = [
	'Основний склад',
	'Магазин на Хрещатику',
	'Склад інтернет-магазину',
	'Склад Львів',
	'Склад Одеса',
];
const FOLDERS: Array<[string, string[]]> = [
	['Одяг', ['Футболка', 'Сорочка', 'Светр', 'Куртка', 'Сукня', 'Джинси']],
	['Взуття', ['Кросівки', 'Черевики', 'Туфлі', 'Сандалі']],
	['Аксесуари', ['Рюкзак', 'Ремінь', 'Шарф', 'Шапка', 'Гаманець']],
];
const COLOURS = ['чорний', 'білий', 'синій', 'червоний', 'зелений', 'бежевий'];
const SIZES = ['S', 'M', 'L', 'XL'];
const CUSTOMERS = [
	'ТОВ "Весна Трейд"',
	'ФОП Коваленко Олена Петрівна',
	'ТОВ "Київ Одяг"',
	"ФОП О'Брайен Марія",
	'ПП "Львівська мануфактура"',
	'ТОВ "Сонячний берег"',
	'ФОП Шевченко Тарас',
	'ТОВ "Дніпро Стиль"',
];

export interface DemoRefs {
	organisation: string;
	currency: string;
	unit: string;
	warehouses: string[];
	priceTypes: string[];
	customers: string[];
	items: string[];
}

/** Fills the store (and its registers) with demo data; returns the references it made. */
export function generateBase(store: BasStore, records: RegisterRecords, options: DemoOptions = {}): DemoRefs {
	const profile = store.schema.profile;
	const layout = LAYOUTS[profile];
	const random = seededRandom(options.seed ?? 7);
	const pickIndex = (n: number) => Math.floor(random() * n);
	const ref = (entity: Entity) => String(entity.Ref_Key);
	const has = (set: string) => store.schema.objects[set] !== undefined;
	const create = (set: string, body: Entity) => store.create(set, body);

	const organisation = ref(
		create('Catalog_Организации', {
			Description: 'ТОВ "Демо Трейд"',
			НаименованиеПолное: 'Товариство з обмеженою відповідальністю "Демо Трейд"',
		}),
	);
	const currency = ref(
		create('Catalog_Валюты', { Code: '980', Description: 'грн', НаименованиеПолное: 'Українська гривня' }),
	);
	const unit = ref(create(layout.units, { Code: '796', Description: 'шт', НаименованиеПолное: 'Штука' }));
	const warehouseCount = options.warehouses ?? 3;
	const warehouses = Array.from({ length: warehouseCount }, (_, i) =>
		ref(
			create(layout.warehouses, {
				Description: WAREHOUSE_NAMES[i] ?? `Склад ${i + 1}`,
				...(profile === 'unf' ? { ТипСтруктурнойЕдиницы: 'Склад' } : {}),
			}),
		),
	);
	const priceTypes = ['Роздрібна ціна', 'Оптова ціна'].map((name) =>
		ref(create(layout.priceTypes, { Description: name })),
	);
	if (layout.vatRates) {
		create(layout.vatRates, { Description: '20%', Ставка: 20 });
		create(layout.vatRates, { Description: 'Без ПДВ', НеОблагается: true });
	}
	if (has('Catalog_СостоянияЗаказовПокупателей')) {
		for (const name of ['Новий', 'В роботі', 'Виконано'])
			create('Catalog_СостоянияЗаказовПокупателей', { Description: name });
		// the configuration's own "completed" state, which closes an order
		Object.assign(create('Catalog_СостоянияЗаказовПокупателей', { Description: 'Завершено' }), {
			Predefined: true,
			PredefinedDataName: 'Завершен',
		});
	}

	// counterparties in a folder, each with a contract (UT also needs partners and agreements)
	const customersFolder = store.schema.objects.Catalog_Контрагенты.hierarchical
		? ref(create('Catalog_Контрагенты', { Description: 'Покупці', IsFolder: true }))
		: undefined;
	const customerCount = options.customers ?? 12;
	const customers: string[] = [];
	for (let i = 0; i < customerCount; i++) {
		const name = CUSTOMERS[i] ?? `Покупець ${i + 1}`;
		const customer = ref(
			create('Catalog_Контрагенты', {
				Description: name,
				НаименованиеПолное: name,
				ИНН: String(30000000 + i * 7919).padStart(8, '0'),
				...(customersFolder ? { Parent_Key: customersFolder } : {}),
			}),
		);
		customers.push(customer);
		create('Catalog_ДоговорыКонтрагентов', {
			Description: 'Основний договір',
			...ownerOf(store, 'Catalog_ДоговорыКонтрагентов', 'Catalog_Контрагенты', customer),
			Организация_Key: organisation,
		});
		if (profile === 'ut') {
			const partner = ref(create('Catalog_Партнеры', { Description: name, Клиент: true }));
			store.update('Catalog_Контрагенты', customer, { Партнер_Key: partner });
		}
	}
	if (profile === 'ut')
		create('Catalog_СоглашенияСКлиентами', {
			Description: 'Типова угода',
			Организация_Key: organisation,
			ВидЦен_Key: priceTypes[0],
			Валюта_Key: currency,
		});

	// items in folders, with an article; characteristics (sizes) for clothes where the configuration has them
	const itemCount = options.items ?? 30;
	const items: string[] = [];
	const folders = FOLDERS.map(([name, kinds]) => ({
		ref: ref(create('Catalog_Номенклатура', { Description: name, IsFolder: true })),
		kinds,
		name,
	}));
	const stock = layout.stock;
	const opening: Array<{ item: string; characteristic?: string; warehouse: number; quantity: number; cost: number }> =
		[];
	const priceRecords: Entity[] = [];
	const period = '2026-01-01T00:00:00';
	for (let i = 0; i < itemCount; i++) {
		const folder = folders[i % folders.length];
		const kind = folder.kinds[pickIndex(folder.kinds.length)];
		const colour = COLOURS[pickIndex(COLOURS.length)];
		const article = `${folder.name.slice(0, 2).toUpperCase()}-${String(i + 1).padStart(5, '0')}`;
		const item = ref(
			create('Catalog_Номенклатура', {
				Description: `${kind} ${colour} ${article}`,
				НаименованиеПолное: `${kind} ${colour}, артикул ${article}`,
				Артикул: article,
				Parent_Key: folder.ref,
				ЕдиницаИзмерения_Key: unit,
				...(profile === 'unf'
					? { ТипНоменклатуры: 'Запас' }
					: profile === 'ut'
						? { ТипНоменклатуры: 'Товар', ЕдиницаИзмерения_Key: unit }
						: {}),
			}),
		);
		items.push(item);
		const characteristics =
			layout.characteristics && folder.name === 'Одяг' && itemCount <= 1000
				? SIZES.map((size) =>
						ref(
							create(layout.characteristics!, {
								Description: size,
								...ownerOf(store, layout.characteristics!, 'Catalog_Номенклатура', item),
							}),
						),
					)
				: [undefined];
		const basePrice = 200 + pickIndex(40) * 50;
		for (const characteristic of characteristics) {
			warehouses.forEach((_warehouse, w) => {
				const quantity = pickIndex(25);
				if (quantity > 0)
					opening.push({ item, characteristic, warehouse: w, quantity, cost: Math.round(basePrice * 0.6) });
			});
			priceTypes.forEach((priceType, p) => {
				priceRecords.push({
					Period: period,
					[layout.prices.priceType]: priceType,
					Номенклатура_Key: item,
					...(characteristic ? { Характеристика_Key: characteristic } : {}),
					Цена: p === 0 ? basePrice : Math.round(basePrice * 0.8),
					[layout.prices.currency]: currency,
					...(layout.prices.unit
						? {
								ЕдиницаИзмерения: unit,
								ЕдиницаИзмерения_Type: 'StandardODATA.Catalog_КлассификаторЕдиницИзмерения',
								Актуальность: true,
							}
						: {}),
				});
			});
		}
	}
	if (stock) writeStock(store, records, stock, opening, warehouses, organisation, period);
	if (layout.cost) writeCost(store, records, layout.cost, opening, warehouses, organisation, period);
	if (layout.ledger) writeLedgerStock(store, records, opening, warehouses, organisation, period);
	for (const record of priceRecords) store.addInfoRecord(layout.prices.register, record);
	if (has(ADDITIONAL_PROPERTIES)) writeAdditionalProperties(store);
	return { organisation, currency, unit, warehouses, priceTypes, customers, items };
}

/** BSP's chart of additional attributes and information (UNF and UT have it; Accounting's documents do not use it). */
export const ADDITIONAL_PROPERTIES = 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения';

/**
 * Properties an integrator would add for an exchange: the CRM's order number and the order's
 * source as additional attributes (rows of a document's `ДополнительныеРеквизиты`), a customer
 * rating as additional information. As BSP stores them, `Заголовок` holds the title and
 * `Description` the title too for a common property but "Title (Set)" for one of a set (the
 * source belongs to the customer orders' set; the sandbox has no catalog of sets to refer to).
 */
export const DEMO_PROPERTIES: ReadonlyArray<{ title: string; name: string; information: boolean; set?: string }> = [
	{ title: 'Номер замовлення CRM', name: 'НомерЗамовленняCRM', information: false },
	{ title: 'Джерело замовлення', name: 'ДжерелоЗамовлення', information: false, set: 'Замовлення покупців' },
	{ title: 'Рейтинг клієнта', name: 'РейтингКлієнта', information: true },
];

function writeAdditionalProperties(store: BasStore): void {
	for (const property of DEMO_PROPERTIES) {
		store.create(ADDITIONAL_PROPERTIES, {
			Description: property.set ? `${property.title} (${property.set})` : property.title,
			Заголовок: property.title,
			Имя: property.name,
			ЭтоДополнительноеСведение: property.information,
			Виден: true,
			Доступен: true,
		});
	}
}

/** Owner fields of a subordinate catalog: `Owner_Key`, or `Owner` + `Owner_Type` when it has several owner types. */
function ownerOf(store: BasStore, set: string, ownerSet: string, owner: string): Entity {
	const fields = store.schema.objects[set].fields;
	if (fields.some((f) => f.name === 'Owner_Key')) return { Owner_Key: owner };
	if (fields.some((f) => f.name === 'Owner_Type')) return { Owner: owner, Owner_Type: `StandardODATA.${ownerSet}` };
	return {};
}

type OpeningStock = Array<{ item: string; characteristic?: string; warehouse: number; quantity: number; cost: number }>;

/** Opening stock as receipts in the quantity register, one recorder (opening-balance document) per warehouse. */
function writeStock(
	store: BasStore,
	records: RegisterRecords,
	stock: NonNullable<Layout['stock']>,
	opening: OpeningStock,
	warehouses: string[],
	organisation: string,
	period: string,
): void {
	const object = store.definition(stock.register);
	warehouses.forEach((warehouse, w) => {
		const recorder = randomUUID();
		const rows = opening
			.filter((line) => line.warehouse === w)
			.map((line, index) => {
				const record: Entity = {};
				for (const field of object.fields) record[field.name] = emptyValue(field);
				return Object.assign(record, {
					Recorder: recorder,
					Recorder_Type: stock.recorderType,
					Period: period,
					LineNumber: index + 1,
					Active: true,
					RecordType: 'Receipt',
					Номенклатура_Key: line.item,
					...(line.characteristic ? { Характеристика_Key: line.characteristic } : {}),
					[stock.warehouse]: warehouse,
					[stock.quantity]: line.quantity,
					...(stock.organisation ? { Организация_Key: organisation } : {}),
				});
			});
		records.write(stock.register, recorder, rows);
	});
}

/**
 * The opening stock's cost (quantity and amount) in the cost register, one recorder for all: the
 * same quantities as the stock register, so cost and stock agree. UT keeps it by a key of item,
 * characteristic and warehouse, made here once per such triple.
 */
function writeCost(
	store: BasStore,
	records: RegisterRecords,
	cost: NonNullable<Layout['cost']>,
	opening: OpeningStock,
	warehouses: string[],
	organisation: string,
	period: string,
): void {
	const object = store.definition(cost.register);
	const recorder = randomUUID();
	const rows = opening.map((line, index) => {
		const record: Entity = {};
		for (const field of object.fields) record[field.name] = emptyValue(field);
		const warehouse = warehouses[line.warehouse];
		const place = cost.keys
			? {
					[cost.keys.dimension]: String(
						store.create(cost.keys.catalog, {
							Description: `${line.item} ${line.characteristic ?? ''} ${warehouse}`,
							Номенклатура_Key: line.item,
							...(line.characteristic ? { Характеристика_Key: line.characteristic } : {}),
							[cost.keys.warehouse]: warehouse,
						}).Ref_Key,
					),
				}
			: {
					Номенклатура_Key: line.item,
					...(line.characteristic ? { Характеристика_Key: line.characteristic } : {}),
					...(cost.warehouse ? { [cost.warehouse]: warehouse } : {}),
				};
		return Object.assign(record, {
			Recorder: recorder,
			Recorder_Type: cost.recorderType,
			Period: period,
			LineNumber: index + 1,
			Active: true,
			RecordType: 'Receipt',
			...place,
			Организация_Key: organisation,
			[cost.quantity]: line.quantity,
			[cost.amount]: line.quantity * line.cost,
		});
	});
	records.write(cost.register, recorder, rows);
}

/** Opening stock on the goods account (debit 281 with item and warehouse, credit the opening account). */
function writeLedgerStock(
	store: BasStore,
	records: RegisterRecords,
	opening: OpeningStock,
	warehouses: string[],
	organisation: string,
	period: string,
): void {
	const accounts = Object.fromEntries(
		Object.entries(ACCOUNTS).map(([role, account]) => [
			role,
			String(
				store.create(CHART_OF_ACCOUNTS, {
					Code: account.code,
					Description: account.name,
					Количественный: account.quantitative,
				}).Ref_Key,
			),
		]),
	);
	const object = store.definition(LEDGER);
	const recorder = randomUUID();
	const rows = opening.map((line, index) => {
		const record: Entity = {};
		for (const field of object.fields) record[field.name] = emptyValue(field);
		return Object.assign(record, {
			Recorder: recorder,
			Recorder_Type: 'StandardODATA.Document_ВводНачальныхОстатков',
			Period: period,
			LineNumber: index + 1,
			Active: true,
			AccountDr_Key: accounts.goods,
			ExtDimensionDr1: line.item,
			ExtDimensionDr1_Type: 'StandardODATA.Catalog_Номенклатура',
			ExtDimensionDr2: warehouses[line.warehouse],
			ExtDimensionDr2_Type: 'StandardODATA.Catalog_Склады',
			AccountCr_Key: accounts.opening,
			Организация_Key: organisation,
			Сумма: line.quantity * line.cost,
			КоличествоDr: line.quantity,
		});
	});
	records.write(LEDGER, recorder, rows);
}
