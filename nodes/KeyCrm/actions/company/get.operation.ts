import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem } from '../shared';

export function companyIncludesProperty(operation: string): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: ['buyer', 'custom_fields', 'manager'].map((name) => ({ name, value: name })),
		default: [],
		description: 'Related records to return with each company',
		displayOptions: { show: { resource: ['company'], operation: [operation] } },
	};
}

export const description: INodeProperties[] = [
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['company'], operation: ['get'] } },
	},
	companyIncludesProperty('get'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const companyId = idParameter(this, 'companyId', 'Company ID', itemIndex);
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const company = await keyCrmRequest(this, connection, {
		method: 'GET',
		path: `/companies/${companyId}`,
		qs: include.length ? { include: include.join(',') } : {},
		itemIndex,
	});
	return [outputItem(company, itemIndex)];
}
