import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['file'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'As Stored', value: '' },
			{ name: 'Largest First', value: '-size' },
			{ name: 'Smallest First', value: 'size' },
		],
		default: '',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const sort = this.getNodeParameter('sort', itemIndex, '') as string;
	const files = await listForItem(this, connection, itemIndex, '/storage', sort ? { sort } : {});
	return files.map((file) => outputItem(file, itemIndex));
}
