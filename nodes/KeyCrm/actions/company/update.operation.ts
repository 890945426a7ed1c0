import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { idParameter, outputItem, writeForItem } from '../shared';
import { companyBody, companyFieldsProperty } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Company ID',
		name: 'companyId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: ['company'], operation: ['update'] } },
	},
	companyFieldsProperty('updateFields', 'update', true),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const companyId = idParameter(this, 'companyId', 'Company ID', itemIndex);
	const body = companyBody(this, this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: nothing to update in company ${companyId}`, {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	// KeyCRM requires the name on every update; an unchanged one is read first
	if (!body.name) {
		const current = await keyCrmRequest(this, connection, {
			method: 'GET',
			path: `/companies/${companyId}`,
			itemIndex,
		});
		body.name = current.name;
	}
	const company = await writeForItem(this, connection, itemIndex, {
		method: 'PUT',
		path: `/companies/${companyId}`,
		body,
	});
	return [outputItem(company, itemIndex)];
}
