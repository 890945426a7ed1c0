import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';

/** A directory's values (`{success, data: [...]}`), one output item each. */
export async function directoryRows(
	ctx: IExecuteFunctions,
	connection: SalesDriveConnection,
	itemIndex: number,
	path: string,
): Promise<INodeExecutionData[]> {
	const reply = await salesDriveRequest(ctx, connection, { method: 'GET', path, idempotent: true, itemIndex });
	const rows = Array.isArray(reply.data) ? (reply.data as IDataObject[]) : [];
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
