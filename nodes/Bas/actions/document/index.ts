import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as find from './find.operation';
import * as get from './get.operation';
import * as markForDeletion from './markForDeletion.operation';
import * as post from './post.operation';
import { documentTypeProperty } from './shared';
import * as unpost from './unpost.operation';
import * as update from './update.operation';

/** operation name → implementation (Upsert and Create Based On join here when they exist) */
export const operations = { create, update, get, find, post, unpost, markForDeletion };

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
	...get.description,
	...find.description,
	...post.description,
	...unpost.description,
	...markForDeletion.description,
];
