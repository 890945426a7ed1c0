import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { timeRange } from './lists';
import { timeZoneOption } from './values';

/** The filters payment and fiscal-check lists share: change, document and creation time, organizations. */
export function documentFilterProperties(
	show: NonNullable<IDisplayOptions['show']>,
	extra: INodeProperties[] = [],
): INodeProperties[] {
	return [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			displayOptions: { show },
			options: [
				{ displayName: 'Date From', name: 'dateFrom', type: 'dateTime', default: '' },
				{ displayName: 'Date To', name: 'dateTo', type: 'dateTime', default: '' },
				{
					displayName: 'Organization IDs',
					name: 'organizationIds',
					type: 'string',
					default: '',
					placeholder: '1,2',
					description: 'Comma-separated',
				},
				{
					displayName: 'Updated After',
					name: 'updatedFrom',
					type: 'dateTime',
					default: '',
					description: 'Only documents changed at or after this time (`updatedAt`)',
				},
				{ displayName: 'Updated Before', name: 'updatedTo', type: 'dateTime', default: '' },
				...extra,
			],
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show },
			options: [timeZoneOption],
		},
	];
}

/** The query of a document list from its Filters. */
export function documentQuery(ctx: IExecuteFunctions, itemIndex: number): { qs: IDataObject; filters: IDataObject } {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { timeZone = 'Europe/Kyiv' } = ctx.getNodeParameter('options', itemIndex, {}) as { timeZone?: string };
	const filter: IDataObject = {};
	const updatedAt = timeRange(ctx, itemIndex, 'Updated', filters.updatedFrom, filters.updatedTo, timeZone);
	if (updatedAt) filter.updatedAt = updatedAt;
	const date = timeRange(ctx, itemIndex, 'Date', filters.dateFrom, filters.dateTo, timeZone);
	if (date) filter.date = date;
	const organizations = String(filters.organizationIds ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	if (organizations.length > 0) filter.organizationId = organizations;
	return { qs: { filter }, filters };
}
