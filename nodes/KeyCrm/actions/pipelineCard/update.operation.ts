import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';
import { cardBody, cardFieldsProperty, cardOf } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Card ID',
		name: 'cardId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['pipelineCard'], operation: ['update'] } },
	},
	cardFieldsProperty('update'),
];

/**
 * `PUT /pipelines/cards/{id}`. KeyCRM's OpenAPI answers `{status: true}` rather than the card;
 * then the node reads the card back, so the output is the card either way.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const cardId = idParameter(this, 'cardId', 'Card ID', itemIndex);
	const body = cardBody(this, itemIndex, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no field to update for card ${cardId}`, {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	const reply = cardOf(
		await writeForItem(this, connection, itemIndex, { method: 'PUT', path: `/pipelines/cards/${cardId}`, body }),
	);
	if (reply.id !== undefined) return [outputItem(reply, itemIndex)];
	const card = await keyCrmRequest(this, connection, { method: 'GET', path: `/pipelines/cards/${cardId}`, itemIndex });
	return [outputItem(cardOf(card), itemIndex)];
}
