import type { BasedOnPreset } from '../basedOn/rules';
import type { BasPreset } from '../transport';

/** Attributes copied under their own name. */
const same = (...names: string[]) => Object.fromEntries(names.map((name) => [name, name]));

const UNF_GOODS = same(
	'Номенклатура',
	'Характеристика',
	'Партия',
	'Количество',
	'ЕдиницаИзмерения',
	'Цена',
	'ПроцентСкидкиНаценки',
	'СуммаСкидкиНаценки',
	'Сумма',
	'СтавкаНДС',
	'СуммаНДС',
	'Всего',
);
// cash and bank receipts break a payment down the same way
const UNF_PAYMENT_BREAKDOWN = {
	section: 'РасшифровкаПлатежа',
	link: 'Заказ',
	amount: ['СуммаПлатежа', 'СуммаРасчетов'],
	columns: same('Договор'),
};

/**
 * The follow-up documents of each configuration, as 1C's own "Create based on" fills them
 * (reduced to what an exchange with a CRM needs). Sources: the configurations' metadata
 * (UNF 3.0, UT 11.5, BP 3.0, the upstreams of BAS Small Business, BAS UT/ERP and BAS Accounting).
 */
const UNF: BasedOnPreset = {
	shipment: {
		base: 'Document_ЗаказПокупателя',
		target: 'Document_РасходнаяНакладная',
		link: 'Заказ',
		header: {
			...same('Организация', 'Контрагент', 'Договор', 'ВалютаДокумента', 'Курс', 'Кратность', 'ВидЦен'),
			...same('СуммаВключаетНДС', 'НДСВключатьВСтоимость', 'НалогообложениеНДС', 'СуммаДокумента', 'Проект'),
			// the order reserves at this warehouse; the goods leave from it
			СтруктурнаяЕдиница: 'СтруктурнаяЕдиницаРезерв',
		},
		fixed: { ВидОперации: 'ПродажаПокупателю' },
		lines: {
			from: 'Запасы',
			to: 'Запасы',
			columns: { ...UNF_GOODS, ...same('Содержание') },
			link: 'Заказ',
		},
	},
	// UNF closes an order by its state: the predefined "completed" state, completed as cancelled
	closure: {
		kind: 'state',
		order: 'Document_ЗаказПокупателя',
		attribute: 'СостояниеЗаказа',
		catalog: 'Catalog_СостоянияЗаказовПокупателей',
		predefined: 'Завершен',
		set: { ВариантЗавершения: 'Отменен' },
	},
	// UNF has no return document: a receipt invoice with the "return from customer" operation
	return: {
		base: 'Document_РасходнаяНакладная',
		target: 'Document_ПриходнаяНакладная',
		link: 'ДокументОснование',
		header: {
			...same('Организация', 'Контрагент', 'Договор', 'ВалютаДокумента', 'Курс', 'Кратность', 'СуммаВключаетНДС'),
			...same('НДСВключатьВСтоимость', 'НалогообложениеНДС', 'СуммаДокумента', 'СтруктурнаяЕдиница', 'Заказ'),
		},
		fixed: { ВидОперации: 'ВозвратОтПокупателя' },
		lines: {
			from: 'Запасы',
			to: 'Запасы',
			columns: { ...UNF_GOODS, ...same('Заказ') },
		},
	},
	payment: {
		cash: {
			base: 'Document_ЗаказПокупателя',
			target: 'Document_ПоступлениеВКассу',
			link: 'ДокументОснование',
			header: { ...same('Организация', 'Контрагент', 'Касса'), ВалютаДенежныхСредств: 'ВалютаДокумента' },
			fixed: { ВидОперации: 'ОтПокупателя' },
			breakdown: UNF_PAYMENT_BREAKDOWN,
			paymentIdField: 'Основание',
		},
		bank: {
			base: 'Document_ЗаказПокупателя',
			target: 'Document_ПоступлениеНаСчет',
			link: 'ДокументОснование',
			header: { ...same('Организация', 'Контрагент', 'БанковскийСчет'), ВалютаДенежныхСредств: 'ВалютаДокумента' },
			fixed: { ВидОперации: 'ОтПокупателя' },
			breakdown: UNF_PAYMENT_BREAKDOWN,
			paymentIdField: 'НомерВходящегоДокумента',
		},
	},
};

const UT_TRADE_HEADER = same(
	'Организация',
	'Партнер',
	'Контрагент',
	'Соглашение',
	'Договор',
	'Склад',
	'Валюта',
	'ЦенаВключаетНДС',
	'НалогообложениеНДС',
	'Менеджер',
	'Подразделение',
	'Сделка',
	'СуммаДокумента',
);
const UT_GOODS = same(
	'Номенклатура',
	'Характеристика',
	'Упаковка',
	'КоличествоУпаковок',
	'Количество',
	'ВидЦены',
	'Цена',
	'Сумма',
	'СтавкаНДС',
	'СуммаНДС',
	'СуммаСНДС',
	'ПроцентРучнойСкидки',
	'СуммаРучнойСкидки',
	'Склад',
	'Серия',
	'Назначение',
	'Содержание',
);
const UT_PAYMENT_BREAKDOWN = {
	section: 'РасшифровкаПлатежа',
	link: 'ОснованиеПлатежа',
	amount: ['Сумма', 'СуммаВзаиморасчетов'],
	columns: { ...same('Партнер', 'Организация'), ВалютаВзаиморасчетов: 'Валюта' },
};

const UT: BasedOnPreset = {
	shipment: {
		base: 'Document_ЗаказКлиента',
		target: 'Document_РеализацияТоваровУслуг',
		link: 'ЗаказКлиента',
		header: { ...UT_TRADE_HEADER, ...same('ФормаОплаты', 'Касса') },
		fixed: { ХозяйственнаяОперация: 'РеализацияКлиенту', Статус: 'Отгружено' },
		lines: { from: 'Товары', to: 'Товары', columns: UT_GOODS, link: 'ЗаказКлиента', skipWhen: 'Отменено' },
	},
	/*
	 * UT 11 has no order-closing document (ЗакрытиеЗаказовКлиентов is not in 11.5; its closing
	 * assistant is a data processor, not published over OData). What it does is what a user does
	 * by hand: the order's status becomes "Закрыт" and its lines are cancelled.
	 */
	closure: {
		kind: 'status',
		order: 'Document_ЗаказКлиента',
		set: { Статус: 'Закрыт' },
		lines: { section: 'Товары', set: { Отменено: true } },
	},
	return: {
		base: 'Document_РеализацияТоваровУслуг',
		target: 'Document_ВозвратТоваровОтКлиента',
		link: 'ДокументРеализации',
		header: UT_TRADE_HEADER,
		fixed: { ХозяйственнаяОперация: 'ВозвратТоваровОтКлиента' },
		lines: { from: 'Товары', to: 'Товары', columns: UT_GOODS, link: 'ДокументРеализации' },
	},
	payment: {
		cash: {
			base: 'Document_ЗаказКлиента',
			target: 'Document_ПриходныйКассовыйОрдер',
			link: 'ДокументОснование',
			header: same('Организация', 'Партнер', 'Контрагент', 'Договор', 'Касса', 'Валюта'),
			fixed: { ХозяйственнаяОперация: 'ПоступлениеОплатыОтКлиента' },
			breakdown: UT_PAYMENT_BREAKDOWN,
			paymentIdField: 'Основание',
		},
		bank: {
			base: 'Document_ЗаказКлиента',
			target: 'Document_ПоступлениеБезналичныхДенежныхСредств',
			link: 'ДокументОснование',
			header: same('Организация', 'Партнер', 'Контрагент', 'Договор', 'БанковскийСчет', 'Валюта'),
			fixed: { ХозяйственнаяОперация: 'ПоступлениеОплатыОтКлиента' },
			breakdown: UT_PAYMENT_BREAKDOWN,
			paymentIdField: 'НомерВходящегоДокумента',
		},
	},
};

const BP_SALES_HEADER = same(
	'Организация',
	'Контрагент',
	'ДоговорКонтрагента',
	'Склад',
	'ВалютаДокумента',
	'КурсВзаиморасчетов',
	'КратностьВзаиморасчетов',
	'СуммаВключаетНДС',
	'СуммаДокумента',
);
const BP_GOODS = same('Номенклатура', 'Количество', 'Цена', 'Сумма', 'СтавкаНДС', 'СуммаНДС');

const BP_PAYMENT_BREAKDOWN = {
	section: 'РасшифровкаПлатежа',
	link: 'СчетНаОплату',
	amount: ['СуммаПлатежа', 'СуммаВзаиморасчетов'],
	columns: same('ДоговорКонтрагента'),
};

const BP: BasedOnPreset = {
	shipment: {
		base: 'Document_СчетНаОплатуПокупателю',
		target: 'Document_РеализацияТоваровУслуг',
		link: 'СчетНаОплатуПокупателю',
		header: BP_SALES_HEADER,
		fixed: { ВидОперации: 'Товары' },
		lines: { from: 'Товары', to: 'Товары', columns: BP_GOODS, link: 'СчетНаОплатуПокупателю' },
	},
	closure: {
		kind: 'none',
		reason:
			'BAS Accounting has no customer order: its invoice for payment (СчетНаОплатуПокупателю) reserves nothing and keeps no open balance, so there is nothing to close',
	},
	return: {
		base: 'Document_РеализацияТоваровУслуг',
		target: 'Document_ВозвратТоваровОтПокупателя',
		link: 'Сделка',
		header: BP_SALES_HEADER,
		fixed: { ВидОперации: 'Товары' },
		lines: {
			from: 'Товары',
			to: 'Товары',
			columns: { ...BP_GOODS, ...same('СчетУчета', 'Себестоимость', 'СчетДоходов', 'СчетРасходов') },
		},
	},
	payment: {
		cash: {
			base: 'Document_СчетНаОплатуПокупателю',
			target: 'Document_ПриходныйКассовыйОрдер',
			link: 'ДокументОснование',
			header: same('Организация', 'Контрагент', 'ДоговорКонтрагента', 'ВалютаДокумента'),
			fixed: { ВидОперации: 'ОплатаПокупателя' },
			breakdown: BP_PAYMENT_BREAKDOWN,
			paymentIdField: 'Основание',
		},
		bank: {
			base: 'Document_СчетНаОплатуПокупателю',
			target: 'Document_ПоступлениеНаРасчетныйСчет',
			link: 'ДокументОснование',
			// the invoice's bank account is its СтруктурнаяЕдиница (CatalogRef.БанковскиеСчета)
			header: {
				...same('Организация', 'Контрагент', 'ДоговорКонтрагента', 'ВалютаДокумента'),
				СчетОрганизации: 'СтруктурнаяЕдиница',
			},
			fixed: { ВидОперации: 'ОплатаПокупателя' },
			breakdown: BP_PAYMENT_BREAKDOWN,
			paymentIdField: 'НазначениеПлатежа',
		},
	},
};

export const BASED_ON_PRESETS: Record<Exclude<BasPreset, 'custom'>, BasedOnPreset> = {
	unf: UNF,
	ut: UT,
	// BAS KUP / ERP share UT's trade and cash documents
	erp: UT,
	bp: BP,
};

/** The scenarios of a credential's configuration; undefined for "Custom". */
export function basedOnPreset(preset: BasPreset): BasedOnPreset | undefined {
	return preset === 'custom' ? undefined : BASED_ON_PRESETS[preset];
}
