/**
 * The sandbox's demo account: a small Ukrainian shop with three sales channels, three warehouses,
 * 40 products (62 offers), 60 buyers and 120 orders over the last two weeks in every status and
 * payment state. Generated from a fixed seed, so every reset gives the same records (times are
 * relative to the moment of the reset).
 */
import { seededRandom } from '../common/random';
import { nowSeconds, round2 } from './format';
import {
	type BuyerRecord,
	emptyShipping,
	type KeyCrmStore,
	type OfferRecord,
	type OrderLine,
	type OrderRecord,
	orderTotals,
	type PaymentRecord,
	type PaymentState,
} from './store';

const DAY = 86_400_000;
const HOUR = 3_600_000;

class Dice {
	constructor(readonly next: () => number) {}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** picks by weight: `[[value, weight], …]` */
	weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
		const total = choices.reduce((sum, [, w]) => sum + w, 0);
		let roll = this.next() * total;
		for (const [value, weight] of choices) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return choices[choices.length - 1][0];
	}
}

/** Ids of the demo directories, for tests and templates that want to name them. */
export const DEMO = {
	status: { new: 1, confirmed: 2, shipped: 3, completed: 4, canceled: 5 },
	source: { site: 1, instagram: 2, rozetka: 3 },
	paymentMethod: { cash: 1, card: 2, cod: 3, liqpay: 4, invoice: 5, rozetkaPay: 6 },
	deliveryService: { novaposhta: 1, ukrposhta: 2, meest: 3, pickup: 4 },
	warehouse: { kyiv: 1, lviv: 2, odesa: 3 },
	tag: { vip: 1, wholesale: 2, repeat: 3 },
	customField: { basDocument: 'OR_1001', customerType: 'OR_1002', edrpou: 'LD_1003', uktzed: 'CT_1004' },
} as const;

/** [code, name, category, price, sizes] */
const CATALOG: ReadonlyArray<readonly [string, string, number, number, readonly string[]]> = [
	['TSW', 'Футболка базова біла', 1, 450, ['S', 'M', 'L']],
	['TSB', 'Футболка базова чорна', 1, 450, ['S', 'M', 'L']],
	['HDO', 'Худі оверсайз сіре', 1, 1290, ['S', 'M', 'L']],
	['SWT', 'Світшот з начосом', 1, 990, ['S', 'M', 'L']],
	['JNS', 'Джинси прямі', 1, 1590, ['S', 'M', 'L']],
	['DRS', 'Сукня лляна', 1, 1850, ['S', 'M', 'L']],
	['JKT', 'Куртка демісезонна', 1, 2990, ['S', 'M', 'L']],
	['SHR', 'Сорочка оксфорд', 1, 1190, ['S', 'M', 'L']],
	['SNK', 'Кеди канвас', 2, 1390, ['40', '42', '44']],
	['RUN', 'Кросівки бігові', 2, 2790, ['40', '42', '44']],
	['BTS', 'Черевики шкіряні', 2, 3490, ['40', '42', '44']],
	['SCK', 'Шкарпетки, 3 пари', 3, 199, []],
	['HAT', 'Шапка в рубчик', 3, 390, []],
	['SCF', 'Шарф вовняний', 3, 690, []],
	['BPK', 'Рюкзак міський', 3, 1490, []],
	['SHP', 'Сумка-шопер', 3, 350, []],
	['BLT', 'Ремінь шкіряний', 3, 790, []],
	['WLT', 'Гаманець', 3, 650, []],
	['SUN', 'Окуляри сонцезахисні', 3, 890, []],
	['GLV', 'Рукавички', 3, 420, []],
	['CAP', 'Кепка', 3, 480, []],
	['MUG', 'Чашка керамічна 350 мл', 4, 240, []],
	['CDL', 'Свічка соєва', 4, 320, []],
	['PLD', 'Плед вовняний', 4, 1690, []],
	['PLW', 'Подушка декоративна', 4, 560, []],
	['TWL', 'Рушник бавовняний', 4, 380, []],
	['PLT', 'Набір тарілок, 6 шт', 4, 1250, []],
	['VAS', 'Ваза скляна', 4, 720, []],
	['YGM', 'Килимок для йоги', 4, 850, []],
	['EAR', 'Навушники бездротові', 5, 1990, []],
	['PWB', 'Павербанк 10000 мАг', 5, 990, []],
	['CHG', 'Зарядний пристрій USB-C', 5, 590, []],
	['CBL', 'Кабель USB-C, 1 м', 5, 190, []],
	['SPK', 'Колонка портативна', 5, 1490, []],
	['WTC', 'Смарт-годинник', 5, 3290, []],
	['CSE', 'Чохол для телефону', 5, 290, []],
	['USB', 'Флешка 64 ГБ', 5, 340, []],
	['LMP', 'Лампа настільна LED', 5, 1090, []],
	['MSE', 'Миша бездротова', 5, 650, []],
	['KBD', 'Клавіатура механічна', 5, 2490, []],
];

const FIRST_NAMES = (
	'Олена Андрій Марія Олександр Ірина Дмитро Наталія Сергій Тетяна Віктор ' +
	'Юлія Максим Оксана Богдан Анна Ігор Світлана Роман Катерина Василь'
).split(' ');
const LAST_NAMES = (
	'Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Мельник Лисенко ' +
	'Марченко Руденко Савченко Петренко Мороз Гончаренко Кузьменко'
).split(' ');
const CITIES: ReadonlyArray<readonly [string, string, string]> = [
	['Київ', 'Київська', '01001'],
	['Львів', 'Львівська', '79000'],
	['Одеса', 'Одеська', '65000'],
	['Харків', 'Харківська', '61000'],
	['Дніпро', 'Дніпропетровська', '49000'],
	['Вінниця', 'Вінницька', '21000'],
	['Полтава', 'Полтавська', '36000'],
	['Чернігів', 'Чернігівська', '14000'],
	['Івано-Франківськ', 'Івано-Франківська', '76000'],
	['Запоріжжя', 'Запорізька', '69000'],
];
const OPERATOR_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'];

/** One generator per store, so benchmark additions continue the demo's sequence. */
const dice = new WeakMap<KeyCrmStore, Dice>();

function diceFor(store: KeyCrmStore): Dice {
	let d = dice.get(store);
	if (!d) {
		d = new Dice(seededRandom(20240601));
		dice.set(store, d);
	}
	return d;
}

function seedDirectories(store: KeyCrmStore, now: number): void {
	const since = now - 400 * DAY;
	const status = (
		id: number,
		name: string,
		alias: string,
		group: number,
		flags: { closing?: boolean; reserved?: boolean } = {},
	) => ({
		id,
		name,
		alias,
		is_active: true,
		group_id: group,
		is_closing_order: flags.closing ?? false,
		is_reserved: flags.reserved ?? false,
		expiration_period: null,
		created_at: since,
		updated_at: since,
	});
	store.statuses = [
		status(1, 'Новий', 'new', 1),
		status(2, 'Підтверджено', 'confirmed', 2, { reserved: true }),
		status(3, 'Відправлено', 'shipped', 3, { reserved: true }),
		status(4, 'Виконано', 'completed', 4, { closing: true }),
		status(5, 'Скасовано', 'canceled', 5, { closing: true }),
	];
	const source = (id: number, name: string, alias: string, driver: string, sourceName: string) => ({
		id,
		name,
		alias,
		driver,
		source_uuid: null,
		source_name: sourceName,
		currency_code: 'UAH',
		created_at: since,
		updated_at: since,
	});
	store.sources = [
		source(1, 'Сайт', 'site', 'custom', 'shop.example.ua'),
		source(2, 'Instagram', 'instagram', 'instagram', '@example.shop'),
		source(3, 'Rozetka', 'rozetka', 'rozetka', 'Rozetka Marketplace'),
	];
	store.paymentMethods = [
		{ id: 1, name: 'Готівка', alias: 'cash', is_active: true },
		{ id: 2, name: 'Оплата на картку', alias: 'card', is_active: true },
		{ id: 3, name: 'Накладений платіж', alias: 'cod', is_active: true },
		{ id: 4, name: 'LiqPay', alias: 'liqpay', is_active: true },
		{ id: 5, name: 'Безготівковий рахунок', alias: 'invoice', is_active: true },
		{ id: 6, name: 'Rozetka Pay', alias: 'rozetka_pay', is_active: true },
	];
	store.deliveryServices = [
		{ id: 1, name: 'Нова Пошта', source_name: 'novaposhta', alias: 'novaposhta' },
		{ id: 2, name: 'Укрпошта', source_name: 'ukrposhta', alias: 'ukrposhta' },
		{ id: 3, name: 'Meest', source_name: 'meest', alias: 'meest' },
		{ id: 4, name: 'Самовивіз', source_name: null, alias: 'pickup' },
	];
	store.warehouses = [
		{ id: 1, name: 'Основний склад', description: 'Київ, вул. Промислова, 5', is_active: true },
		{ id: 2, name: 'Склад Львів', description: 'Львів, вул. Городоцька, 120', is_active: true },
		{ id: 3, name: 'Склад Одеса', description: 'Одеса, вул. Балківська, 44', is_active: true },
	];
	const user = (id: number, first: string, last: string, username: string, role: number) => ({
		id,
		first_name: first,
		last_name: last,
		username,
		email: `${username}@shop.example.ua`,
		phone: null,
		role_id: role,
		status: 'active' as const,
		created_at: since,
		updated_at: since,
		last_logged_at: now - HOUR,
	});
	store.users = [
		user(1, 'Олена', 'Петрук', 'olena', 1),
		user(2, 'Максим', 'Дорошенко', 'maksym', 2),
		user(3, 'Ірина', 'Савчук', 'iryna', 2),
	];
	store.tags = [
		{ id: 1, name: 'VIP', alias: 'vip', color: '#FFC107', created_at: since, updated_at: since },
		{ id: 2, name: 'Опт', alias: 'wholesale', color: '#2196F3', created_at: since, updated_at: since },
		{ id: 3, name: 'Повторне', alias: 'repeat', color: '#4CAF50', created_at: since, updated_at: since },
	];
	const named = (id: number, name: string, alias: string) => ({
		id,
		name,
		alias,
		is_active: true,
		created_at: since,
		updated_at: since,
	});
	store.expenseTypes = [named(1, 'Доставка', 'delivery'), named(2, 'Комісія маркетплейсу', 'marketplace_fee')];
	store.productStatuses = [
		named(1, 'Зарезервовано', 'reserved'),
		named(2, 'Під замовлення', 'to_order'),
		named(3, 'Повернено', 'returned'),
	];
	store.categories = [
		{ id: 1, name: 'Одяг', parent_id: null },
		{ id: 2, name: 'Взуття', parent_id: null },
		{ id: 3, name: 'Аксесуари', parent_id: null },
		{ id: 4, name: 'Дім', parent_id: null },
		{ id: 5, name: 'Електроніка', parent_id: null },
	];
	store.customFields = [
		field(1, 'Документ BAS', DEMO.customField.basDocument, 'order', 'text'),
		field(2, 'Тип клієнта', DEMO.customField.customerType, 'order', 'select', ['Роздріб', 'Опт', 'Дропшипінг']),
		field(3, 'ЄДРПОУ', DEMO.customField.edrpou, 'client', 'text'),
		field(4, 'Код УКТ ЗЕД', DEMO.customField.uktzed, 'crm_product', 'text'),
	];
}

function field(
	id: number,
	name: string,
	uuid: string,
	model: 'order' | 'client' | 'crm_product',
	type: 'text' | 'select',
	options: string[] = [],
) {
	return {
		id,
		name,
		uuid,
		model,
		type,
		required: false,
		position: id,
		is_multiple: false,
		options: options.map((value, i) => ({ id: id * 100 + i + 1, field_id: id, value })),
	};
}

function stocksFor(store: KeyCrmStore, d: Dice) {
	const stocks = new Map<number, { quantity: number; reserve: number }>();
	for (const warehouse of store.warehouses) {
		const quantity = d.chance(0.15) ? 0 : d.int(1, 40);
		stocks.set(warehouse.id, {
			quantity,
			reserve: quantity > 0 && d.chance(0.3) ? d.int(1, Math.min(3, quantity)) : 0,
		});
	}
	return stocks;
}

function seedCatalog(store: KeyCrmStore, d: Dice, now: number): void {
	for (const [code, name, category, price, sizes] of CATALOG) {
		const created = now - d.int(60, 300) * DAY;
		const product = store.insertProduct({
			id: store.nextId('product'),
			name,
			description: null,
			pictures: [`https://cdn.shop.example.ua/${code.toLowerCase()}.jpg`],
			unit_type: null,
			currency_code: 'UAH',
			category_id: category,
			has_offers: sizes.length > 0,
			is_archived: false,
			offerIds: [],
			custom: new Map(),
			created_at: created,
			updated_at: created,
		});
		const variants = sizes.length ? sizes : [null];
		for (const size of variants) {
			store.insertOffer({
				id: store.nextId('offer'),
				product_id: product.id,
				sku: size ? `${code}-${size}` : code,
				barcode: `482${String(product.id).padStart(4, '0')}${String(store.offers.size).padStart(6, '0')}`,
				price,
				purchased_price: round2(price * 0.55),
				weight: 0.3,
				length: 30,
				width: 20,
				height: 5,
				image_url: product.pictures[0],
				properties: size ? [{ name: 'Розмір', value: size }] : [],
				is_archived: false,
				stocks: stocksFor(store, d),
				created_at: created,
				updated_at: created,
			});
		}
	}
}

function phoneNumber(d: Dice): string {
	return `+380${d.pick(OPERATOR_CODES)}${String(d.int(0, 9_999_999)).padStart(7, '0')}`;
}

function seedBuyers(store: KeyCrmStore, d: Dice, now: number, count: number): void {
	for (let i = 0; i < count; i++) {
		const created = now - d.int(20, 365) * DAY - d.int(0, 23) * HOUR;
		const id = store.nextId('buyer');
		const [city, region, zip] = d.pick(CITIES);
		const fullName = `${d.pick(LAST_NAMES)} ${d.pick(FIRST_NAMES)}`;
		const phone = phoneNumber(d);
		const buyer: BuyerRecord = {
			id,
			full_name: fullName,
			birthday: d.chance(0.3) ? `19${d.int(70, 99)}-0${d.int(1, 9)}-1${d.int(0, 9)}` : null,
			email: d.chance(0.7) ? [`client${id}@example.com`] : [],
			phone: [phone],
			note: null,
			discount: d.chance(0.1) ? 5 : 0,
			company_id: null,
			manager_id: null,
			shipping: [
				{
					address: null,
					additional_address: null,
					city,
					region,
					zip_code: zip,
					country: 'Україна',
					recipient_full_name: fullName,
					recipient_phone: phone,
					warehouse_ref: null,
					shipping_service: 'novaposhta',
				},
			],
			custom: new Map(),
			created_at: created,
			updated_at: created,
		};
		if (d.chance(0.1)) buyer.custom.set(DEMO.customField.edrpou, String(d.int(10_000_000, 99_999_999)));
		store.insertBuyer(buyer);
	}
}

type DemoStatus = keyof typeof DEMO.status;

function statusForAge(d: Dice, ageMs: number): DemoStatus {
	if (ageMs < DAY)
		return d.weighted<DemoStatus>([
			['new', 6],
			['confirmed', 4],
		]);
	if (ageMs < 3 * DAY)
		return d.weighted<DemoStatus>([
			['new', 1],
			['confirmed', 4],
			['shipped', 4],
			['canceled', 1],
		]);
	return d.weighted<DemoStatus>([
		['shipped', 2],
		['completed', 7],
		['canceled', 1],
	]);
}

interface Pools {
	offers: OfferRecord[];
	buyers: BuyerRecord[];
}

function pools(store: KeyCrmStore): Pools {
	return {
		offers: [...store.offers.values()].filter((o) => o.sku && !o.is_archived),
		buyers: [...store.buyers.values()],
	};
}

/** One order as the demo shop would have it, created at `createdAt`. */
function demoOrder(
	store: KeyCrmStore,
	d: Dice,
	createdAt: number,
	now: number,
	{ offers, buyers }: Pools,
): OrderRecord {
	const buyer = d.pick(buyers);
	const sourceId = d.weighted([
		[DEMO.source.site, 5],
		[DEMO.source.instagram, 3],
		[DEMO.source.rozetka, 2],
	]);
	const status = statusForAge(d, now - createdAt);
	const id = store.nextId('order');
	const lines: OrderLine[] = [];
	const used = new Set<OfferRecord>();
	for (
		let n = d.weighted([
			[1, 5],
			[2, 3],
			[3, 2],
		]);
		n > 0;
		n--
	) {
		const offer = d.pick(offers);
		if (used.has(offer)) continue;
		used.add(offer);
		const product = store.products.get(offer.product_id)!;
		lines.push({
			id: store.nextId('line'),
			offer_id: offer.id,
			name: product.name,
			sku: offer.sku,
			price: offer.price,
			purchased_price: offer.purchased_price,
			discount_percent: d.chance(0.1) ? 10 : 0,
			discount_amount: 0,
			quantity: d.weighted([
				[1, 7],
				[2, 2],
				[3, 1],
			]),
			unit_type: null,
			upsale: false,
			comment: null,
			product_status_id: null,
			picture: offer.image_url,
			properties: offer.properties,
			warehouse_id: d.weighted([
				[DEMO.warehouse.kyiv, 6],
				[DEMO.warehouse.lviv, 2],
				[DEMO.warehouse.odesa, 2],
			]),
		});
	}
	const updatedAt = Math.min(now, createdAt + d.int(0, 48) * HOUR + d.int(0, 3599) * 1000);
	const closing = status === 'completed' || status === 'canceled';
	const serviceId = d.weighted([
		[DEMO.deliveryService.novaposhta, 15],
		[DEMO.deliveryService.ukrposhta, 3],
		[DEMO.deliveryService.pickup, 2],
	]);
	const [city, region, zip] = d.pick(CITIES);
	const sent = status === 'shipped' || status === 'completed';
	const order: OrderRecord = {
		id,
		parent_id: null,
		source_uuid:
			sourceId === DEMO.source.rozetka
				? String(d.int(400_000_000, 499_999_999))
				: sourceId === DEMO.source.site
					? `№${17_000 + id}`
					: null,
		global_source_uuid: null,
		status_on_source: null,
		source_id: sourceId,
		status_id: DEMO.status[status],
		buyer_id: buyer.id,
		manager_id: status === 'new' ? null : d.pick([2, 3]),
		promocode: d.chance(0.05) ? 'SPRING10' : null,
		discount_percent: 0,
		discount_amount: 0,
		shipping_price: 0,
		wrap_price: 0,
		gift_wrap: false,
		taxes: 0,
		manager_comment: null,
		buyer_comment: d.chance(0.15) ? 'Зателефонуйте перед відправкою, будь ласка' : null,
		gift_message: null,
		is_gift: false,
		lines,
		payments: [],
		shipping:
			serviceId === DEMO.deliveryService.pickup
				? {
						...emptyShipping(),
						delivery_service_id: serviceId,
						shipping_receive_point: 'Київ, вул. Промислова, 5',
						recipient_full_name: buyer.full_name,
						recipient_phone: buyer.phone[0] ?? null,
					}
				: {
						...emptyShipping(),
						delivery_service_id: serviceId,
						tracking_code:
							sent && serviceId === DEMO.deliveryService.novaposhta
								? `2045${String(d.int(0, 9_999_999_999)).padStart(10, '0')}`
								: null,
						shipping_status: sent ? (status === 'completed' ? 'received' : 'in_transit') : null,
						shipping_address_city: city,
						shipping_address_country: 'Україна',
						shipping_address_country_code: 'UA',
						shipping_address_region: region,
						shipping_address_zip: zip,
						shipping_receive_point: `Відділення №${d.int(1, 150)}`,
						recipient_full_name: buyer.full_name,
						recipient_phone: buyer.phone[0] ?? null,
						shipping_date_actual: sent ? Math.min(updatedAt, createdAt + DAY) : null,
					},
		marketing:
			sourceId === DEMO.source.site && d.chance(0.5)
				? {
						utm_source: d.pick(['google', 'facebook', 'instagram']),
						utm_medium: 'cpc',
						utm_campaign: 'spring_sale',
						utm_term: null,
						utm_content: null,
						created_at: createdAt,
						updated_at: createdAt,
					}
				: null,
		custom: new Map(),
		tag_ids: d.chance(0.1) ? [DEMO.tag.vip] : [],
		last_synced_at: sourceId === DEMO.source.rozetka ? updatedAt : null,
		created_at: createdAt,
		ordered_at: sourceId === DEMO.source.rozetka ? createdAt - d.int(1, 600) * 1000 : createdAt,
		updated_at: updatedAt,
		closed_at: closing ? updatedAt : null,
		status_changed_at: updatedAt,
	};
	if (d.chance(0.3)) order.custom.set(DEMO.customField.customerType, [d.pick(['Роздріб', 'Опт', 'Дропшипінг'])]);
	if (status === 'completed' && d.chance(0.5))
		order.custom.set(DEMO.customField.basDocument, `РН-${String(id).padStart(6, '0')}`);
	order.payments = demoPayments(store, d, order, status);
	return order;
}

/** Payments that fit the order's status and channel: prepaid, cash on delivery, partly paid, canceled. */
function demoPayments(store: KeyCrmStore, d: Dice, order: OrderRecord, status: DemoStatus): PaymentRecord[] {
	const due = orderTotals(order).grand_total;
	const cod = d.chance(0.4);
	const method =
		order.source_id === DEMO.source.rozetka
			? DEMO.paymentMethod.rozetkaPay
			: cod
				? DEMO.paymentMethod.cod
				: order.source_id === DEMO.source.site
					? DEMO.paymentMethod.liqpay
					: DEMO.paymentMethod.card;
	const payment = (amount: number, state: PaymentState, at: number): PaymentRecord => ({
		id: store.nextId('payment'),
		order_id: order.id,
		payment_method_id: method,
		amount: round2(amount),
		actual_currency: 'UAH',
		transaction_uuid: method === DEMO.paymentMethod.liqpay ? `lp-${order.id}-${d.int(1000, 9999)}` : null,
		description: null,
		status: state,
		payment_date: at,
		created_at: at,
		updated_at: at,
	});
	const at = Math.min(order.updated_at, order.created_at + HOUR);
	switch (status) {
		case 'completed':
			return [payment(d.chance(0.04) ? due + 50 : due, 'paid', order.updated_at)];
		case 'shipped':
			return method === DEMO.paymentMethod.cod ? [payment(due, 'not_paid', at)] : [payment(due, 'paid', at)];
		case 'confirmed':
			return d.weighted<PaymentRecord[]>([
				[[payment(due, 'paid', at)], 2],
				[[payment(round2(due / 2), 'paid', at)], 1],
				[[], 1],
			]);
		case 'canceled':
			return d.chance(0.3) ? [payment(due, 'canceled', at)] : [];
		default:
			return d.chance(0.2) ? [payment(due, 'paid', at)] : [];
	}
}

/** Fills a cleared store with the demo account. */
export function seedDemoData(store: KeyCrmStore): void {
	const d = new Dice(seededRandom(20240601));
	dice.set(store, d);
	const now = nowSeconds();
	seedDirectories(store, now);
	seedCatalog(store, d, now);
	seedBuyers(store, d, now, 60);
	// 120 orders over 14 days, ids rising with creation time as in a real account
	const times = Array.from({ length: 120 }, () => now - d.int(10 * 60, 14 * 24 * 3600) * 1000).sort((a, b) => a - b);
	const from = pools(store);
	for (const at of times) store.insertOrder(demoOrder(store, d, at, now, from));
	seedWorkspace(store, now);
}

/** Pipelines with their statuses and two cards, unmatched bank transactions, a few calls. */
function seedWorkspace(store: KeyCrmStore, now: number): void {
	store.pipelines = [
		{
			id: 1,
			name: 'Заявки з сайту',
			target_type: 'lead_pipeline',
			target_id: '1',
			use_payments: true,
			lead_type: 'request',
		},
		{ id: 2, name: 'Опт', target_type: 'lead_pipeline', target_id: '2', use_payments: false, lead_type: 'deal' },
	];
	const status = (id: number, pipeline: number, title: string, alias: string, color: string, isFinal = false) => ({
		id,
		pipeline_id: pipeline,
		title,
		alias,
		color,
		is_final: isFinal,
	});
	store.pipelineStatuses = [
		status(11, 1, 'Новий', 'new', '#69DB7C'),
		status(12, 1, 'В роботі', 'in_progress', '#4DABF7'),
		status(13, 1, 'Успішно', 'won', '#40C057', true),
		status(21, 2, 'Новий', 'new', '#69DB7C'),
		status(22, 2, 'Переговори', 'negotiation', '#FAB005'),
	];
	const [buyer] = store.buyers.values();
	store.createCard({ title: 'Запит на опт', pipeline_id: 2, contact: { client_id: buyer.id } });
	store.createCard({
		contact: { full_name: 'Оксана Мельник', phone: '+380671234567' },
		source_id: DEMO.source.instagram,
	});
	const transaction = (id: number, amount: number, description: string, ageMs: number) => ({
		id,
		uuid: `tx-${id}`,
		source_uuid: `4815${id}`,
		gateway_id: 1,
		amount,
		description,
		currency: 'UAH',
		payment_ids: [],
		transaction_date: now - ageMs,
		created_at: now - ageMs,
		updated_at: now - ageMs,
	});
	for (const [id, amount, text, age] of [
		[1, 450, 'Оплата за замовлення', 2 * HOUR],
		[2, 1290, 'Переказ з картки', DAY],
		[3, 199, 'Оплата послуг', 3 * DAY],
	] as const) {
		store.transactions.set(id, transaction(id, amount, text, age));
	}
	const cardIds = [...store.cards.keys()];
	store.calls = [1, 2, 3].map((id) => ({
		id,
		internal_number: '101',
		external_number: buyer.phone[0] ?? '+380501112233',
		source_number: '+380443334455',
		reference_id: `call-${id}`,
		type: id === 2 ? ('outgoing' as const) : ('incoming' as const),
		state: 'completed',
		user_id: 1,
		call_route_service_id: 1,
		duration: 30 * id,
		call_url: null,
		comment: null,
		client_id: buyer.id,
		lead_id: id === 1 ? cardIds[0] : null,
		utm_source: null,
		utm_medium: null,
		utm_campaign: null,
		utm_term: null,
		utm_content: null,
		created_at: now - id * HOUR,
		updated_at: now - id * HOUR,
	}));
}

/**
 * Adds `count` more orders for benchmarks, created over the last `spreadMs` (default: one per
 * second up to now) so they come after the demo orders in id and time.
 */
export function addDemoOrders(store: KeyCrmStore, count: number, spreadMs = count * 1000): OrderRecord[] {
	const d = diceFor(store);
	const now = nowSeconds();
	const added: OrderRecord[] = [];
	const from = pools(store);
	for (let i = 0; i < count; i++) {
		const at = now - Math.floor(((count - i) * spreadMs) / count / 1000) * 1000;
		added.push(store.insertOrder(demoOrder(store, d, at, now, from)));
	}
	return added;
}

/** Adds `count` simple products with one offer each (sku `BENCH-000001`…) and stock on every warehouse. */
export function addDemoOffers(store: KeyCrmStore, count: number): OfferRecord[] {
	const d = diceFor(store);
	const now = nowSeconds();
	const added: OfferRecord[] = [];
	for (let i = 0; i < count; i++) {
		const product = store.insertProduct({
			id: store.nextId('product'),
			name: `Товар для навантаження ${i + 1}`,
			description: null,
			pictures: [],
			unit_type: null,
			currency_code: 'UAH',
			category_id: 3,
			has_offers: false,
			is_archived: false,
			offerIds: [],
			custom: new Map(),
			created_at: now,
			updated_at: now,
		});
		const price = d.int(100, 5000);
		let sku = '';
		for (let n = store.offers.size + 1; !sku || store.offerBySku(sku); n++) sku = `BENCH-${String(n).padStart(6, '0')}`;
		added.push(
			store.insertOffer({
				id: store.nextId('offer'),
				product_id: product.id,
				sku,
				barcode: null,
				price,
				purchased_price: round2(price * 0.6),
				weight: null,
				length: null,
				width: null,
				height: null,
				image_url: null,
				properties: [],
				is_archived: false,
				stocks: stocksFor(store, d),
				created_at: now,
				updated_at: now,
			}),
		);
	}
	return added;
}
