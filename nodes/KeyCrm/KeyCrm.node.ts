import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as buyer from './actions/buyer';
import * as company from './actions/company';
import * as directory from './actions/directory';
import * as offer from './actions/offer';
import * as order from './actions/order';
import * as product from './actions/product';
import { router } from './actions/router';
import * as stock from './actions/stock';
import * as loadOptions from './methods/loadOptions';

/**
 * KeyCRM's orders, buyers and companies, catalog, stock and directories over its OpenAPI v1.
 * Every request shares the key's 60-per-minute limit (see the transport); bulk price and stock
 * updates take all input items at once.
 */
export class KeyCrm implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KeyCRM',
		name: 'keyCrm',
		icon: { light: 'file:../../icons/keycrm.svg', dark: 'file:../../icons/keycrm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with KeyCRM orders, buyers, companies, products, stock and directories',
		defaults: { name: 'KeyCRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'keyCrmApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Buyer', value: 'buyer' },
					{ name: 'Company', value: 'company' },
					{ name: 'Directory', value: 'directory' },
					{ name: 'Offer (Variant)', value: 'offer' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Stock', value: 'stock' },
				],
				default: 'order',
			},
			...order.description,
			...buyer.description,
			...company.description,
			...product.description,
			...offer.description,
			...stock.description,
			...directory.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
