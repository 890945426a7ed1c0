import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact, customFieldsOf, customFieldsProperty, jsonParameter } from '../shared';

export const CARD_INCLUDES = [
	{ name: 'Buyer of the Contact', value: 'contact.client' },
	{ name: 'Contact', value: 'contact' },
	{ name: 'Custom Fields', value: 'custom_fields' },
	{ name: 'Manager', value: 'manager' },
	{ name: 'Payments', value: 'payments' },
	{ name: 'Products', value: 'products' },
	{ name: 'Products with Offers', value: 'products.offer' },
	{ name: 'Status', value: 'status' },
];

export function cardIncludesProperty(operation: string): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: CARD_INCLUDES,
		default: [],
		description: 'Related records to read with the card',
		displayOptions: { show: { resource: ['pipelineCard'], operation: [operation] } },
	};
}

/** The fields a card takes on Create and Update (Update's KeyCRM names a few differently). */
export function cardFieldsProperty(operation: 'create' | 'update'): INodeProperties {
	const update = operation === 'update';
	return {
		displayName: update ? 'Update Fields' : 'Additional Fields',
		name: update ? 'updateFields' : 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { resource: ['pipelineCard'], operation: [operation] } },
		options: [
			...(update ? [{ displayName: 'Buyer ID', name: 'client_id', type: 'number' as const, default: 0 }] : []),
			{
				displayName: 'Communicate At',
				name: 'communicate_at',
				type: 'string',
				default: '',
				placeholder: '2026-01-31 14:00:00',
				description: 'When to contact next, UTC as Y-m-d H:i:s',
			},
			customFieldsProperty('getLeadCustomFields'),
			{
				displayName: update ? 'Note' : 'Manager Comment',
				name: update ? 'note' : 'manager_comment',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Manager Name or ID',
				name: 'manager_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getUsers' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Other Fields (JSON)',
				name: 'json',
				type: 'json',
				default: '{}',
				description: update
					? 'Further fields, merged last: e.g. {"products": [{"sku": "…", "quantity": 1}]}'
					: 'Further fields, merged last: e.g. {"products": [{"sku": "…", "quantity": 1}], "utm_source": "facebook"}',
			},
			{
				displayName: 'Source Name or ID',
				name: 'source_id',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getSources' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			...(update
				? [
						{
							displayName: 'Status Name or ID',
							name: 'status_id',
							type: 'options' as const,
							typeOptions: { loadOptionsMethod: 'getPipelineStatuses' },
							default: '',
							description:
								'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
					]
				: []),
			{ displayName: 'Title', name: 'title', type: 'string', default: '' },
		],
	};
}

export function cardBody(ctx: IExecuteFunctions, itemIndex: number, fields: IDataObject): IDataObject {
	const { customFields, json, ...rest } = fields;
	const body = compact(rest);
	for (const key of ['manager_id', 'source_id', 'status_id', 'client_id']) {
		if (body[key] === 0) delete body[key];
		else if (body[key] !== undefined) body[key] = Number(body[key]) || body[key];
	}
	const custom = customFieldsOf(ctx, customFields);
	if (custom) body.custom_fields = custom;
	Object.assign(body, jsonParameter<IDataObject>(ctx, 'json', 'Other Fields (JSON)', itemIndex, json));
	return body;
}

/** A card as KeyCRM answers it: the card itself, or (as its OpenAPI describes it) wrapped in `data`. */
export function cardOf(reply: IDataObject): IDataObject {
	const data = reply.data;
	if (Array.isArray(data)) return (data[0] as IDataObject | undefined) ?? {};
	if (data && typeof data === 'object' && reply.id === undefined) return data as IDataObject;
	return reply;
}
