import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

export const description: INodeProperties[] = [...limitProperties({ resource: ['pipeline'], operation: ['getMany'] })];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const pipelines = await listForItem(this, connection, itemIndex, '/pipelines', {});
	return pipelines.map((pipeline) => outputItem(pipeline, itemIndex));
}
