import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as buyer from './actions/buyer';
import * as call from './actions/call';
import * as company from './actions/company';
import * as directory from './actions/directory';
import * as externalTransaction from './actions/externalTransaction';
import * as file from './actions/file';
import * as offer from './actions/offer';
import * as order from './actions/order';
import * as pipeline from './actions/pipeline';
import * as pipelineCard from './actions/pipelineCard';
import * as product from './actions/product';
import { router } from './actions/router';
import * as stock from './actions/stock';
import * as loadOptions from './methods/loadOptions';

/**
 * KeyCRM's orders, buyers and companies, catalog, stock, pipelines, files, bank transactions,
 * calls and directories over its OpenAPI v1.
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
		description: 'Work with KeyCRM orders, buyers, products, stock, pipelines, files and directories',
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
					{ name: 'Bank Transaction', value: 'externalTransaction' },
					{ name: 'Buyer', value: 'buyer' },
					{ name: 'Call', value: 'call' },
					{ name: 'Company', value: 'company' },
					{ name: 'Directory', value: 'directory' },
					{ name: 'File (Storage)', value: 'file' },
					{ name: 'Offer (Variant)', value: 'offer' },
					{ name: 'Order', value: 'order' },
					{ name: 'Pipeline', value: 'pipeline' },
					{ name: 'Pipeline Card (Lead)', value: 'pipelineCard' },
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
			...pipeline.description,
			...pipelineCard.description,
			...file.description,
			...externalTransaction.description,
			...call.description,
			...directory.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
