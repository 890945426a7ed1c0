import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';
import { companyIncludesProperty } from './get.operation';

const show = { resource: ['company'], operation: ['getMany'] };

export const description: INodeProperties[] = [
	...limitProperties(show),
	companyIncludesProperty('getMany'),
	{
		displayName: 'Company IDs',
		name: 'companyIds',
		type: 'string',
		default: '',
		description: 'Only these companies, separated by commas; all when empty',
		displayOptions: { show },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const include = this.getNodeParameter('include', itemIndex, []) as string[];
	const ids = listOf(this.getNodeParameter('companyIds', itemIndex, ''));
	const qs: IDataObject = {};
	if (include.length) qs.include = include.join(',');
	if (ids.length) qs.filter = { company_id: ids.join(',') };
	const companies = await listForItem(this, connection, itemIndex, '/companies', qs);
	return companies.map((company) => outputItem(company, itemIndex));
}
