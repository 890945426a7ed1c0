import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as category from './actions/category';
import * as directory from './actions/directory';
import * as fiscalCheck from './actions/fiscalCheck';
import * as order from './actions/order';
import * as payment from './actions/payment';
import * as product from './actions/product';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';

/**
 * SalesDrive's side of an exchange: orders (create, update, notes, incremental reads), the
 * catalog (products, stock per warehouse, prices and cost prices, categories — each in batches
 * over all input items), payments, fiscal receipts and the directories orders refer to.
 */
export class SalesDrive implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SalesDrive',
		name: 'salesDrive',
		icon: { light: 'file:../../icons/salesdrive.svg', dark: 'file:../../icons/salesdrive.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and update orders, products, stock, prices and payments in SalesDrive',
		defaults: { name: 'SalesDrive' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salesDriveApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Category', value: 'category' },
					{ name: 'Directory', value: 'directory' },
					{ name: 'Fiscal Check', value: 'fiscalCheck' },
					{ name: 'Order', value: 'order' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'Product', value: 'product' },
				],
				default: 'order',
			},
			...order.description,
			...product.description,
			...category.description,
			...payment.description,
			...fiscalCheck.description,
			...directory.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
