import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { getSalesDriveConnection, salesDriveRequest } from '../transport';

type OptionValue = (row: IDataObject) => string | number;

/** A SalesDrive directory (`{success, data: [{id, name, …}]}`) as dropdown options, sorted by name. */
async function directoryOptions(
	ctx: ILoadOptionsFunctions,
	path: string,
	value: OptionValue = (row) => Number(row.id),
): Promise<INodePropertyOptions[]> {
	const connection = await getSalesDriveConnection(ctx);
	const reply = await salesDriveRequest(ctx, connection, { method: 'GET', path, idempotent: true });
	const rows = Array.isArray(reply.data) ? (reply.data as IDataObject[]) : [];
	return rows
		.map((row) => ({ name: `${String(row.name ?? row.id)} (${String(row.id)})`, value: value(row) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Orders are created and updated with a method's `parameter` (or name), while lists show its id;
 * these dropdowns offer the value a payload takes.
 */
const payloadValue: OptionValue = (row) => String(row.parameter || row.name || row.id);

export async function getOrderStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/api/statuses/');
}

export async function getPaymentMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/api/payment-methods/');
}

export async function getDeliveryMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/api/delivery-methods/');
}

export async function getPaymentMethodParameters(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/api/payment-methods/', payloadValue);
}

export async function getDeliveryMethodParameters(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/api/delivery-methods/', payloadValue);
}
