import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { basMetadata, getBasConnection } from '../transport';

/** Published objects for dropdowns, from the base's own `$metadata`. */
export async function getEntitySets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const metadata = await basMetadata(this, connection);
	return Object.values(metadata.entitySets)
		.map((set) => ({ name: `${set.kind} ${set.objectName}`, value: set.name, description: set.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
