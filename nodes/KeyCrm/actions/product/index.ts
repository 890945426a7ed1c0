import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createCategory from './createCategory.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getManyCategories from './getManyCategories.operation';
import * as importProducts from './import.operation';
import * as update from './update.operation';

export const operations = { create, get, getMany, update, import: importProducts, createCategory, getManyCategories };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a product with its variants',
				action: 'Create a product',
			},
			{
				name: 'Create Category',
				value: 'createCategory',
				description: 'Create a product category',
				action: 'Create a product category',
			},
			{ name: 'Get', value: 'get', description: 'Get a product by ID', action: 'Get a product' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many products', action: 'Get many products' },
			{
				name: 'Get Many Categories',
				value: 'getManyCategories',
				description: 'Get the product categories',
				action: 'Get many product categories',
			},
			{
				name: 'Import',
				value: 'import',
				description: 'Create many products at once, up to 100 per request',
				action: 'Import products',
			},
			{ name: 'Update', value: 'update', description: "Update a product's own fields", action: 'Update a product' },
		],
		default: 'getMany',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
	...importProducts.description,
	...createCategory.description,
	...getManyCategories.description,
];
