import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route, type OperationTable } from '../../common/router';
import { getKeyCrmConnection, type KeyCrmConnection } from '../transport';
import * as buyer from './buyer';
import * as call from './call';
import * as company from './company';
import * as directory from './directory';
import * as externalTransaction from './externalTransaction';
import * as file from './file';
import * as offer from './offer';
import * as order from './order';
import * as pipeline from './pipeline';
import * as pipelineCard from './pipelineCard';
import * as product from './product';
import * as stock from './stock';

/**
 * resource → operation → implementation, one folder per area of KeyCRM's API with its own
 * index; a new area is added here and to the Resource options.
 */
export const operations: OperationTable<KeyCrmConnection> = {
	order: order.operations,
	buyer: buyer.operations,
	company: company.operations,
	product: product.operations,
	offer: offer.operations,
	stock: stock.operations,
	directory: directory.operations,
	pipeline: pipeline.operations,
	pipelineCard: pipelineCard.operations,
	file: file.operations,
	externalTransaction: externalTransaction.operations,
	call: call.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations, connect: getKeyCrmConnection });
}
