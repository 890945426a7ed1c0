/**
 * Entities in 1C's JSON: Edm.Int64 values as strings (`"LineNumber": "1"`), Edm.Double and the
 * rest as they are, and with minimal (the default) or full metadata an `X@navigationLinkUrl`
 * for each reference property `X_Key`, pointing at `<entity address>/X`.
 */
import { entityPath, propertyType, type WireShape } from './shapes';
import type { Entity } from './store';

export type MetadataLevel = 'minimal' | 'none' | 'full';

function jsonValue(type: string, value: unknown): unknown {
	return type === 'Edm.Int64' && typeof value === 'number' ? String(value) : value;
}

/**
 * A new object (the entity is not changed). `path` is the entity's address when the written
 * properties no longer carry the key (a `$select` without Ref_Key).
 */
export function jsonEntity(
	entity: Entity,
	shape: WireShape,
	level: MetadataLevel,
	path: string | undefined = entityPath(shape, entity),
): Entity {
	const written: Entity = {};
	if (level === 'full') written['odata.type'] = shape.typeName;
	for (const [name, value] of Object.entries(entity)) {
		const collection = shape.collections.get(name);
		if (collection && Array.isArray(value)) {
			written[name] = value.map((row) => jsonEntity(row as Entity, collection.rows, level));
			if (level === 'full') written[`${name}@odata.type`] = `Collection(${collection.typeName})`;
		} else {
			written[name] = jsonValue(propertyType(shape, name, value), value);
		}
	}
	if (level !== 'none' && path) {
		for (const navigation of shape.navigation) {
			if (navigation.key in entity) written[`${navigation.name}@navigationLinkUrl`] = `${path}/${navigation.name}`;
		}
	}
	return written;
}
