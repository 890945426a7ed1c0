import type { IDataObject } from 'n8n-workflow';

import { isGuid } from '../odata/literals';
import { type EntitySetModel, isNumericType, type PropertyModel } from '../odata/model';

/** Whether a value as written equals the value the base holds, by the field's type. */
function sameValue(property: PropertyModel | undefined, written: unknown, stored: unknown): boolean {
	if (stored === undefined || stored === null) return written === undefined || written === null;
	if (typeof written === 'boolean' || typeof stored === 'boolean') return written === stored;
	if (isGuid(written) && isGuid(stored)) return written.toLowerCase() === stored.toLowerCase();
	const numeric = property !== undefined && property.kind === 'value' && isNumericType(property.type);
	if (numeric || typeof written === 'number') return Number(written) === Number(stored);
	return String(written) === String(stored);
}

/** A tabular section differs when it has other rows or a given column holds another value. */
function rowsDiffer(section: PropertyModel, written: IDataObject[], stored: unknown): boolean {
	if (!Array.isArray(stored) || stored.length !== written.length) return true;
	const columns = new Map((section.columns ?? []).map((column) => [column.name, column]));
	return written.some((row, index) =>
		Object.entries(row).some(
			([name, value]) =>
				name !== 'LineNumber' && !sameValue(columns.get(name), value, (stored[index] as IDataObject)?.[name]),
		),
	);
}

/**
 * The part of `body` that differs from the item as the base holds it: what a PATCH must send,
 * nothing when the item already has these values. A composite value goes with its type (`X` and
 * `X_Type`), so 1C never reads a new value with an old type.
 */
export function changedFields(set: EntitySetModel, body: IDataObject, current: IDataObject): IDataObject {
	const byName = new Map(set.properties.map((property) => [property.name, property]));
	const changed: IDataObject = {};
	for (const [name, value] of Object.entries(body)) {
		const property = byName.get(name);
		const differs =
			property?.kind === 'tabularSection'
				? rowsDiffer(property, value as IDataObject[], current[name])
				: !sameValue(property, value, current[name]);
		if (differs) changed[name] = value;
	}
	for (const name of Object.keys(changed)) {
		const property = byName.get(name);
		const partner =
			property?.kind === 'composite'
				? `${name}_Type`
				: property?.kind === 'compositeType'
					? property.attribute
					: undefined;
		if (partner !== undefined && body[partner] !== undefined) changed[partner] = body[partner];
	}
	return changed;
}
