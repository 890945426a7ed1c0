import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { classifyEntitySets } from '../../odata/naming';
import type { BasConnection } from '../../transport';
import { basServiceDocument } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Object Kinds',
		name: 'kinds',
		type: 'multiOptions',
		default: [],
		description:
			'Only list objects of these kinds; leave empty for every kind except tabular sections (their rows come with the object that owns them)',
		displayOptions: { show: { resource: ['publication'], operation: ['listObjects'] } },
		options: [
			{ name: 'Accounting Register', value: 'AccountingRegister' },
			{ name: 'Accumulation Register', value: 'AccumulationRegister' },
			{ name: 'Catalog', value: 'Catalog' },
			{ name: 'Chart of Characteristic Types', value: 'ChartOfCharacteristicTypes' },
			{ name: 'Constant', value: 'Constant' },
			{ name: 'Document', value: 'Document' },
			{ name: 'Information Register', value: 'InformationRegister' },
			{ name: 'Other', value: 'Other' },
			{ name: 'Tabular Section', value: 'TabularSection' },
		],
	},
];

/** What the publication exposes, from its service document: one item per entity set. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const kinds = this.getNodeParameter('kinds', itemIndex, []) as string[];
	const entries = await basServiceDocument(this, connection, itemIndex);
	// `Catalog_A_B` is a tabular section only when `Catalog_A` is listed too
	const names = classifyEntitySets(entries.map(({ name }) => name));
	return entries
		.map(({ name, url }) => ({ name, ...names.get(name)!, url }))
		.filter((entry) => (kinds.length === 0 ? entry.kind !== 'TabularSection' : kinds.includes(entry.kind)))
		.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
