import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { literal, type Literal } from '../odata/filter';
import { isGuid } from '../odata/literals';
import type { ObjectKind, PropertyModel } from '../odata/model';
import type { ConditionContext } from './catalog/fieldConditions';

/**
 * Rows of "field, (operator,) value" conditions, as Get Many and Find of catalogs and documents,
 * the catalog's Match On and the registers' dimension filters show them: one shape on the canvas,
 * each with its own field list and wording.
 */
export interface ConditionRows {
	/** the parameter, e.g. `filters` */
	name: string;
	/** the name of one row in it, e.g. `conditions` */
	row: string;
	displayName: string;
	rowDisplayName: string;
	placeholder: string;
	description: string;
	show: NonNullable<IDisplayOptions['show']>;
	required?: boolean;
	field: { displayName: string; loadOptionsMethod: string; loadOptionsDependsOn: string[] };
	/** whether each row has an operator; without one every row is an equality */
	withOperator: boolean;
	valueDescription: string;
	/** whether each row has a Value Type: the type of a reference in a field that can hold several (`X` + `X_Type`) */
	withValueType?: boolean;
}

// objects a reference can point to, so a composite field can hold them
const REFERENCE_KINDS = new Set<ObjectKind>([
	'Catalog',
	'Document',
	'ChartOfAccounts',
	'ChartOfCharacteristicTypes',
	'ChartOfCalculationTypes',
	'ExchangePlan',
	'BusinessProcess',
	'Task',
]);

const operatorProperty: INodeProperties = {
	displayName: 'Operator',
	name: 'operator',
	type: 'options',
	default: 'eq',
	options: [
		{ name: 'Contains', value: 'contains' },
		{ name: 'Equal', value: 'eq' },
		{ name: 'Greater Than', value: 'gt' },
		{ name: 'Greater Than or Equal', value: 'ge' },
		{ name: 'Less Than', value: 'lt' },
		{ name: 'Less Than or Equal', value: 'le' },
		{ name: 'Not Equal', value: 'ne' },
		{ name: 'Starts With', value: 'startsWith' },
	],
};

const valueTypeProperty: INodeProperties = {
	displayName: 'Value Type Name or ID',
	name: 'valueType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCatalogs' },
	default: '',
	description:
		'For a field that can hold several types (a composite field such as a sub-account ExtDimension1..3 or an order\'s СостояниеЗаказа): the catalog or document the reference value belongs to, e.g. Catalog_Склады. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export function conditionRowsParameter(rows: ConditionRows): INodeProperties {
	const { loadOptionsMethod, loadOptionsDependsOn } = rows.field;
	return {
		displayName: rows.displayName,
		name: rows.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: rows.placeholder,
		default: {},
		...(rows.required ? { required: true } : {}),
		description: rows.description,
		displayOptions: { show: rows.show },
		options: [
			{
				displayName: rows.rowDisplayName,
				name: rows.row,
				values: [
					{
						displayName: rows.field.displayName,
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod, loadOptionsDependsOn },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					...(rows.withOperator ? [operatorProperty] : []),
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: rows.valueDescription,
					},
					...(rows.withValueType ? [valueTypeProperty] : []),
				],
			},
		],
	};
}

/** The rows an item has set, as the canvas holds them. */
export function conditionRows<Row>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	rows: Pick<ConditionRows, 'name' | 'row'>,
): Row[] {
	return ctx.getNodeParameter(`${rows.name}.${rows.row}`, itemIndex, []) as Row[];
}

function shown(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/**
 * A reference in a composite field (`X` + `X_Type`) as 1C matches it: `cast(guid'…', 'Catalog_Склады')`,
 * so the row must name the value's type, and that type must be a reference type the base publishes.
 */
export function compositeReference(
	context: ConditionContext,
	property: PropertyModel,
	value: unknown,
	valueType: unknown,
): Literal {
	const { node, itemIndex, objectName, metadata } = context;
	const key = String(value ?? '').trim();
	const type = String(valueType ?? '').trim();
	const named = `The value ${shown(value)} for ${property.name} in ${objectName}`;
	if (type === '') {
		throw new NodeOperationError(
			node,
			`${named} is a reference, but the field can hold several types: set its Value Type to the catalog the value belongs to (e.g. Catalog_Склады)`,
			{ itemIndex },
		);
	}
	const target = metadata.entitySets[type];
	if (!target || !REFERENCE_KINDS.has(target.kind)) {
		throw new NodeOperationError(
			node,
			`${named} has the Value Type "${type}", which is no catalog or other reference type the base publishes`,
			{ itemIndex, description: 'Choose the Value Type from the list, e.g. Catalog_Склады or Catalog_Номенклатура.' },
		);
	}
	if (!isGuid(key)) {
		throw new NodeOperationError(node, `${named} is not a reference key (a GUID such as Ref_Key) of ${type}`, {
			itemIndex,
		});
	}
	return literal.reference(key, type);
}
