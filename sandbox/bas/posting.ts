/**
 * What posting a document does in each configuration, reduced to what an exchange with a CRM
 * touches: stock, reserves and order balances. Posting checks the fill rules first and refuses
 * like 1C does (HTTP 500, code -1) when something required is empty or stock would go negative.
 */
import { ACCOUNTS, CHART_OF_ACCOUNTS, LEDGER, ledgerBalance } from './accounting';
import { businessError } from './errors';
import { balance, type RecordType, type RegisterRecords } from './registers';
import { emptyValue, type ProfileId } from './schema';
import { EMPTY_REF, type BasStore, type Entity } from './store';

interface Movement {
	register: string;
	/** accumulation registers only; the ledger has debit and credit sides instead */
	recordType?: RecordType;
	/** dimension and resource columns (OData names) */
	values: Entity;
}

interface PostingRule {
	/** header properties that must be filled */
	required: string[];
	/** the tabular section with the goods, and the columns each row must fill */
	rows?: { section: string; required: string[] };
	movements(document: Entity, store: BasStore): Movement[];
	/** after the movements are written: what went below zero, or undefined when all is well */
	control?: (store: BasStore, records: RegisterRecords) => string | undefined;
}

/** Refuses a resource of an accumulation register going below zero in any combination of dimensions. */
function noNegative(register: string, resource: string, describe: string): PostingRule['control'] {
	return (store, records) => {
		const negative = balance(store.definition(register), records.records(register), {}).find(
			(row) => (row[`${resource}Balance`] as number) < 0,
		);
		if (!negative) return undefined;
		const item = store.byRef(String(negative.Номенклатура_Key));
		return `${describe}: ${String(item?.Description ?? negative.Номенклатура_Key)}, не хватает ${Math.abs(negative[`${resource}Balance`] as number)}`;
	};
}

/** The same for goods accounts of the ledger: quantity per item and warehouse. */
function noNegativeGoods(store: BasStore, records: RegisterRecords): string | undefined {
	const goods = accountRef(store, ACCOUNTS.goods.code);
	const negative = ledgerBalance(records.records(LEDGER), { keep: (row) => row.Account_Key === goods }).find(
		(row) => (row.КоличествоBalance as number) < 0,
	);
	if (!negative) return undefined;
	const item = store.byRef(String(negative.ExtDimension1));
	return `Недостаточно товаров на счете ${ACCOUNTS.goods.code}: ${String(item?.Description ?? negative.ExtDimension1)}, не хватает ${Math.abs(negative.КоличествоBalance as number)}`;
}

function accountRef(store: BasStore, code: string): string {
	return String(store.list(CHART_OF_ACCOUNTS).find((account) => account.Code === code)?.Ref_Key ?? EMPTY_REF);
}

/** One ledger line moving goods between an account with item/warehouse analytics and another account. */
function goodsLine(store: BasStore, doc: Entity, row: Entity, direction: 'out' | 'in'): Movement {
	const goods = accountRef(store, ACCOUNTS.goods.code);
	const other = accountRef(store, direction === 'out' ? ACCOUNTS.costOfSales.code : ACCOUNTS.revenue.code);
	const side = direction === 'out' ? 'Cr' : 'Dr';
	return {
		register: LEDGER,
		values: {
			AccountDr_Key: direction === 'out' ? other : goods,
			AccountCr_Key: direction === 'out' ? goods : other,
			[`ExtDimension${side}1`]: row.Номенклатура_Key,
			[`ExtDimension${side}1_Type`]: 'StandardODATA.Catalog_Номенклатура',
			[`ExtDimension${side}2`]: doc.Склад_Key,
			[`ExtDimension${side}2_Type`]: 'StandardODATA.Catalog_Склады',
			Организация_Key: doc.Организация_Key,
			Сумма: row.Сумма,
			[`Количество${side}`]: row.Количество,
		},
	};
}

const isEmpty = (value: unknown) =>
	value === undefined ||
	value === null ||
	value === '' ||
	value === EMPTY_REF ||
	value === 0 ||
	value === '0001-01-01T00:00:00';

/** A reference held by a plain `X_Key` or by a composite `X` + `X_Type`. */
export function refOf(entity: Entity, attribute: string): string {
	const key = entity[`${attribute}_Key`];
	if (typeof key === 'string') return key;
	const type = entity[`${attribute}_Type`];
	const value = entity[attribute];
	return typeof type === 'string' && type.startsWith('StandardODATA.') && typeof value === 'string' && value
		? value
		: EMPTY_REF;
}

/** UNF closes an order by moving it to the predefined state `Завершен`. */
function isCompletedOrder(document: Entity, store: BasStore): boolean {
	return store.byRef(refOf(document, 'СостояниеЗаказа'))?.PredefinedDataName === 'Завершен';
}

const rowsOf = (document: Entity, section: string) =>
	Array.isArray(document[section]) ? (document[section] as Entity[]) : [];

function fromRows(
	document: Entity,
	section: string,
	map: (row: Entity) => (Omit<Movement, 'values'> & { values: Entity }) | undefined,
) {
	return rowsOf(document, section)
		.map(map)
		.filter((movement): movement is Movement => movement !== undefined);
}

const RULES: Record<ProfileId, Record<string, PostingRule>> = {
	unf: {
		Document_ЗаказПокупателя: {
			required: ['Организация_Key', 'Контрагент_Key'],
			rows: { section: 'Запасы', required: ['Номенклатура', 'Количество'] },
			// an order in the completed state is closed: nothing stays open or reserved for it
			movements: (doc, store) =>
				isCompletedOrder(doc, store)
					? []
					: fromRows(doc, 'Запасы', (row) => ({
							register: 'AccumulationRegister_ЗаказыПокупателей',
							recordType: 'Receipt',
							values: {
								Организация_Key: doc.Организация_Key,
								ЗаказПокупателя_Key: doc.Ref_Key,
								Номенклатура_Key: refOf(row, 'Номенклатура'),
								Характеристика_Key: row.Характеристика_Key,
								Склад_Key: doc.СтруктурнаяЕдиницаРезерв_Key,
								Количество: row.Количество,
							},
						})).concat(
							// the order reserves its goods at the reserve warehouse
							isEmpty(doc.СтруктурнаяЕдиницаРезерв_Key)
								? []
								: fromRows(doc, 'Запасы', (row) => ({
										register: 'AccumulationRegister_РезервыТоваровОрганизаций',
										recordType: 'Receipt',
										values: {
											Организация_Key: doc.Организация_Key,
											Номенклатура_Key: refOf(row, 'Номенклатура'),
											Характеристика_Key: row.Характеристика_Key,
											СтруктурнаяЕдиница_Key: isEmpty(row.СтруктурнаяЕдиницаРезерв_Key)
												? doc.СтруктурнаяЕдиницаРезерв_Key
												: row.СтруктурнаяЕдиницаРезерв_Key,
											ЗаказПокупателя_Key: doc.Ref_Key,
											Количество: row.Количество,
										},
									})),
						),
		},
		Document_РасходнаяНакладная: {
			required: ['Организация_Key', 'Контрагент_Key', 'СтруктурнаяЕдиница_Key'],
			rows: { section: 'Запасы', required: ['Номенклатура_Key', 'Количество'] },
			movements: (doc, store) => {
				const warehouse = (row: Entity) =>
					isEmpty(row.СтруктурнаяЕдиница_Key) ? doc.СтруктурнаяЕдиница_Key : row.СтруктурнаяЕдиница_Key;
				const order = (row: Entity) => {
					const fromRow = isEmpty(row.ЗаказПокупателя_Key) ? refOf(row, 'Заказ') : (row.ЗаказПокупателя_Key as string);
					return fromRow !== EMPTY_REF ? fromRow : refOf(doc, 'Заказ');
				};
				const stock = fromRows(doc, 'Запасы', (row) => ({
					register: 'AccumulationRegister_ЗапасыНаСкладах',
					recordType: 'Expense',
					values: {
						Организация_Key: doc.Организация_Key,
						Номенклатура_Key: row.Номенклатура_Key,
						Характеристика_Key: row.Характеристика_Key,
						СтруктурнаяЕдиница_Key: warehouse(row),
						Количество: row.Количество,
					},
				}));
				// shipping against an order closes its open quantity and releases its reserve
				const orders = fromRows(doc, 'Запасы', (row) => {
					const ref = order(row);
					if (ref === EMPTY_REF || !store.find('Document_ЗаказПокупателя', ref)) return undefined;
					return {
						register: 'AccumulationRegister_ЗаказыПокупателей',
						recordType: 'Expense',
						values: {
							Организация_Key: doc.Организация_Key,
							ЗаказПокупателя_Key: ref,
							Номенклатура_Key: row.Номенклатура_Key,
							Характеристика_Key: row.Характеристика_Key,
							Склад_Key: store.find('Document_ЗаказПокупателя', ref)?.СтруктурнаяЕдиницаРезерв_Key,
							Количество: row.Количество,
						},
					};
				});
				const reserves = orders.map((movement) => ({
					register: 'AccumulationRegister_РезервыТоваровОрганизаций',
					recordType: 'Expense' as const,
					values: {
						Организация_Key: movement.values.Организация_Key,
						Номенклатура_Key: movement.values.Номенклатура_Key,
						Характеристика_Key: movement.values.Характеристика_Key,
						СтруктурнаяЕдиница_Key: movement.values.Склад_Key,
						ЗаказПокупателя_Key: movement.values.ЗаказПокупателя_Key,
						Количество: movement.values.Количество,
					},
				}));
				return [...stock, ...orders, ...reserves];
			},
			control: noNegative('AccumulationRegister_ЗапасыНаСкладах', 'Количество', 'Недостаточно запасов на складе'),
		},
		Document_ПриходнаяНакладная: {
			required: ['Организация_Key', 'Контрагент_Key', 'СтруктурнаяЕдиница_Key'],
			rows: { section: 'Запасы', required: ['Номенклатура_Key', 'Количество'] },
			// receipts from suppliers and returns from customers both bring goods back to stock
			movements: (doc) =>
				fromRows(doc, 'Запасы', (row) => ({
					register: 'AccumulationRegister_ЗапасыНаСкладах',
					recordType: 'Receipt',
					values: {
						Организация_Key: doc.Организация_Key,
						Номенклатура_Key: row.Номенклатура_Key,
						Характеристика_Key: row.Характеристика_Key,
						СтруктурнаяЕдиница_Key: doc.СтруктурнаяЕдиница_Key,
						Количество: row.Количество,
					},
				})),
		},
		Document_ПоступлениеВКассу: { required: ['Организация_Key', 'СуммаДокумента'], movements: () => [] },
		Document_ПоступлениеНаСчет: { required: ['Организация_Key', 'СуммаДокумента'], movements: () => [] },
	},
	ut: {
		Document_ЗаказКлиента: {
			required: ['Организация_Key', 'Партнер_Key', 'Контрагент_Key', 'Склад_Key'],
			rows: { section: 'Товары', required: ['Номенклатура_Key', 'Количество'] },
			// an order ready to ship holds its goods: they count as "to be shipped" at the warehouse
			movements: (doc) =>
				doc.Статус === 'КОтгрузке' || doc.Статус === 'КОбеспечению'
					? fromRows(doc, 'Товары', (row) =>
							row.Отменено === true
								? undefined
								: {
										register: 'AccumulationRegister_ТоварыНаСкладах',
										recordType: 'Receipt',
										values: {
											Номенклатура_Key: row.Номенклатура_Key,
											Характеристика_Key: row.Характеристика_Key,
											Склад_Key: isEmpty(row.Склад_Key) ? doc.Склад_Key : row.Склад_Key,
											КОтгрузке: row.Количество,
										},
									},
						)
					: [],
		},
		Document_РеализацияТоваровУслуг: {
			required: ['Организация_Key', 'Контрагент_Key', 'Склад_Key'],
			rows: { section: 'Товары', required: ['Номенклатура_Key', 'Количество'] },
			movements: (doc, store) =>
				fromRows(doc, 'Товары', (row) => {
					const order =
						refOf(row, 'ЗаказКлиента') !== EMPTY_REF ? refOf(row, 'ЗаказКлиента') : refOf(doc, 'ЗаказКлиента');
					const againstOrder = order !== EMPTY_REF && store.find('Document_ЗаказКлиента', order) !== undefined;
					return {
						register: 'AccumulationRegister_ТоварыНаСкладах',
						recordType: 'Expense',
						values: {
							Номенклатура_Key: row.Номенклатура_Key,
							Характеристика_Key: row.Характеристика_Key,
							Склад_Key: isEmpty(row.Склад_Key) ? doc.Склад_Key : row.Склад_Key,
							ВНаличии: row.Количество,
							КОтгрузке: againstOrder ? row.Количество : 0,
						},
					};
				}),
			control: noNegative('AccumulationRegister_ТоварыНаСкладах', 'ВНаличии', 'Недостаточно товаров на складе'),
		},
		Document_ВозвратТоваровОтКлиента: {
			required: ['Организация_Key', 'Контрагент_Key', 'Склад_Key'],
			rows: { section: 'Товары', required: ['Номенклатура_Key', 'Количество'] },
			movements: (doc) =>
				fromRows(doc, 'Товары', (row) => ({
					register: 'AccumulationRegister_ТоварыНаСкладах',
					recordType: 'Receipt',
					values: {
						Номенклатура_Key: row.Номенклатура_Key,
						Характеристика_Key: row.Характеристика_Key,
						Склад_Key: doc.Склад_Key,
						ВНаличии: row.Количество,
					},
				})),
		},
		Document_ПриходныйКассовыйОрдер: { required: ['Организация_Key', 'СуммаДокумента'], movements: () => [] },
		Document_ПоступлениеБезналичныхДенежныхСредств: {
			required: ['Организация_Key', 'СуммаДокумента'],
			movements: () => [],
		},
	},
	// BAS Accounting keeps stock in the accounting register: goods leave account 281 on a sale
	bp: {
		Document_СчетНаОплатуПокупателю: { required: ['Организация_Key', 'Контрагент_Key'], movements: () => [] },
		Document_РеализацияТоваровУслуг: {
			required: ['Организация_Key', 'Контрагент_Key', 'Склад_Key'],
			rows: { section: 'Товары', required: ['Номенклатура_Key', 'Количество'] },
			movements: (doc, store) => rowsOf(doc, 'Товары').map((row) => goodsLine(store, doc, row, 'out')),
			control: noNegativeGoods,
		},
		Document_ВозвратТоваровОтПокупателя: {
			required: ['Организация_Key', 'Контрагент_Key', 'Склад_Key'],
			rows: { section: 'Товары', required: ['Номенклатура_Key', 'Количество'] },
			movements: (doc, store) => rowsOf(doc, 'Товары').map((row) => goodsLine(store, doc, row, 'in')),
		},
		Document_ПриходныйКассовыйОрдер: { required: ['Организация_Key', 'СуммаДокумента'], movements: () => [] },
		Document_ПоступлениеНаРасчетныйСчет: { required: ['Организация_Key', 'СуммаДокумента'], movements: () => [] },
	},
};

/** Posts a document: checks, writes its movements, refuses negative stock, marks it posted. */
export function postDocument(store: BasStore, records: RegisterRecords, set: string, key: string): void {
	const document = store.get(set, key);
	const rule = RULES[store.schema.profile][set];
	const number = `${String(document.Number)} от ${String(document.Date).replace('T', ' ')}`;
	if (rule) {
		const missing = rule.required.filter((field) => isEmpty(document[field]));
		if (missing.length) {
			throw businessError(
				`Не удалось провести "${number}": не заполнено ${missing.map((m) => `"${m.replace(/_Key$/, '')}"`).join(', ')}`,
			);
		}
		if (rule.rows) {
			const rows = rowsOf(document, rule.rows.section);
			if (rows.length === 0)
				throw businessError(`Не удалось провести "${number}": не заполнена табличная часть "${rule.rows.section}"`);
			for (const row of rows) {
				const empty = rule.rows.required.filter((field) =>
					field.endsWith('_Key') ? isEmpty(row[field]) : isEmpty(row[field]) && refOf(row, field) === EMPTY_REF,
				);
				if (empty.length) {
					throw businessError(
						`Не удалось провести "${number}": в строке ${String(row.LineNumber)} табличной части "${rule.rows.section}" не заполнено ${empty.map((e) => `"${e.replace(/_Key$/, '')}"`).join(', ')}`,
					);
				}
			}
		}
	}
	const movements = rule?.movements(document, store) ?? [];
	const recorder = String(document.Ref_Key);
	const before = records.snapshot();
	records.clear(recorder);
	for (const register of new Set(movements.map((m) => m.register))) {
		const object = store.definition(register);
		const rows = movements
			.filter((m) => m.register === register)
			.map((m, index) => {
				const record: Entity = {};
				for (const field of object.fields) record[field.name] = emptyValue(field);
				for (const [name, value] of Object.entries(m.values)) if (value !== undefined) record[name] = value;
				return Object.assign(record, {
					Recorder: recorder,
					Recorder_Type: `StandardODATA.${set}`,
					Period: document.Date,
					LineNumber: index + 1,
					Active: true,
					// accounting registers have debit and credit instead
					...(m.recordType ? { RecordType: m.recordType } : {}),
				});
			});
		records.write(register, recorder, rows);
	}
	const shortage = rule?.control?.(store, records);
	if (shortage) {
		// a failed posting changes nothing
		records.restore(before);
		throw businessError(`Не удалось провести "${number}": ${shortage}`);
	}
	document.Posted = true;
	document.DataVersion = store.nextDataVersion();
}

export function unpostDocument(store: BasStore, records: RegisterRecords, set: string, key: string): void {
	const document = store.get(set, key);
	records.clear(String(document.Ref_Key));
	document.Posted = false;
	document.DataVersion = store.nextDataVersion();
}
