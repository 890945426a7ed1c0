import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';
import { buyerBody, buyerFieldsProperty } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Buyer ID',
		name: 'buyerId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['buyer'], operation: ['update'] } },
	},
	buyerFieldsProperty('updateFields', 'update', true),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const buyerId = idParameter(this, 'buyerId', 'Buyer ID', itemIndex);
	const body = buyerBody(this, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: nothing to update in buyer ${buyerId}`, {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	// KeyCRM requires the name on every update; an unchanged one is read first
	if (!body.full_name) {
		const current = await keyCrmRequest(this, connection, { method: 'GET', path: `/buyer/${buyerId}`, itemIndex });
		body.full_name = current.full_name;
	}
	const buyer = await writeForItem(this, connection, itemIndex, { method: 'PUT', path: `/buyer/${buyerId}`, body });
	return [outputItem(buyer, itemIndex)];
}
