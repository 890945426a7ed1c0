import type { INodeProperties } from 'n8n-workflow';

import {
	basLoaderName,
	basObjectParameter,
	crmLoaderName,
	DIRECTORY_KINDS,
	type DirectoryKind,
	tableParameter,
} from './kinds';

const CRM_CONNECTED = { '/crm': ['salesDrive', 'keyCrm'] };
const CRM_TYPED = { '/crm': ['none'] };

/** The row of a kind's table: a value on each side (a dropdown when that side is connected) and its flags. */
function rowFields(kind: DirectoryKind): INodeProperties[] {
	const crmTyped: INodeProperties = {
		displayName: 'CRM Value',
		name: 'crmValue',
		type: 'string',
		default: '',
		description: 'The value as the CRM carries it (usually an ID)',
	};
	const crmFields: INodeProperties[] =
		kind === 'custom'
			? [crmTyped]
			: [
					{
						displayName: 'CRM Value Name or ID',
						name: 'crmValue',
						type: 'options',
						typeOptions: {
							loadOptionsMethod: crmLoaderName(kind),
							loadOptionsDependsOn: ['crm', 'salesDriveMethodValue'],
						},
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						displayOptions: { show: CRM_CONNECTED },
					},
					{ ...crmTyped, displayOptions: { show: CRM_TYPED } },
				];
	return [
		...crmFields,
		{
			displayName: 'BAS Value Name or ID',
			name: 'basValue',
			type: 'options',
			typeOptions: { loadOptionsMethod: basLoaderName(kind), loadOptionsDependsOn: [basObjectParameter(kind)] },
			default: '',
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			displayOptions: { show: { '/bas': ['odata'] } },
		},
		{
			displayName: 'BAS Value',
			name: 'basValue',
			type: 'string',
			default: '',
			description: 'A Ref_Key for catalog items, a member name for enumerations',
			displayOptions: { show: { '/bas': ['none'] } },
		},
		{
			displayName: 'Flags',
			name: 'flags',
			type: 'string',
			default: '',
			placeholder: 'createShipment, closeOrder, reason=defect',
			description:
				"Names that travel with this row's value: a name alone is true, name=text is text; flags of other rows are false",
		},
	];
}

/** Per kind: where its BAS values come from, and its table. Shown when the kind is turned on. */
function kindProperties(kind: DirectoryKind, name: string): INodeProperties[] {
	return [
		{
			displayName: `${name}: BAS Values From Name or ID`,
			name: basObjectParameter(kind),
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getBasObjects' },
			default: '',
			description:
				'The catalog (its items by Ref_Key) or enumeration (its members by name) the BAS side of this table is chosen from. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { tables: [kind], bas: ['odata'] } },
		},
		{
			displayName: name,
			name: tableParameter(kind),
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Row',
			default: {},
			description:
				'Each row pairs a CRM value with a BAS value; a value may appear only once on the side it is read from',
			displayOptions: { show: { tables: [kind] } },
			options: [{ name: 'rows', displayName: 'Row', values: rowFields(kind) }],
		},
	];
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'CRM → BAS', value: 'crmToBas', description: 'Read CRM values, write the BAS values of their rows' },
			{ name: 'BAS → CRM', value: 'basToCrm', description: 'Read BAS values, write the CRM values of their rows' },
		],
		default: 'crmToBas',
	},
	{
		displayName: 'CRM Values From',
		name: 'crm',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'KeyCRM', value: 'keyCrm' },
			{ name: 'SalesDrive', value: 'salesDrive' },
			{ name: 'Typed In', value: 'none', description: 'No CRM connection: type the values' },
		],
		default: 'none',
		description: 'The CRM whose directories fill the CRM dropdowns',
	},
	{
		displayName: 'SalesDrive Method Values',
		name: 'salesDriveMethodValue',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'ID', value: 'id', description: 'As order lists and webhooks carry payment and delivery methods' },
			{ name: 'Parameter', value: 'parameter', description: 'As an order is created or updated with them' },
		],
		default: 'id',
		displayOptions: { show: { crm: ['salesDrive'] } },
	},
	{
		displayName: 'BAS Values From',
		name: 'bas',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'BAS Base', value: 'odata', description: 'Catalog items and enumeration members of the base' },
			{ name: 'Typed In', value: 'none', description: 'No BAS connection: type Ref_Keys or member names' },
		],
		default: 'none',
	},
	{
		displayName: 'Directory Tables',
		name: 'tables',
		type: 'multiOptions',
		noDataExpression: true,
		options: DIRECTORY_KINDS.map(({ value, name }) => ({ name, value })),
		default: ['orderStatus'],
		description: 'The tables this node keeps; each field to map names one',
	},
	...DIRECTORY_KINDS.flatMap(({ value, name }) => kindProperties(value, name)),
	{
		displayName: 'Fields to Map',
		name: 'fields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				name: 'field',
				displayName: 'Field',
				values: [
					{
						displayName: 'Default Value',
						name: 'defaultValue',
						type: 'string',
						default: '',
						description: 'Written when the value is not in the table (as text; use an expression for a number)',
						displayOptions: { show: { whenUnmapped: ['default'] } },
					},
					{
						displayName: 'Flags Field',
						name: 'flagsField',
						type: 'string',
						default: '',
						placeholder: 'e.g. basStatusFlags',
						description:
							"Where the row's flags go; empty puts them beside the output field, named with 'Flags' appended",
					},
					{
						displayName: 'Ignore Empty Values',
						name: 'ignoreEmpty',
						type: 'boolean',
						default: false,
						description: 'Whether an empty or missing value is left as it is instead of counting as unmapped',
					},
					{
						displayName: 'Input Field',
						name: 'inputField',
						type: 'string',
						default: '',
						placeholder: 'e.g. statusId or data.statusId',
						description: 'Path of the value in the input item (dots for nesting, [0] for list entries)',
					},
					{
						displayName: 'Label Field',
						name: 'labelField',
						type: 'string',
						default: '',
						placeholder: 'e.g. meta.fields.statusId.options[0].text',
						description: "A field of the item holding the value's label, reported with an unmapped value",
					},
					{
						displayName: 'Output Field',
						name: 'outputField',
						type: 'string',
						default: '',
						placeholder: 'e.g. basStatus',
						description: 'Where the translated value goes; empty replaces the input field',
					},
					{
						displayName: 'Table',
						name: 'table',
						type: 'options',
						options: DIRECTORY_KINDS.map(({ value, name }) => ({ name, value })),
						default: 'orderStatus',
						description: 'The directory table that translates this field',
					},
					{
						displayName: 'When Unmapped',
						name: 'whenUnmapped',
						type: 'options',
						options: [
							{
								name: 'Send to Unmapped Output',
								value: 'route',
								description: 'The item goes to the second output, with the field, value and label',
							},
							{
								name: 'Use a Default',
								value: 'default',
								description: 'Write the Default Value, with every flag false',
							},
							{
								name: 'Fail',
								value: 'fail',
								description: 'Stop with an error naming the item, field and value',
							},
						],
						default: 'route',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Look Up Labels',
				name: 'lookUpLabels',
				type: 'boolean',
				default: true,
				description:
					'Whether an unmapped value without a label field gets its label from the connected system (one directory read per table and run, only when something is unmapped)',
			},
		],
	},
];
