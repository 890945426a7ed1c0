import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { EntitySetModel, MetadataModel } from '../odata/model';
import { basMetadata, getBasConnection } from '../transport';
import { entitySetOptions } from './entitySetOptions';

/** "Catalog Контрагенты"; a tabular section names its owner, since many objects have a "Товары". */
function label(set: EntitySetModel, metadata: MetadataModel): string {
	const owner = set.owner === undefined ? undefined : metadata.entitySets[set.owner];
	if (set.kind === 'TabularSection' && owner) return `${label(owner, metadata)} → ${set.objectName}`;
	return `${set.kind} ${set.objectName}`;
}

/** Published objects for dropdowns, from the base's own `$metadata`. */
export async function getEntitySets(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const metadata = await basMetadata(this, connection);
	return entitySetOptions(Object.values(metadata.entitySets), (set) => label(set, metadata));
}
