import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { outputItem, writeForItem } from '../shared';
import { buyerBody, buyerFieldsProperty } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['buyer'], operation: ['create'] } },
	},
	buyerFieldsProperty('additionalFields', 'create', false),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const body = {
		full_name: this.getNodeParameter('fullName', itemIndex) as string,
		...buyerBody(this, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const buyer = await writeForItem(this, connection, itemIndex, { method: 'POST', path: '/buyer', body });
	return [outputItem(buyer, itemIndex)];
}
