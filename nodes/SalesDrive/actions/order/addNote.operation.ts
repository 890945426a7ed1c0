import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';
import { explainRefusal, requiredText } from '../values';
import { orderIdOf, orderIdProperty } from './reference';

const show = { resource: ['order'], operation: ['addNote'] };

export const description: INodeProperties[] = [
	orderIdProperty(show),
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		displayOptions: { show },
	},
];

/** Adds a note to an order's communication (`/api/order/note/`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const body = { orderId: orderIdOf(this, itemIndex), note: requiredText(this, itemIndex, 'note', 'Note') };
	try {
		// each call adds a note: not repeated when the outcome is unknown
		const reply = await salesDriveRequest(this, connection, {
			method: 'POST',
			path: '/api/order/note/',
			body,
			itemIndex,
		});
		const data = (reply.data ?? {}) as { noteId?: unknown };
		return [{ json: { orderId: body.orderId, noteId: data.noteId ?? null }, pairedItem: { item: itemIndex } }];
	} catch (error) {
		throw explainRefusal(error, body);
	}
}
