import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { idParameter, listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['pipeline'], operation: ['getStatuses'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Pipeline Name or ID',
		name: 'pipelineId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPipelines' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show },
	},
	...limitProperties(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const pipelineId = idParameter(this, 'pipelineId', 'Pipeline', itemIndex);
	const statuses = await listForItem(this, connection, itemIndex, `/pipelines/${pipelineId}/statuses`, {});
	return statuses.map((status) => outputItem(status, itemIndex));
}
