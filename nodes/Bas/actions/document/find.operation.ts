import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { filterLiteral, FieldValueError } from '../../fields';
import { and, compare, type ComparisonOperator, type Filter, startsWith, substringOf } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basListAll } from '../../transport';
import type { DocumentType } from './documentType';
import { documentTypeFor, fieldError } from './shared';

const show = { resource: ['document'], operation: ['find'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'Documents must meet all of these; without any, every document of the type is found',
		displayOptions: { show },
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getDocumentFilterFields', loadOptionsDependsOn: ['documentType'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'eq',
						options: [
							{ name: 'Contains', value: 'contains' },
							{ name: 'Equals', value: 'eq' },
							{ name: 'Greater Than', value: 'gt' },
							{ name: 'Greater Than or Equal', value: 'ge' },
							{ name: 'Less Than', value: 'lt' },
							{ name: 'Less Than or Equal', value: 'le' },
							{ name: 'Not Equals', value: 'ne' },
							{ name: 'Starts With', value: 'startsWith' },
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							"Compared by the field's type: a GUID for references, a date (base time zone unless it has an offset), a number, true/false or text",
					},
				],
			},
		],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...show, returnAll: [false] } },
	},
];

interface Condition {
	field: string;
	operator: ComparisonOperator | 'contains' | 'startsWith';
	value: string;
}

/** The conditions as one `$filter`, each value written by its field's type. */
function conditionsFilter(
	ctx: IExecuteFunctions,
	document: DocumentType,
	conditions: Condition[],
	timeZone: string,
	itemIndex: number,
): Filter | undefined {
	const parts = conditions.map(({ field, operator, value }) => {
		const property = document.set.properties.find((p) => p.name === field);
		if (!property) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: ${document.set.name} has no field "${field}" to filter on`,
				{
					itemIndex,
				},
			);
		}
		if (operator === 'contains' || operator === 'startsWith') {
			if (property.kind !== 'value' || property.type !== 'Edm.String') {
				throw new FieldValueError(field, value, `cannot be searched for as text: ${field} is not a text field`);
			}
			return operator === 'contains' ? substringOf(value, field) : startsWith(field, value);
		}
		return compare(
			field,
			operator,
			filterLiteral(property, value, document.target, { model: document.model, timeZone }),
		);
	});
	return and(...parts);
}

/** Documents meeting the conditions, newest first, all of them or up to the limit. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const conditions = (this.getNodeParameter('conditions.condition', itemIndex, []) as Condition[]).filter(
		(condition) => condition.field !== '',
	);
	let filter: Filter | undefined;
	try {
		filter = conditionsFilter(this, document, conditions, connection.timeZone, itemIndex);
	} catch (error) {
		throw fieldError(this, error, itemIndex);
	}
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const rows: IDataObject[] = await basListAll(
		this,
		connection,
		resourcePath(document.set.name),
		{ filter, orderBy: ['Date desc'] },
		{ limit, itemIndex },
	);
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
