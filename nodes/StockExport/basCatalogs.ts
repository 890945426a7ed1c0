import type { IDataObject } from 'n8n-workflow';

import { eq, type Filter, literal, or } from '../Bas/odata/filter';
import { isGuid } from '../Bas/odata/literals';
import type { BasReader } from './basRequests';
import { ITEMS_CATALOG } from './configuration';

const byRef = (rows: IDataObject[], field: string) =>
	new Map(rows.map((row) => [String(row.Ref_Key), String(row[field] ?? '').trim()]));

/**
 * SKUs (`Артикул`, or another attribute) of catalog items: all items, or only the given ones.
 * Folders have none and are left out.
 */
export async function readSkus(reader: BasReader, skuField: string, items?: string[]): Promise<Map<string, string>> {
	const select = ['Ref_Key', skuField];
	if (items === undefined) {
		return byRef(
			await reader.all(ITEMS_CATALOG, { filter: eq('IsFolder', literal.boolean(false)), select }, ['Ref_Key']),
			skuField,
		);
	}
	const rows = await reader.byRefs(
		items,
		'Ref_Key',
		(filter: Filter) => ({ path: ITEMS_CATALOG, query: { filter, select } }),
		['Ref_Key'],
	);
	return byRef(rows, skuField);
}

/** Names (`Description`) of the given characteristics. */
export async function readNames(reader: BasReader, catalog: string, refs: string[]): Promise<Map<string, string>> {
	if (refs.length === 0) return new Map();
	const select = ['Ref_Key', 'Description'];
	const rows = await reader.byRefs(
		refs,
		'Ref_Key',
		(filter: Filter) => ({ path: catalog, query: { filter, select } }),
		['Ref_Key'],
	);
	return byRef(rows, 'Description');
}

/**
 * References given as a GUID or by name (`Description`), as GUIDs: names are looked up in the
 * catalog in one request; a name found no time or more than once is returned in `unknown`.
 */
export async function refsByName(
	reader: BasReader,
	catalog: string,
	values: string[],
): Promise<{ refs: Map<string, string>; unknown: string[] }> {
	const refs = new Map<string, string>();
	const names = [...new Set(values.filter((value) => !isGuid(value)))];
	for (const value of values) if (isGuid(value)) refs.set(value, value.toLowerCase());
	if (names.length > 0) {
		const filter = or(...names.map((name) => eq('Description', literal.string(name))))!;
		const rows = await reader.all(catalog, { filter, select: ['Ref_Key', 'Description'] }, ['Ref_Key']);
		for (const name of names) {
			const found = rows.filter((row) => String(row.Description).trim() === name);
			if (found.length === 1) refs.set(name, String(found[0].Ref_Key));
		}
	}
	return { refs, unknown: names.filter((name) => !refs.has(name)) };
}
