import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../common/router';
import * as document from './actions/document';
import { getExternalIdFields } from './documents';
import { catalogLoadOptions, documentLoadOptions, resourceMapping } from './methods';
import { getBasConnection } from './transport';

export class BasDocument implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BAS Document',
		name: 'basDocument',
		icon: { light: 'file:../../icons/bas.svg', dark: 'file:../../icons/bas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["documentType"]}}',
		description: 'Create, change, find and post documents of a BAS (1C:Enterprise) base over OData',
		defaults: { name: 'BAS Document' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'basODataApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'hidden',
				noDataExpression: true,
				default: 'document',
			},
			...document.description,
		],
	};

	methods = {
		loadOptions: { ...documentLoadOptions, getExternalIdFields, getCatalogs: catalogLoadOptions.getCatalogs },
		resourceMapping: { ...resourceMapping },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			operations: { document: document.operations },
			connect: getBasConnection,
			defaultResource: 'document',
		});
	}
}
