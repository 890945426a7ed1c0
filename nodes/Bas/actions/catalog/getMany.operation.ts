import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { and } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basListAll } from '../../transport';
import { conditionRows, type ConditionRows, conditionRowsParameter } from '../conditionRows';
import { limitOf, limitProperties } from '../../../common/limit';
import { catalogOptions, type CatalogOptions, resolveCatalog, scopeFilter } from './catalogSet';
import { conditionsFilter, type FieldCondition, filterableProperties } from './fieldConditions';

const show = { resource: ['catalog'], operation: ['getMany'] };

const filterRows: ConditionRows = {
	name: 'filters',
	row: 'conditions',
	displayName: 'Filters',
	rowDisplayName: 'Condition',
	placeholder: 'Add condition',
	description:
		'Conditions the items must meet; conditions on different fields must all hold, several "Equal" conditions on one field are alternatives',
	show,
	field: { displayName: 'Field Name or ID', loadOptionsMethod: 'getCatalogFields', loadOptionsDependsOn: ['catalog'] },
	withOperator: true,
	valueDescription:
		'A GUID for references (empty for the empty reference), a number, true or false, a date in the base time zone, or text',
	withValueType: true,
};

export const description: INodeProperties[] = [
	...limitProperties(show),
	conditionRowsParameter(filterRows),
	catalogOptions('getMany'),
];

/** Items of a catalog, filtered; folders and deletion-marked items only when asked for. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set, conditions } = await resolveCatalog(this, itemIndex, connection);
	const limit = limitOf(this, itemIndex);
	const rows = conditionRows<FieldCondition>(this, itemIndex, filterRows);
	const options = this.getNodeParameter('options', itemIndex, {}) as CatalogOptions;
	const filter = and(
		conditionsFilter(conditions, filterableProperties(set.properties), rows),
		scopeFilter(set, options),
	);
	const items = await basListAll(this, connection, resourcePath(set.name), { filter }, { limit, itemIndex });
	return items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
