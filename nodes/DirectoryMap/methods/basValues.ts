import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { allOf, eq, literal } from '../../Bas/odata/filter';
import { setsOfKind } from '../../Bas/odata/model';
import { resourcePath } from '../../Bas/odata/url';
import { basListAll, basMetadata, getBasConnection } from '../../Bas/transport';
import type { TransportContext } from '../../common/transport';

/** Enumerations have no entity set in 1C's OData; this prefix tells them from catalogs in one dropdown. */
const ENUM_PREFIX = 'enum:';

/** Catalogs (Ref_Key is the value) and enumerations (the member name is the value) of the base. */
export async function getBasObjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const metadata = await basMetadata(this, await getBasConnection(this));
	const catalogs = setsOfKind(metadata, 'Catalog').map((set) => ({
		name: `Catalog ${set.objectName}`,
		value: set.name,
		description: 'Items by Ref_Key, labelled by Description',
	}));
	const enums = Object.values(metadata.enums).map((enumType) => ({
		name: `Enum ${enumType.name}`,
		value: `${ENUM_PREFIX}${enumType.name}`,
		description: 'Members by name, as documents carry them',
	}));
	return [...catalogs, ...enums].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The values of a catalog or an enumeration as dropdown options: a catalog's items that are
 * neither folders nor marked for deletion (Description → Ref_Key), or an enumeration's members.
 */
export async function basValueOptions(ctx: TransportContext, object: string): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(ctx);
	const metadata = await basMetadata(ctx, connection);
	if (object.startsWith(ENUM_PREFIX)) {
		const members = metadata.enums[object.slice(ENUM_PREFIX.length)]?.members ?? [];
		return members.map((member) => ({ name: member, value: member }));
	}
	const set = metadata.entitySets[object];
	if (!set) return [];
	const has = (name: string) => set.properties.some((property) => property.name === name);
	const rows = await basListAll(ctx, connection, resourcePath(set.name), {
		select: ['Ref_Key', ...['Description', 'Code'].filter(has)],
		filter: allOf(
			has('DeletionMark') ? eq('DeletionMark', literal.boolean(false)) : undefined,
			has('IsFolder') ? eq('IsFolder', literal.boolean(false)) : undefined,
		),
	});
	return rows
		.map((row) => ({
			name: String(row.Description || row.Code || row.Ref_Key),
			value: String(row.Ref_Key),
			description: String(row.Ref_Key),
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}
