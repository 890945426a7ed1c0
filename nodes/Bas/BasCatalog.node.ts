import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { route } from '../common/router';
import * as catalog from './actions/catalog';
import * as publication from './actions/publication';
import * as register from './actions/register';
import { catalogLoadOptions, catalogResourceMapping, loadOptions, registerLoadOptions } from './methods';
import { getBasConnection } from './transport';

/**
 * Reads what a BAS base keeps as reference data: catalog items, register balances and latest
 * values, and what the publication exposes.
 *
 * Registers are a resource of this node rather than a "BAS Register" node of their own: an n8n
 * user reading stock or prices is looking up reference data for items, next to finding those
 * items, with the same credentials; one node keeps those actions together in the nodes panel,
 * and the node type name `basCatalog` (a public contract once workflows are saved) stays the
 * one place for reading. Documents, which are written, have their own node.
 *
 * Output is one item per catalog item or register row, exactly as the base sent it: Int64
 * values stay JSON strings (1C sends them so; a number could lose digits past 2^53, and writes
 * accept the strings back), dates stay in the base's time zone without an offset.
 */
export class BasCatalog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BAS Catalog',
		name: 'basCatalog',
		icon: { light: 'file:../../icons/bas.svg', dark: 'file:../../icons/bas.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Find, create and update catalog items, read register balances and prices, and what a BAS (1C:Enterprise) base publishes over OData',
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
				options: [
					{ name: 'Catalog', value: 'catalog' },
					{ name: 'Publication', value: 'publication' },
					{ name: 'Register', value: 'register' },
				],
				default: 'catalog',
			},
			...catalog.description,
			...register.description,
			...publication.description,
		],
	};

	methods = {
		loadOptions: { ...loadOptions, ...catalogLoadOptions, ...registerLoadOptions },
		resourceMapping: { ...catalogResourceMapping },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, {
			operations: { catalog: catalog.operations, register: register.operations, publication: publication.operations },
			connect: getBasConnection,
		});
	}
}
