import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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
}

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
