import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type OperationTable, route } from '../../common/router';
import { getSalesDriveConnection, type SalesDriveConnection } from '../transport';
import * as category from './category';
import * as directory from './directory';
import * as fiscalCheck from './fiscalCheck';
import * as order from './order';
import * as payment from './payment';
import * as product from './product';

/** resource → operation → implementation; product and category operations are batches over all items */
const operations: OperationTable<SalesDriveConnection> = {
	order: order.operations,
	product: product.operations,
	category: category.operations,
	payment: payment.operations,
	fiscalCheck: fiscalCheck.operations,
	directory: directory.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations, connect: getSalesDriveConnection });
}
