/**
 * Demo account of the SalesDrive sandbox: a small Ukrainian coffee-and-tea shop with three
 * stocks, a catalog of 30 products and 30 orders spread over the last ten days in every status.
 * Everything is built through the store's own operations (at past times), so the data is
 * consistent: status histories, contacts with repeat orders, payments, fiscal receipts.
 * Randomness is seeded; only "now" moves.
 */
import { seededRandom } from '../common/random';
import type { SalesDriveDirectories, SalesDriveStore } from './store';
import { accountDate } from './time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/**
 * Status ids 1..7. `type` is undocumented; the sandbox reads it as 1 = in progress, 2 = done,
 * 3 = refused or returned, 4 = deleted (what `__NOTDELETED__` leaves out).
 */
export function demoDirectories(): SalesDriveDirectories {
	return {
		statuses: [
			{ id: 1, name: 'Новий', type: 1 },
			{ id: 2, name: 'Підтверджено', type: 1 },
			{ id: 3, name: 'Відправлено', type: 1 },
			{ id: 4, name: 'Виконано', type: 2 },
			{ id: 5, name: 'Скасовано', type: 3 },
			{ id: 6, name: 'Повернення', type: 3 },
			{ id: 7, name: 'Видалено', type: 4 },
		],
		paymentMethods: [
			{ id: 1, name: 'Післяплата', parameter: 'postpay' },
			{ id: 2, name: 'Оплата на карту', parameter: 'card' },
			{ id: 3, name: 'Готівкою', parameter: 'cash' },
			{ id: 4, name: 'Безготівковий розрахунок', parameter: 'invoice' },
		],
		deliveryMethods: [
			{ id: 1, name: 'Нова Пошта', parameter: 'novaposhta' },
			{ id: 2, name: 'Укрпошта', parameter: 'ukrposhta' },
			{ id: 3, name: 'Meest', parameter: 'meest' },
			{ id: 4, name: 'Самовивіз', parameter: 'samovyviz' },
		],
		users: [
			{ id: 1, name: 'Олена Коваль' },
			{ id: 2, name: 'Андрій Шевчук' },
			{ id: 3, name: 'Ірина Мороз' },
		],
		sites: [],
		organizations: [
			{
				id: 1,
				title: 'ФОП Кравчук Олег Петрович',
				egrpou: '3124509876',
				accounts: [{ id: 1, title: 'Основний рахунок', accountNumber: 'UA213223130000026007233566001' }],
			},
			{
				id: 2,
				title: 'ТОВ «Кавовий дім»',
				egrpou: '43219876',
				accounts: [{ id: 2, title: 'Поточний рахунок', accountNumber: 'UA903052990000026004123456789' }],
			},
		],
		warehouses: [
			{ id: '1', name: 'Основний склад (Київ)' },
			{ id: '2', name: 'Склад Львів' },
			{ id: '3', name: 'Магазин Одеса' },
		],
		customFields: [
			{ parameter: 'dokument_bas', name: 'Документ BAS', type: 'text' },
			{
				parameter: 'dzherelo',
				name: 'Джерело',
				type: 'select',
				options: [
					{ id: 1, text: 'Сайт' },
					{ id: 2, text: 'Instagram' },
					{ id: 3, text: 'Телефон' },
				],
			},
		],
		currencies: [
			{ code: 'USD', abbreviation: '$', rate: 41.25 },
			{ code: 'EUR', abbreviation: '€', rate: 44.8 },
			{ code: 'PLN', abbreviation: 'zł', rate: 10.35 },
		],
		baseCurrency: 'UAH',
	};
}

const CATEGORIES = [
	{ id: '1', name: 'Кава', parentId: null },
	{ id: '2', name: 'Кава в зернах', parentId: '1' },
	{ id: '3', name: 'Мелена кава', parentId: '1' },
	{ id: '4', name: 'Чай', parentId: null },
	{ id: '5', name: 'Посуд та аксесуари', parentId: null },
	{ id: '6', name: 'Солодощі', parentId: null },
];

/** [id, name, sku, category, price, weight label or '', parent id or ''] */
const PRODUCTS: Array<[string, string, string, string, number, string, string]> = [
	['101', 'Кава в зернах Ефіопія Іргачеффе 250 г', 'KV-ETH-250', '2', 320, '250 г', ''],
	['102', 'Кава в зернах Ефіопія Іргачеффе 1 кг', 'KV-ETH-1000', '2', 1150, '1 кг', '101'],
	['103', 'Кава в зернах Колумбія Супремо 250 г', 'KV-COL-250', '2', 290, '250 г', ''],
	['104', 'Кава в зернах Колумбія Супремо 1 кг', 'KV-COL-1000', '2', 1040, '1 кг', '103'],
	['105', 'Кава в зернах Бразилія Сантос 1 кг', 'KV-BRA-1000', '2', 890, '1 кг', ''],
	['106', 'Кава в зернах Кенія АА 250 г', 'KV-KEN-250', '2', 360, '250 г', ''],
	['107', 'Еспресо-суміш «Львівська» 1 кг', 'KV-ESP-1000', '2', 780, '1 кг', ''],
	['108', 'Кава без кофеїну Мексика 250 г', 'KV-DEC-250', '2', 340, '250 г', ''],
	['109', 'Мелена кава «Ранкова» 250 г', 'KM-RAN-250', '3', 210, '250 г', ''],
	['110', 'Мелена кава для турки 200 г', 'KM-TUR-200', '3', 185, '200 г', ''],
	['111', 'Мелена кава Гватемала 250 г', 'KM-GUA-250', '3', 300, '250 г', ''],
	['112', 'Чай зелений Сенча 100 г', 'CH-SEN-100', '4', 165, '100 г', ''],
	['113', 'Чай чорний Ассам 100 г', 'CH-ASS-100', '4', 140, '100 г', ''],
	['114', 'Чай трав’яний «Карпатський збір» 50 г', 'CH-KARP-50', '4', 120, '50 г', ''],
	['115', 'Чай улун Те Гуань Інь 100 г', 'CH-OOL-100', '4', 260, '100 г', ''],
	['116', 'Чай ройбуш з апельсином 100 г', 'CH-ROO-100', '4', 150, '100 г', ''],
	['117', 'Турка мідна 350 мл', 'AK-TUR-350', '5', 650, '', ''],
	['118', 'Френч-прес 600 мл', 'AK-FP-600', '5', 520, '', ''],
	['119', 'Кемекс на 6 чашок', 'AK-CHX-6', '5', 1850, '', ''],
	['120', 'Фільтри паперові для пуровера, 100 шт', 'AK-FLT-100', '5', 180, '', ''],
	['121', 'Кавомолка ручна з керамічними жорнами', 'AK-GRD-01', '5', 1250, '', ''],
	['122', 'Чашка керамічна 250 мл', 'AK-CUP-250', '5', 240, '', ''],
	['123', 'Термокухоль 450 мл', 'AK-THM-450', '5', 690, '', ''],
	['124', 'Ваги кавові з таймером', 'AK-SCL-01', '5', 980, '', ''],
	['125', 'Шоколад чорний 72% 100 г', 'SL-CHK-72', '6', 95, '100 г', ''],
	['126', 'Печиво вівсяне 200 г', 'SL-OAT-200', '6', 75, '200 г', ''],
	['127', 'Мед гречаний 250 г', 'SL-MED-250', '6', 160, '250 г', ''],
	['128', 'Сироп карамельний 250 мл', 'SL-SYR-250', '6', 210, '', ''],
	['129', 'Подарунковий набір «Кавовий ранок»', 'GF-SET-01', '6', 990, '', ''],
	['130', 'Пастила яблучна 100 г', 'SL-PAS-100', '6', 85, '100 г', ''],
];

const UKTZED: Record<string, string> = { '2': '0901210000', '3': '0901210000', '4': '0902300000' };

/** [last name, first name, middle name, phone] */
const PEOPLE: Array<[string, string, string, string]> = [
	['Петренко', 'Олена', 'Іванівна', '+380501234567'],
	['Коваленко', 'Іван', 'Петрович', '0672345678'],
	['Шевченко', 'Марія', 'Олегівна', '+38 (093) 345-67-89'],
	['Бондаренко', 'Андрій', 'Сергійович', '380634567890'],
	['Ткаченко', 'Наталія', 'Василівна', '0955678901'],
	['Кравченко', 'Сергій', 'Миколайович', '+380666789012'],
	['Мельник', 'Оксана', 'Богданівна', '0977890123'],
	['Бойко', 'Дмитро', 'Андрійович', '+380508901234'],
	['Олійник', 'Юлія', 'Романівна', '0689012345'],
	['Лисенко', 'Тарас', 'Ігорович', '+380730123456'],
	['Савченко', 'Ірина', 'Володимирівна', '0991234560'],
	['Руденко', 'Богдан', 'Олександрович', '+380662345671'],
	['Гончаренко', 'Катерина', 'Юріївна', '0503456782'],
	['Левченко', 'Максим', 'Дмитрович', '+380674567893'],
];

const CITIES: Array<[string, string]> = [
	['Київ', 'Київська'],
	['Львів', 'Львівська'],
	['Одеса', 'Одеська'],
	['Дніпро', 'Дніпропетровська'],
	['Харків', 'Харківська'],
	['Вінниця', 'Вінницька'],
	['Полтава', 'Полтавська'],
	['Івано-Франківськ', 'Івано-Франківська'],
];

const SITES = ['kava-lviv.com.ua', 'Instagram', 'rozetka.com.ua'];

function demoCatalog(store: SalesDriveStore, random: () => number, at: Date): void {
	store.changeCategories(
		'update',
		CATEGORIES.map((category) => ({ ...category, parentId: category.parentId ?? 0 })),
	);
	const categories = new Map(CATEGORIES.map((category) => [category.id, category.name]));
	store.upsertProducts(
		PRODUCTS.map(([id, name, sku, category, price, weight, parent], index) => {
			const stock = () => (random() < 0.15 ? 0 : Math.floor(random() * 40));
			return {
				id,
				name,
				nameForDocuments: name,
				sku,
				barcode: `482${String(1000000000 + Number(id) * 7).padStart(10, '0')}`,
				manufacturer: category === '5' ? 'Barista Tools' : 'Кавовий дім',
				costPerItem: price,
				currency: 'UAH',
				expenses: Math.round(price * 0.55),
				currencyExpenses: 'UAH',
				category: { id: category, name: categories.get(category) },
				stockBalanceByStock: { '1': stock(), '2': stock(), '3': stock() },
				additionalPrices: [{ priceType: 'Оптова ціна', priceValue: Math.round(price * 0.85), priceCurrency: 'UAH' }],
				params: weight ? [{ name: 'Вага', type: 'select', value: weight }] : [],
				...(parent ? { parentProductId: parent } : {}),
				...(UKTZED[category] ? { uktzed: UKTZED[category] } : {}),
				...(id === '129'
					? {
							set: [
								{ id: '101', quantity: 1 },
								{ id: '122', quantity: 2 },
							],
						}
					: {}),
				weight: weight.endsWith('кг') ? 1 : 0.3 + (index % 3) * 0.1,
			};
		}),
		[],
		at,
	);
}

/** The paths orders take through the statuses (by final status). */
const PATHS: Record<number, number[]> = {
	1: [],
	2: [2],
	3: [2, 3],
	4: [2, 3, 4],
	5: [2, 5],
	6: [2, 3, 4, 6],
	7: [7],
};

interface OrderPlan {
	at: number;
	finalStatus: number;
	/** when the status changes may happen until */
	until: number;
}

/** Builds one order through the store the way it would have lived: created, then moved along its statuses. */
function playOrder(store: SalesDriveStore, random: () => number, plan: OrderPlan, sequence: number): void {
	const [lName, fName, mName, phone] = pick(random, PEOPLE);
	const delivery = pick(random, ['novaposhta', 'novaposhta', 'novaposhta', 'ukrposhta', 'samovyviz']);
	const payment = delivery === 'samovyviz' ? 'cash' : pick(random, ['postpay', 'postpay', 'card', 'invoice']);
	const [city, area] = pick(random, CITIES);
	const products = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
		const [id, name, sku, , price] = pick(random, PRODUCTS);
		const roll = random();
		return {
			id,
			name,
			sku,
			costPerItem: price,
			amount: 1 + Math.floor(random() * 3),
			...(roll < 0.15 ? { discount: '5%' } : roll < 0.25 ? { discount: 20 } : {}),
		};
	});
	const site = pick(random, SITES);
	const input: Record<string, unknown> = {
		lName,
		fName,
		mName,
		phone,
		email: random() < 0.5 ? `client${PEOPLE.findIndex((p) => p[3] === phone) + 1}@example.com` : undefined,
		products,
		payment_method: payment,
		shipping_method: delivery,
		shipping_address: delivery === 'samovyviz' ? null : `${city}, відділення ${1 + Math.floor(random() * 60)}`,
		comment:
			random() < 0.3
				? pick(random, ['Передзвоніть перед відправкою', 'Подарункова упаковка', 'Доставка після 18:00'])
				: undefined,
		sajt: site,
		externalId: site === 'kava-lviv.com.ua' ? `WEB-${5000 + sequence}` : undefined,
		salesdrive_manager: 1 + Math.floor(random() * 3),
		stockId: 1,
		dzherelo: site === 'Instagram' ? 'id_2' : site === 'kava-lviv.com.ua' ? 'id_1' : 'id_3',
		utmSource: site === 'kava-lviv.com.ua' ? pick(random, ['google', 'facebook', 'direct']) : undefined,
	};
	if (delivery === 'novaposhta') {
		input.novaposhta = {
			ServiceType: 'WarehouseWarehouse',
			payer: 'recipient',
			area,
			city,
			WarehouseNumber: String(1 + Math.floor(random() * 60)),
		};
	} else if (delivery === 'ukrposhta') {
		input.ukrposhta = {
			ServiceType: 'WarehouseWarehouse',
			payer: 'recipient',
			type: 'express',
			city,
			WarehouseNumber: String(79000 + Math.floor(random() * 99)),
		};
	}
	const order = store.createOrder(input, new Date(plan.at));
	const path = PATHS[plan.finalStatus];
	const step = Math.min(6 * HOUR, (plan.until - plan.at) / (path.length + 1));
	path.forEach((statusId, index) => {
		const at = new Date(plan.at + step * (index + 1));
		const data: Record<string, unknown> = { statusId };
		if (statusId === 3 && (delivery === 'novaposhta' || delivery === 'ukrposhta')) {
			data[delivery] = { ttn: String(20450000000000 + order.id * 131) };
		}
		if (statusId === 4) {
			data.paymentDate = formatDotted(at);
			data.dokument_bas = `РН-${String(order.id).padStart(8, '0')}`;
		}
		store.updateOrder({ id: order.id }, data, at);
		if (statusId === 4) {
			const amount = store.amounts(order).restPay;
			if (amount > 0) {
				store.createPayment(
					{
						organizationId: order.organizationId,
						accountNumber: 'UA213223130000026007233566001',
						sum: amount,
						description: `Оплата замовлення №${order.id}`,
						orderId: order.id,
						uniqueId: `demo-${order.id}`,
					},
					at,
				);
			}
			store.addCheck(order, 'sale', at);
		}
		if (statusId === 6) store.addCheck(order, 'return', at);
	});
	if (random() < 0.2) store.addNote(order.id, 'Клієнт просив зателефонувати після обіду', new Date(plan.at + step / 2));
}

function formatDotted(date: Date): string {
	const [year, month, day] = accountDate(date).split('-');
	return `${day}.${month}.${year}`;
}

/** How many of the 30 demo orders end in each status. */
const DEMO_FINAL_STATUSES = [4, 4, 3, 2, 4, 5, 4, 7, 3, 4, 6, 2, 4, 3, 4, 5, 2, 4, 3, 7, 4, 2, 3, 4, 1, 3, 2, 1, 1, 1];

/** Fills an empty store with the demo account (used as the store's `fill`); without orders when `orders` is false. */
export function loadDemoData(store: SalesDriveStore, options: { orders?: boolean; now?: number } = {}): void {
	const now = options.now ?? Date.now();
	const random = seededRandom(20250918);
	store.directories = demoDirectories();
	store.startIdsAt({ order: 10001, product: 54001, contact: 35001, note: 501, payment: 901, check: 301, site: 149 });
	demoCatalog(store, random, new Date(now - 11 * DAY));
	if (options.orders === false) return;
	const count = DEMO_FINAL_STATUSES.length;
	DEMO_FINAL_STATUSES.forEach((finalStatus, index) => {
		// one order every 8 hours over the last 10 days, the newest a few hours old
		const at = now - (count - index) * 8 * HOUR + Math.floor(random() * 2 * HOUR);
		playOrder(store, random, { at, finalStatus, until: now - 5 * 60_000 }, index);
	});
}

/**
 * Adds `count` generated orders (for benchmarks: 2,500 take well under a second), created over
 * the last `days` days in random statuses, oldest first. Returns their ids.
 */
export function fillOrders(
	store: SalesDriveStore,
	count: number,
	options: { days?: number; seed?: number } = {},
): number[] {
	const random = seededRandom(options.seed ?? 7);
	const now = Date.now();
	const span = (options.days ?? 30) * DAY;
	const finals = [1, 2, 3, 4, 4, 4, 5, 6];
	const ids: number[] = [];
	for (let index = 0; index < count; index++) {
		const at = now - span + Math.floor((span * index) / Math.max(count, 1));
		const before = store.orders.length;
		playOrder(
			store,
			random,
			{ at, finalStatus: pick(random, finals), until: Math.min(now - 1000, at + 2 * DAY) },
			index,
		);
		if (store.orders.length > before) ids.push(store.orders[store.orders.length - 1].id);
	}
	return ids;
}
