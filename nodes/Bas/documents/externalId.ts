/**
 * Where a document keeps the CRM's id of the order it came from, chosen by the integrator:
 * - a header attribute: a text field of the document (`НомерПоДаннымКлиента` in UT, for example),
 *   found with `$filter=Field eq 'id'`;
 * - an additional attribute of BSP: a row of the tabular section `ДополнительныеРеквизиты`
 *   (`Свойство_Key` → an item of the chart `ДополнительныеРеквизитыИСведения`, `Значение` +
 *   `Значение_Type`, `ТекстоваяСтрока`), found with `ДополнительныеРеквизиты/any(r: …)`. UNF and UT
 *   documents have it; BP documents do not, so there a header attribute must serve.
 */
import type { IDataObject } from 'n8n-workflow';

import { and, anyRow, eq, type Filter, literal } from '../odata/filter';
import type { EntitySetModel, PropertyModel } from '../odata/model';

export const ADDITIONAL_ATTRIBUTES_SECTION = 'ДополнительныеРеквизиты';
/** the chart of characteristic types whose items are the additional attributes (properties) */
export const ADDITIONAL_ATTRIBUTES_CHART = 'ChartOfCharacteristicTypes_ДополнительныеРеквизитыИСведения';

/**
 * Header attributes suggested for the external id, per document: text of limited length meant for
 * the customer's own number of the order. BP's invoice has none of the kind, so its comment serves.
 * UNCERTAIN: 1C may refuse to compare a text of unlimited length (`Комментарий`) in `$filter`.
 */
export const SUGGESTED_EXTERNAL_ID_FIELDS: Record<string, string> = {
	Document_ЗаказПокупателя: 'НомерВходящегоДокумента',
	Document_ЗаказКлиента: 'НомерПоДаннымКлиента',
	Document_СчетНаОплатуПокупателю: 'Комментарий',
};

export type ExternalIdLocation =
	| { kind: 'attribute'; field: string }
	| { kind: 'additionalAttribute'; section: string; property: string };

/** Text fields of a document's header that can hold an external id. */
export function externalIdCandidates(set: EntitySetModel): PropertyModel[] {
	return set.properties.filter(
		(property) => property.kind === 'value' && property.type === 'Edm.String' && property.name !== 'Number',
	);
}

/** Why a document cannot keep the id in the chosen place; undefined when it can. */
export function locationProblem(set: EntitySetModel, location: ExternalIdLocation): string | undefined {
	if (location.kind === 'attribute') {
		const property = set.properties.find((p) => p.name === location.field);
		if (!property) return `${set.name} has no field "${location.field}" to keep the external id in`;
		if (!externalIdCandidates(set).includes(property)) {
			return `${set.name}.${location.field} is not a text field, so it cannot keep the external id`;
		}
		return undefined;
	}
	const section = set.properties.find((p) => p.kind === 'tabularSection' && p.name === location.section);
	const columns = new Set(section?.columns?.map((column) => column.name));
	if (!section || !['Свойство_Key', 'Значение', 'Значение_Type'].every((column) => columns.has(column))) {
		return `${set.name} has no tabular section ${location.section} with the columns Свойство_Key, Значение and Значение_Type (BSP additional attributes): keep the external id in a header attribute instead`;
	}
	return undefined;
}

/** The documents that carry the id (deletion marks aside). */
export function externalIdFilter(location: ExternalIdLocation, externalId: string): Filter {
	if (location.kind === 'attribute') return eq(location.field, literal.string(externalId));
	return anyRow(
		location.section,
		'r',
		and(eq('r/Свойство_Key', literal.guid(location.property)), eq('r/Значение', literal.string(externalId)))!,
	);
}

/** Text as 1C's collation usually compares it: no case, no trailing spaces (UNCERTAIN per base). */
const canonical = (value: unknown) =>
	String(value ?? '')
		.trimEnd()
		.toLowerCase();

/** Whether a document read from BAS carries the id where the location says (a server that ignored part of the filter is caught here). */
export function carriesExternalId(document: IDataObject, location: ExternalIdLocation, externalId: string): boolean {
	const wanted = canonical(externalId);
	if (location.kind === 'attribute') return canonical(document[location.field]) === wanted;
	const rows = document[location.section];
	return (
		Array.isArray(rows) &&
		rows.some(
			(row) =>
				String((row as IDataObject)?.Свойство_Key).toLowerCase() === location.property &&
				canonical((row as IDataObject)?.Значение) === wanted,
		)
	);
}

/** The row of the additional attributes that keeps the id. */
export function externalIdRow(location: ExternalIdLocation & { kind: 'additionalAttribute' }, externalId: string) {
	return { Свойство_Key: location.property, Значение: externalId, Значение_Type: 'Edm.String' };
}

/** How the location reads in messages: `НомерПоДаннымКлиента` or `ДополнительныеРеквизиты (property …)`. */
export function describeLocation(location: ExternalIdLocation): string {
	return location.kind === 'attribute' ? location.field : `${location.section} (property ${location.property})`;
}
