import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { entityTarget, mapperFields } from '../fields';
import type { EntitySetModel } from '../odata/model';
import { basMetadata, getBasConnection } from '../transport';

/** Fields an upsert can find an item by: plain values and references (no composites, tabular sections or the deletion mark). */
function canMatchOn(set: EntitySetModel, id: string): boolean {
	const property = set.properties.find((p) => p.name === id);
	return (
		property !== undefined &&
		(property.kind === 'value' || property.kind === 'reference') &&
		!['Ref_Key', 'DeletionMark', 'IsFolder'].includes(id)
	);
}

/** What an upsert matches on unless the user picks otherwise: the SKU where the catalog has one, else the code. */
function defaultMatch(set: EntitySetModel): string | undefined {
	return ['Артикул', 'Code', 'Description'].find((name) => set.properties.some((p) => p.name === name));
}

/**
 * The chosen catalog's fields for n8n's resource mapper, from `$metadata`: what a new item needs
 * (Find or Create), and for Create or Update also the fields an item can be matched on. `IsFolder`
 * is not offered: items are written here, folders come from the Folder Path.
 */
export async function getCatalogColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const name = this.getNodeParameter('catalog', '') as string;
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const set = model.entitySets[name];
	if (!set || set.kind !== 'Catalog') {
		return { fields: [], emptyFieldsNotice: 'Choose a catalog the publication has' };
	}
	const upsert = this.getNodeParameter('operation', '') === 'upsert';
	const matchedByDefault = upsert ? defaultMatch(set) : undefined;
	const fields: ResourceMapperField[] = mapperFields(entityTarget(set), model, 'add')
		.filter((field) => field.id !== 'IsFolder')
		.map((field) =>
			upsert && canMatchOn(set, field.id)
				? { ...field, canBeUsedToMatch: true, defaultMatch: field.id === matchedByDefault }
				: field,
		);
	return { fields };
}
