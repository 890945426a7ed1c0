import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SalesDriveConnection } from '../../transport';
import { directoryRows } from './rows';

/** The account's statuses (`/api/statuses/`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	return await directoryRows(this, connection, itemIndex, '/api/statuses/');
}
