import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { and } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basListAll } from '../../transport';
import { catalogOptions, type CatalogOptions, resolveCatalog, scopeFilter } from './catalogSet';
import { conditionsFilter, type FieldCondition, filterableProperties } from './fieldConditions';

const show = { resource: ['catalog'], operation: ['getMany'] };

export const description: INodeProperties[] = [
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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add condition',
		default: {},
		description:
			'Conditions the items must meet; conditions on different fields must all hold, several "Equal" conditions on one field are alternatives',
		displayOptions: { show },
		options: [
			{
				displayName: 'Condition',
				name: 'conditions',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCatalogFields', loadOptionsDependsOn: ['catalog'] },
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
							{ name: 'Equal', value: 'eq' },
							{ name: 'Greater Than', value: 'gt' },
							{ name: 'Greater Than or Equal', value: 'ge' },
							{ name: 'Less Than', value: 'lt' },
							{ name: 'Less Than or Equal', value: 'le' },
							{ name: 'Not Equal', value: 'ne' },
							{ name: 'Starts With', value: 'startsWith' },
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description:
							'A GUID for references (empty for the empty reference), a number, true or false, a date in the base time zone, or text',
					},
				],
			},
		],
	},
	catalogOptions('getMany'),
];

/** Items of a catalog, filtered; folders and deletion-marked items only when asked for. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set, conditions } = await resolveCatalog(this, itemIndex, connection);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const rows = this.getNodeParameter('filters.conditions', itemIndex, []) as FieldCondition[];
	const options = this.getNodeParameter('options', itemIndex, {}) as CatalogOptions;
	const filter = and(
		conditionsFilter(conditions, filterableProperties(set.properties), rows),
		scopeFilter(set, options),
	);
	const items = await basListAll(this, connection, resourcePath(set.name), { filter }, { limit, itemIndex });
	return items.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
