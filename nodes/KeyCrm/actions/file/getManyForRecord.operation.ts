import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['file'], operation: ['getManyForRecord'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'entityType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Order', value: 'order' },
			{ name: 'Pipeline Card', value: 'pipelines' },
		],
		default: 'order',
		displayOptions: { show },
	},
	{
		displayName: 'Record ID',
		name: 'entityId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	},
	...limitProperties(show),
];

/** `GET /storage/attachment/{type}/{id}`: one unpaginated list (a paginated reply is read too). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const entityType = this.getNodeParameter('entityType', itemIndex) as string;
	const entityId = idParameter(this, 'entityId', 'Record ID', itemIndex);
	const reply = (await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/storage/attachment/${entityType}/${entityId}`,
		itemIndex,
	})) as IDataObject | IDataObject[];
	const files = Array.isArray(reply) ? reply : Array.isArray(reply.data) ? (reply.data as IDataObject[]) : [];
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return (returnAll ? files : files.slice(0, limit)).map((file) => outputItem(file, itemIndex));
}
