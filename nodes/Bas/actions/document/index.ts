import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createBasedOn from './createBasedOn.operation';
import * as find from './find.operation';
import * as get from './get.operation';
import * as markForDeletion from './markForDeletion.operation';
import * as post from './post.operation';
import { documentTypeProperty } from './shared';
import * as unpost from './unpost.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

/** operation name → implementation (Upsert joins here when it exists) */
export const operations = { create, update, upsert, get, find, post, unpost, markForDeletion, createBasedOn };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['document'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a document from mapped fields and lines',
				action: 'Create a document',
			},
			{
				name: 'Create Based On',
				value: 'createBasedOn',
				description:
					'Create the follow-up document of an order or shipment: shipment invoice, order closure, return, payment receipt',
				action: 'Create a document based on another',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a document by external ID',
			},
			{
				name: 'Find',
				value: 'find',
				description: 'Find documents by field conditions',
				action: 'Find documents',
			},
			{ name: 'Get', value: 'get', description: 'Get a document by Ref_Key or number', action: 'Get a document' },
			{
				name: 'Mark for Deletion',
				value: 'markForDeletion',
				description: 'Set the deletion mark of a document (BAS deletes marked objects later)',
				action: 'Mark a document for deletion',
			},
			{
				name: 'Post',
				value: 'post',
				description: 'Post a document, making its register movements',
				action: 'Post a document',
			},
			{
				name: 'Unpost',
				value: 'unpost',
				description: 'Cancel the posting of a document',
				action: 'Unpost a document',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change fields and lines of a document',
				action: 'Update a document',
			},
		],
		default: 'create',
	},
	documentTypeProperty,
	...create.description,
	...update.description,
	...upsert.description,
	...get.description,
	...find.description,
	...post.description,
	...unpost.description,
	...markForDeletion.description,
	...createBasedOn.description,
];
