import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { runHandlerBatch } from '../handler';
import { batchOptions, productIdOf, productIdProperty } from './fields';

const show = { resource: ['product'], operation: ['delete'] };

export const description: INodeProperties[] = [productIdProperty(show), batchOptions(show)];

export const mode = 'batch';

/** Deletes products by their ID; `deleted` is false for one SalesDrive did not have. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
): Promise<BatchResult> {
	return await runHandlerBatch(
		this,
		items,
		connection,
		{
			path: '/product-handler/',
			listKey: 'product',
			body: { action: 'delete' },
			output: (row, result) => ({ id: row.row.id, deleted: result !== 'not found', result }),
		},
		(itemIndex) => ({ id: productIdOf(this, itemIndex) }),
	);
}
