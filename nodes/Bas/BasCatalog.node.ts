import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../common/router';
import * as publication from './actions/publication';
import { loadOptions } from './methods';
import { getBasConnection } from './transport';

export class BasCatalog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BAS Catalog',
		name: 'basCatalog',
		icon: { light: 'file:../../icons/bas.svg', dark: 'file:../../icons/bas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read catalogs and what a BAS (1C:Enterprise) base publishes over OData',
		defaults: { name: 'BAS Catalog' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'basODataApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Publication', value: 'publication' }],
				default: 'publication',
			},
			...publication.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			operations: { publication: publication.operations },
			connect: getBasConnection,
		});
	}
}
