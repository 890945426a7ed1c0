import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { fieldOption, filterableProperties } from '../actions/catalog/fieldConditions';
import { setsOfKind } from '../odata/model';
import { basMetadata, getBasConnection } from '../transport';
import { entitySetOptions } from './entitySetOptions';

/** "Контрагенты" with its OData name under it: catalogs only, from the base's `$metadata`. */
export async function getCatalogs(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await basMetadata(this, await getBasConnection(this));
	return entitySetOptions(setsOfKind(metadata, 'Catalog'));
}

/** Fields of the selected catalog that a filter can compare. */
export async function getCatalogFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const catalog = this.getCurrentNodeParameter('catalog') as string | undefined;
	if (!catalog) return [];
	const metadata = await basMetadata(this, await getBasConnection(this));
	const set = metadata.entitySets[catalog];
	return set ? filterableProperties(set.properties).map(fieldOption) : [];
}
