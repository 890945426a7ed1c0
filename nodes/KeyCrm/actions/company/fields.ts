import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact, customFieldsOf, customFieldsProperty, listOf } from '../shared';

export function companyFieldsProperty(name: string, operation: string, withName: boolean): INodeProperties {
	return {
		displayName: name === 'updateFields' ? 'Update Fields' : 'Additional Fields',
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['company'], operation: [operation] } },
		options: [
			{ displayName: 'Bank Account (IBAN)', name: 'bank_account', type: 'string', default: '' },
			{
				displayName: 'Buyer IDs',
				name: 'buyer_id',
				type: 'string',
				default: '',
				description: 'Buyers to link to the company, separated by commas',
			},
			customFieldsProperty('getCompanyCustomFields'),
			{
				displayName: 'Manager Name or ID',
				name: 'manager_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			...(withName ? [{ displayName: 'Name', name: 'name', type: 'string' as const, default: '' }] : []),
			{ displayName: 'Notes', name: 'notes', type: 'string', default: '' },
			{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The full legal name' },
		],
	};
}

export function companyBody(ctx: IExecuteFunctions, fields: IDataObject): IDataObject {
	const { customFields, buyer_id, ...rest } = fields;
	const body = compact(rest);
	if (body.manager_id !== undefined) body.manager_id = Number(body.manager_id);
	const buyers = listOf(buyer_id);
	if (buyers.length) body.buyer_id = buyers;
	const custom = customFieldsOf(ctx, customFields);
	if (custom) body.custom_fields = custom;
	return body;
}
