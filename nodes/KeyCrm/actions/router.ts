import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route, type OperationTable } from '../../common/router';
import { getKeyCrmConnection, type KeyCrmConnection } from '../transport';
import * as buyer from './buyer';
import * as company from './company';
import * as directory from './directory';
import * as offer from './offer';
import * as order from './order';
import * as product from './product';
import * as stock from './stock';

/**
 * resource → operation → implementation. A further part of KeyCRM's API (pipelines and their
 * cards, calls, storage, expenses…) is a folder beside these with its own index, added here and
 * to the Resource options.
 */
export const operations: OperationTable<KeyCrmConnection> = {
	order: order.operations,
	buyer: buyer.operations,
	company: company.operations,
	product: product.operations,
	offer: offer.operations,
	stock: stock.operations,
	directory: directory.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations, connect: getKeyCrmConnection });
}
