import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { type EntitySetModel, type PropertyModel, setsOfKind } from '../odata/model';
import { basMetadata, getBasConnection } from '../transport';
import { isFilterable } from '../trigger/query';
import { entitySetOptions } from './entitySetOptions';

/** What BAS Trigger can watch: documents and catalogs, the objects with a DataVersion. */
export async function getTriggerObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await basMetadata(this, await getBasConnection(this));
	return entitySetOptions(setsOfKind(metadata, 'Document', 'Catalog'), (set) => `${set.kind} ${set.objectName}`);
}

/** The chosen object's model, or none while no object is chosen (or it is an expression). */
async function watchedObject(ctx: ILoadOptionsFunctions): Promise<EntitySetModel | undefined> {
	const name = ctx.getCurrentNodeParameter('entitySet');
	if (typeof name !== 'string' || name === '') return undefined;
	const metadata = await basMetadata(ctx, await getBasConnection(ctx));
	return metadata.entitySets[name];
}

const option = (property: PropertyModel): INodePropertyOptions => ({
	name: property.name,
	value: property.name,
	description: `${property.kind}, ${property.type}`,
});

/** Fields of the watched object, tabular sections included, for the fields to return. */
export async function getTriggerFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const set = await watchedObject(this);
	return set ? set.properties.filter((p) => p.kind !== 'compositeType').map(option) : [];
}

/** Fields of the watched object a status filter can compare. */
export async function getTriggerFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const set = await watchedObject(this);
	return set ? set.properties.filter(isFilterable).map(option) : [];
}
