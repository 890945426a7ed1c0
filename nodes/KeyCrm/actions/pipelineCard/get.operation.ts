import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem } from '../shared';
import { cardIncludesProperty, cardOf } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['pipelineCard'], operation: ['get'] } },
	},
	cardIncludesProperty('get'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const cardId = idParameter(this, 'cardId', 'Card ID', itemIndex);
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const reply = await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/pipelines/cards/${cardId}`,
		qs: include.length ? { include: include.join(',') } : {},
		itemIndex,
	});
	return [outputItem(cardOf(reply), itemIndex)];
}
