import type { INodeProperties } from 'n8n-workflow';

import { CONFIGURATION_DEFAULTS, type Configuration } from './configuration';

const perConfiguration = (
	base: Omit<INodeProperties, 'displayOptions'>,
	valueOf: (configuration: Configuration) => string,
	show: Show = {},
): INodeProperties[] =>
	(Object.keys(CONFIGURATION_DEFAULTS) as Configuration[]).map((configuration) => ({
		...base,
		default: valueOf(configuration),
		displayOptions: { show: { ...show, configuration: [configuration] } },
	}));

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** Where the price-type parameters show: for prices, and for cost prices taken from a price type. */
const PRICES_SHOWN: Show[] = [{ export: ['prices'] }, { export: ['costPrices'], costSource: ['priceType'] }];

export const properties: INodeProperties[] = [
	{
		displayName: 'CRM',
		name: 'crm',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'SalesDrive', value: 'salesDrive' },
			{ name: 'KeyCRM', value: 'keyCrm' },
		],
		default: 'salesDrive',
	},
	{
		displayName: 'Export',
		name: 'export',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Stock', value: 'stock', description: 'Free balances per warehouse: on hand less reserves' },
			{ name: 'Prices', value: 'prices', description: 'The latest prices of one price type' },
			{
				name: 'Cost Prices',
				value: 'costPrices',
				description: 'Unit cost from the cost register (amount / quantity), or the latest prices of a price type',
			},
		],
		default: 'stock',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Changes Only',
				value: 'delta',
				description: 'Read everything, send only what differs from what was last sent',
			},
			{
				name: 'Incremental',
				value: 'incremental',
				description:
					'Read only items with register movements (or new prices) since the last run, send what differs; BAS requests do not grow with the catalog',
			},
			{
				name: 'Full Reconciliation',
				value: 'full',
				description:
					'Read everything, send what differs (or everything, with Send All), and restart the incremental cursor — e.g. nightly',
			},
		],
		default: 'delta',
		description:
			'What was last sent is kept in the workflow (saved after production executions, not after manual test runs); a row counts as sent only once the CRM accepted it',
	},
	{
		displayName: 'Send All',
		name: 'sendAll',
		type: 'boolean',
		default: false,
		description: 'Whether to send every row read, not only those that differ from what was last sent',
		displayOptions: { show: { mode: ['full'] } },
	},
	{
		displayName: 'Configuration',
		name: 'configuration',
		type: 'options',
		options: [
			{ name: 'BAS Small Business (UNF)', value: 'unf' },
			{ name: 'BAS UT / KUP / ERP', value: 'ut' },
			{ name: 'BAS Accounting', value: 'bp' },
		],
		default: 'unf',
		description: 'Fills in the registers below with where this configuration keeps stock, prices and cost',
	},
	{
		displayName: 'Cost Source',
		name: 'costSource',
		type: 'options',
		options: [
			{
				name: 'Cost Register',
				value: 'register',
				description: 'Amount / quantity of the goods on hand, from the configuration’s cost register',
			},
			{ name: 'Price Type', value: 'priceType', description: 'The latest prices of a price type kept as cost' },
		],
		default: 'register',
		displayOptions: { show: { export: ['costPrices'] } },
	},
	...perConfiguration(
		{
			displayName: 'Cost Formula',
			name: 'costFormula',
			type: 'string',
			default: '',
			description:
				'Unit cost as "Register.Amount / Register.Quantity", both from the register’s Balance by item (and characteristic); names are checked against the base',
		},
		(configuration) => CONFIGURATION_DEFAULTS[configuration].costFormula,
		{ export: ['costPrices'], costSource: ['register'] },
	),
	{
		displayName: 'Cost Warehouses',
		name: 'costWarehouses',
		type: 'string',
		default: '',
		placeholder: 'e.g. Основний склад, Склад Львів',
		description:
			'BAS warehouses (names or GUIDs, comma-separated) whose goods the unit cost averages over, weighted by quantity; empty takes all',
		displayOptions: { show: { export: ['costPrices'], costSource: ['register'] } },
	},
	...perConfiguration(
		{
			displayName: 'Stock Formula',
			name: 'stockFormula',
			type: 'string',
			default: '',
			description:
				'Free stock as register resources added or subtracted: "+Register.Resource -Register.Resource". Each register is read with its Balance by item, characteristic and warehouse; names are checked against the base.',
		},
		(configuration) => CONFIGURATION_DEFAULTS[configuration].stockFormula,
		{ export: ['stock'] },
	),
	{
		displayName: 'Ledger Account',
		name: 'ledgerAccount',
		type: 'string',
		default: '281',
		description: 'The goods account whose quantities (and sums, for cost) are read (code or GUID)',
		displayOptions: {
			show: { export: ['stock', 'costPrices'], configuration: ['bp'] },
			hide: { costSource: ['priceType'] },
		},
	},
	// prices, and cost prices kept as a price type: the same parameters under either
	...PRICES_SHOWN.flatMap((show) => [
		...perConfiguration(
			{ displayName: 'Price Register', name: 'priceRegister', type: 'string', default: '' },
			(configuration) => CONFIGURATION_DEFAULTS[configuration].priceRegister,
			show,
		),
		...perConfiguration(
			{
				displayName: 'Price Type Dimension',
				name: 'priceTypeDimension',
				type: 'string',
				default: '',
				description: 'The price register’s dimension holding the price type',
			},
			(configuration) => CONFIGURATION_DEFAULTS[configuration].priceTypeDimension,
			show,
		),
		{
			displayName: 'Price Type',
			name: 'priceType',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Роздрібна ціна',
			description: 'The BAS price type, by name or GUID (Ref_Key)',
			displayOptions: { show },
		} as INodeProperties,
	]),
	{
		displayName: 'SalesDrive Price Field',
		name: 'salesDrivePriceField',
		type: 'options',
		options: [
			{ name: 'Main Price (costPerItem)', value: 'costPerItem' },
			{ name: 'Additional Price of a Type', value: 'additionalPrice' },
		],
		default: 'costPerItem',
		displayOptions: { show: { crm: ['salesDrive'], export: ['prices'] } },
	},
	{
		displayName: 'SalesDrive Price Type',
		name: 'salesDrivePriceType',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Оптова ціна',
		description: 'The price type’s name as SalesDrive shows it',
		displayOptions: { show: { crm: ['salesDrive'], export: ['prices'], salesDrivePriceField: ['additionalPrice'] } },
	},
	{
		displayName: 'Warehouses From',
		name: 'warehousesFrom',
		type: 'options',
		options: [
			{ name: 'Table Below', value: 'table' },
			{
				name: 'Input Items',
				value: 'input',
				description: 'Each input item maps one warehouse, e.g. a Directory Map output',
			},
		],
		default: 'table',
		displayOptions: { show: { export: ['stock'] } },
	},
	{
		displayName: 'Warehouses',
		name: 'warehouses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add warehouse',
		default: {},
		description: 'BAS warehouses whose stock goes to the CRM; warehouses not listed are not exported',
		displayOptions: { show: { export: ['stock'], warehousesFrom: ['table'] } },
		options: [
			{
				displayName: 'Warehouse',
				name: 'warehouse',
				values: [
					{
						displayName: 'BAS Warehouse',
						name: 'bas',
						type: 'string',
						default: '',
						description: 'Name or GUID (Ref_Key) of the BAS warehouse',
					},
					{
						displayName: 'CRM Warehouse ID',
						name: 'crm',
						type: 'string',
						default: '',
						description: 'The warehouse (SalesDrive stock) ID in the CRM',
					},
				],
			},
		],
	},
	{
		displayName: 'BAS Warehouse Field',
		name: 'basWarehouseField',
		type: 'string',
		default: 'bas',
		description: 'The input item field with the BAS warehouse name or GUID',
		displayOptions: { show: { export: ['stock'], warehousesFrom: ['input'] } },
	},
	{
		displayName: 'CRM Warehouse Field',
		name: 'crmWarehouseField',
		type: 'string',
		default: 'crm',
		description: 'The input item field with the CRM warehouse ID',
		displayOptions: { show: { export: ['stock'], warehousesFrom: ['input'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 0,
				description:
					'Rows per CRM request; 0 takes the largest each CRM accepts (SalesDrive 100 products, KeyCRM 500 rows or the cap it names)',
			},
			{
				displayName: 'Include Sent Rows',
				name: 'includeSentRows',
				type: 'boolean',
				default: false,
				description: 'Whether the report lists every row sent',
			},
			{
				displayName: 'Look Back (Minutes)',
				name: 'lookBackMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description:
					'Incremental mode reads movements from this long before the previous run started, to catch documents posted while it ran',
			},
			{
				displayName: 'SKU Attribute',
				name: 'skuField',
				type: 'string',
				default: 'Артикул',
				description: 'The attribute of BAS items that the CRM knows them by',
			},
			{
				displayName: 'Variant Key',
				name: 'variantKey',
				type: 'string',
				default: '{sku}-{characteristic}',
				description:
					'The CRM SKU (KeyCRM offer) or product ID (SalesDrive) of an item’s characteristic: {sku} is the item’s SKU, {characteristic} the characteristic’s name',
			},
			{
				displayName: 'Warehouse Dimension',
				name: 'warehouseDimension',
				type: 'string',
				default: '',
				placeholder: 'e.g. Склад_Key',
				description: 'The stock registers’ warehouse dimension; empty tries Склад_Key, then СтруктурнаяЕдиница_Key',
			},
		],
	},
];
