import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact, customFieldsOf, customFieldsProperty, listOf } from '../shared';

/** The fields of a buyer beside its name, for Create and Update. */
export function buyerFieldsProperty(name: string, operation: string, withName: boolean): INodeProperties {
	return {
		displayName: name === 'updateFields' ? 'Update Fields' : 'Additional Fields',
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['buyer'], operation: [operation] } },
		options: [
			{ displayName: 'Birthday', name: 'birthday', type: 'string', default: '', placeholder: '1990-05-17' },
			{ displayName: 'Company ID', name: 'company_id', type: 'number', default: 0 },
			customFieldsProperty('getBuyerCustomFields'),
			{
				displayName: 'Discount (%)',
				name: 'discount',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100 },
				default: 0,
			},
			{
				displayName: 'Emails',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'One or more, separated by commas',
			},
			...(withName ? [{ displayName: 'Full Name', name: 'full_name', type: 'string' as const, default: '' }] : []),
			{
				displayName: 'Manager Name or ID',
				name: 'manager_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Note', name: 'note', type: 'string', default: '' },
			{
				displayName: 'Phones',
				name: 'phone',
				type: 'string',
				default: '',
				description: 'One or more, separated by commas',
			},
		],
	};
}

/** The body of `POST /buyer` and `PUT /buyer/{id}` from the fields collection. */
export function buyerBody(ctx: IExecuteFunctions, fields: IDataObject): IDataObject {
	const { customFields, email, phone, ...rest } = fields;
	const body = compact(rest);
	for (const key of ['company_id', 'manager_id', 'discount']) {
		if (body[key] === 0 && key !== 'discount') delete body[key];
		else if (body[key] !== undefined) body[key] = Number(body[key]);
	}
	const emails = listOf(email);
	if (emails.length) body.email = emails;
	const phones = listOf(phone);
	if (phones.length) body.phone = phones;
	const custom = customFieldsOf(ctx, customFields);
	if (custom) body.custom_fields = custom;
	return body;
}
