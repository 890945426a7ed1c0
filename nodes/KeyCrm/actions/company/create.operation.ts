import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { outputItem, writeForItem } from '../shared';
import { companyBody, companyFieldsProperty } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'companyName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['company'], operation: ['create'] } },
	},
	companyFieldsProperty('additionalFields', 'create', false),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const body = {
		name: this.getNodeParameter('companyName', itemIndex) as string,
		...companyBody(this, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const company = await writeForItem(this, connection, itemIndex, { method: 'POST', path: '/companies', body });
	return [outputItem(company, itemIndex)];
}
