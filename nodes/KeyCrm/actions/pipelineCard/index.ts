import type { INodeProperties } from 'n8n-workflow';

import * as attachFile from './attachFile.operation';
import * as create from './create.operation';
import * as detachFile from './detachFile.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import { addPayment, updatePayment } from './payments';

export const operations = { create, get, getMany, update, addPayment, updatePayment, attachFile, detachFile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipelineCard'] } },
		options: [
			{
				name: 'Add Payment',
				value: 'addPayment',
				description: 'Add a payment to a card',
				action: 'Add a payment to a pipeline card',
			},
			{
				name: 'Attach File',
				value: 'attachFile',
				description: 'Attach a file from the storage to a card',
				action: 'Attach a file to a pipeline card',
			},
			{ name: 'Create', value: 'create', description: 'Create a card (lead)', action: 'Create a pipeline card' },
			{
				name: 'Detach File',
				value: 'detachFile',
				description: 'Take a file off a card',
				action: 'Detach a file from a pipeline card',
			},
			{ name: 'Get', value: 'get', description: 'Get a card by ID', action: 'Get a pipeline card' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many cards', action: 'Get many pipeline cards' },
			{
				name: 'Update',
				value: 'update',
				description: 'Move a card to another status or change its fields',
				action: 'Update a pipeline card',
			},
			{
				name: 'Update Payment Status',
				value: 'updatePayment',
				description: 'Change the status of a payment of a card',
				action: 'Update the status of a pipeline card payment',
			},
		],
		default: 'get',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...addPayment.description,
	...updatePayment.description,
	...attachFile.description,
	...detachFile.description,
];
