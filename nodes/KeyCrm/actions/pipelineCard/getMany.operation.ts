import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { filterAndIncludeQuery, listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';
import { cardIncludesProperty } from './fields';

const show = { resource: ['pipelineCard'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Created Between',
				name: 'created_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
			{
				displayName: 'Pipeline IDs',
				name: 'pipeline_id',
				type: 'string',
				default: '',
				description: 'Separated by commas',
			},
			{ displayName: 'Source IDs', name: 'source_id', type: 'string', default: '', description: 'Separated by commas' },
			{ displayName: 'Status IDs', name: 'status_id', type: 'string', default: '', description: 'Separated by commas' },
			{
				displayName: 'Updated Between',
				name: 'updated_between',
				type: 'string',
				default: '',
				placeholder: '2026-01-01 00:00:00,2026-01-31 23:59:59',
				description: 'UTC, two times separated by a comma',
			},
		],
	},
	cardIncludesProperty('getMany'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const qs = filterAndIncludeQuery(this, itemIndex);
	const cards = await listForItem(this, connection, itemIndex, '/pipelines/cards', qs);
	return cards.map((card) => outputItem(card, itemIndex));
}
