import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './description';
import { runExport } from './exportRun';

/**
 * Pushes stock (free of reserves), prices or cost prices from BAS to SalesDrive or KeyCRM,
 * sending only what changed since the CRM last accepted it. It runs once per execution, whatever
 * the input (input items may carry the warehouse mapping), and outputs one run report.
 */
export class StockExport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stock Export',
		name: 'stockExport',
		icon: { light: 'file:../../icons/bas.svg', dark: 'file:../../icons/bas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["export"] + " → " + $parameter["crm"]}}',
		description: 'Send BAS stock, prices or cost prices to SalesDrive or KeyCRM, only what changed',
		defaults: { name: 'Stock Export' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'basODataApi', required: true },
			{ name: 'salesDriveApi', required: true, displayOptions: { show: { crm: ['salesDrive'] } } },
			{ name: 'keyCrmApi', required: true, displayOptions: { show: { crm: ['keyCrm'] } } },
		],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runExport(this);
	}
}
