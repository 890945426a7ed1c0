/**
 * Where each configuration keeps what Stock Export reads. The node shows these as the defaults of
 * its parameters (the formula, the price register), so an integrator sees and can change them;
 * the names come from the configurations' metadata (UNF 3.0, UT 11.5, BP 3.0).
 */
export type Configuration = 'unf' | 'ut' | 'bp';

export interface ConfigurationDefaults {
	/** free stock: on hand less reserves, as formula terms (see formula.ts) */
	stockFormula: string;
	/** the catalog of warehouses, for warehouses given by name */
	warehouses: string;
	/** characteristics (variants) of items, when the configuration has them */
	characteristics?: string;
	priceRegister: string;
	/** the price register's price-type dimension */
	priceTypeDimension: string;
	/** the catalog of price types, for a price type given by name */
	priceTypes: string;
	/** unit cost as `Register.Amount / Register.Quantity` of a register of goods (see costFormula.ts) */
	costFormula: string;
}

export const CONFIGURATION_DEFAULTS: Record<Configuration, ConfigurationDefaults> = {
	unf: {
		// UNF keeps balances per structural unit; orders reserve goods in a register of their own
		stockFormula: '+ЗапасыНаСкладах.Количество -РезервыТоваровОрганизаций.Количество',
		warehouses: 'Catalog_СтруктурныеЕдиницы',
		characteristics: 'Catalog_ХарактеристикиНоменклатуры',
		priceRegister: 'InformationRegister_ЦеныНоменклатуры',
		priceTypeDimension: 'ВидЦен_Key',
		priceTypes: 'Catalog_ВидыЦен',
		// inventory at cost by item, characteristic and structural unit
		costFormula: 'Запасы.Сумма / Запасы.Количество',
	},
	ut: {
		// UT / ERP: an order ready to ship holds its goods as "to be shipped" on the warehouse
		stockFormula: '+ТоварыНаСкладах.ВНаличии -ТоварыНаСкладах.КОтгрузке',
		warehouses: 'Catalog_Склады',
		characteristics: 'Catalog_ХарактеристикиНоменклатуры',
		priceRegister: 'InformationRegister_ЦеныНоменклатуры',
		priceTypeDimension: 'ВидЦены_Key',
		priceTypes: 'Catalog_ВидыЦен',
		// cost by a key of item, characteristic and warehouse (КлючиАналитикиУчетаНоменклатуры)
		costFormula: 'СебестоимостьТоваров.Стоимость / СебестоимостьТоваров.Количество',
	},
	bp: {
		// BAS Accounting: quantities on the goods account of the ledger (sub-accounts item, warehouse)
		stockFormula: '+Хозрасчетный.Количество',
		warehouses: 'Catalog_Склады',
		priceRegister: 'InformationRegister_ЦеныНоменклатуры',
		priceTypeDimension: 'ТипЦен_Key',
		priceTypes: 'Catalog_ТипыЦенНоменклатуры',
		// the goods account's sum and quantity per item and warehouse
		costFormula: 'Хозрасчетный.Сумма / Хозрасчетный.Количество',
	},
};

/** Dimensions a stock register names its warehouse with, in the order they are tried. */
export const WAREHOUSE_DIMENSIONS = ['Склад_Key', 'СтруктурнаяЕдиница_Key'];
export const ITEM_DIMENSION = 'Номенклатура_Key';
export const CHARACTERISTIC_DIMENSION = 'Характеристика_Key';
export const ITEMS_CATALOG = 'Catalog_Номенклатура';
/**
 * UT keeps cost not by item but by a key of item, characteristic and warehouse (its attribute
 * names in BAS are UNCERTAIN: the warehouse attribute is looked for among WAREHOUSE_DIMENSIONS).
 */
export const ITEM_KEY_DIMENSION = 'АналитикаУчетаНоменклатуры_Key';
export const ITEM_KEYS_CATALOG = 'Catalog_КлючиАналитикиУчетаНоменклатуры';
