import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { filterLiteral, FieldValueError } from '../../fields';
import { and, compare, type ComparisonOperator, type Filter, startsWith, substringOf } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basListAll } from '../../transport';
import { propertyLiteral } from '../catalog/fieldConditions';
import { conditionRows, type ConditionRows, conditionRowsParameter } from '../conditionRows';
import { limitOf, limitProperties } from '../../../common/limit';
import type { DocumentType } from './documentType';
import { documentTypeFor, fieldError } from './shared';

const show = { resource: ['document'], operation: ['find'] };

const conditionRowsOfFind: ConditionRows = {
	name: 'conditions',
	row: 'condition',
	displayName: 'Conditions',
	rowDisplayName: 'Condition',
	placeholder: 'Add Condition',
	description: 'Documents must meet all of these; without any, every document of the type is found',
	show,
	field: {
		displayName: 'Field Name or ID',
		loadOptionsMethod: 'getDocumentFilterFields',
		loadOptionsDependsOn: ['documentType'],
	},
	withOperator: true,
	valueDescription:
		"Compared by the field's type: a GUID for references, a date (base time zone unless it has an offset), a number, true/false or text",
	withValueType: true,
};

export const description: INodeProperties[] = [conditionRowsParameter(conditionRowsOfFind), ...limitProperties(show)];

interface Condition {
	field: string;
	operator: ComparisonOperator | 'contains' | 'startsWith';
	value: string;
	valueType?: string;
}

/** The conditions as one `$filter`, each value written by its field's type. */
function conditionsFilter(
	ctx: IExecuteFunctions,
	document: DocumentType,
	conditions: Condition[],
	timeZone: string,
	itemIndex: number,
): Filter | undefined {
	const parts = conditions.map(({ field, operator, value, valueType }) => {
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
		if (property.kind === 'composite') {
			// text as it is; a reference cast to its Value Type, the only way 1C matches one there
			const context = {
				node: ctx.getNode(),
				itemIndex,
				objectName: document.set.name,
				metadata: document.model,
				timeZone,
			};
			try {
				return compare(field, operator, propertyLiteral(context, property, value, valueType));
			} catch (error) {
				// named like the node's other refusals: the item first
				throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${(error as Error).message}`, {
					itemIndex,
					description: 'Nothing was sent to BAS.',
				});
			}
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
	const conditions = conditionRows<Condition>(this, itemIndex, conditionRowsOfFind).filter(
		(condition) => condition.field !== '',
	);
	let filter: Filter | undefined;
	try {
		filter = conditionsFilter(this, document, conditions, connection.timeZone, itemIndex);
	} catch (error) {
		throw fieldError(this, error, itemIndex);
	}
	const limit = limitOf(this, itemIndex);
	const rows: IDataObject[] = await basListAll(
		this,
		connection,
		resourcePath(document.set.name),
		{ filter, orderBy: ['Date desc'] },
		{ limit, itemIndex },
	);
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
