import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { basMetadata } from '../../transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Object Name or ID',
		name: 'entitySet',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getEntitySets' },
		default: '',
		required: true,
		description:
			'Published object to describe, as its OData name (e.g. Catalog_Контрагенты). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { resource: ['publication'], operation: ['describeObject'] } },
	},
];

/** Fields, tabular sections and bound functions of one published object, from `$metadata`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const name = this.getNodeParameter('entitySet', itemIndex) as string;
	const metadata = await basMetadata(this, connection, itemIndex);
	const set = metadata.entitySets[name];
	if (!set) {
		throw new NodeOperationError(this.getNode(), `The publication has no object "${name}"`, {
			itemIndex,
			description: 'Objects appear only when they are included in the OData interface of the base (see the README).',
		});
	}
	return [
		{
			json: {
				name: set.name,
				kind: set.kind,
				objectName: set.objectName,
				keys: set.keys,
				properties: set.properties.map((p) => ({
					name: p.name,
					kind: p.kind,
					type: p.type,
					...(p.target ? { target: p.target } : {}),
					...(p.columns ? { columns: p.columns.map((c) => ({ name: c.name, kind: c.kind, type: c.type })) } : {}),
				})),
				functions: Object.values(set.functions).map((f) => ({
					name: f.name,
					parameters: f.parameters.map((p) => p.name),
				})),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
