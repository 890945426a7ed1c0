/**
 * Folder paths of hierarchical catalogs: `Одяг / Футболки` (or `['Одяг', 'Футболки']`, as a CRM
 * category tree gives its branches) found level by level — a folder is one with `IsFolder` and
 * that `Description` under the previous level's `Parent_Key` — and created where missing.
 *
 * Each level goes through the shared find-or-create, so folders made at the same moment by
 * another execution or n8n worker settle on the oldest one (see references/create.ts) and are
 * never duplicated; within one run a path is resolved once, and levels shared by several paths
 * (`Одяг` of `Одяг / Футболки` and `Одяг / Штани`) are looked up once through the run's cache.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EMPTY_GUID } from '../../odata/literals';
import type { EntitySetModel, MetadataModel } from '../../odata/model';
import { findOrCreate, type LookupMatch, type LookupRule } from '../../references';
import type { BasConnection } from '../../transport';
import { catalogRun, hasFolders } from './write';

/** The folder names of a path, from the top; an empty path is none. */
export function folderNames(path: unknown, separator = '/'): string[] {
	if (path === undefined || path === null) return [];
	const parts = Array.isArray(path) ? path : String(path).split(separator === '' ? '/' : separator);
	return parts.map((part) => (part === undefined || part === null ? '' : String(part).trim())).filter(Boolean);
}

export interface FolderPath {
	/** the last folder */
	folder: LookupMatch;
	/** the names of the folders this call created, from the top */
	created: string[];
}

/** The look-up of one folder: by name within its parent (the empty reference at the top). */
export function folderRule(set: EntitySetModel, parentRef: string, name: string): LookupRule {
	return {
		entitySet: set.name,
		conditions: [
			{ field: 'Description', value: name },
			{ field: 'Parent_Key', value: parentRef },
			{ field: 'IsFolder', value: true },
		],
	};
}

/** Refuses a path for a catalog without folders, naming it. */
export function checkHierarchical(ctx: IExecuteFunctions, set: EntitySetModel, itemIndex: number): void {
	if (hasFolders(set)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: ${set.name} has no folders (no IsFolder and Parent_Key)`,
		{
			itemIndex,
			description: 'A Folder Path needs a hierarchical catalog with groups, such as Catalog_Номенклатура.',
		},
	);
}

/** Finds or creates each folder of the path; the last one is where items go. */
async function walk(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	model: MetadataModel,
	set: EntitySetModel,
	names: string[],
	itemIndex: number,
): Promise<FolderPath> {
	const { lookups } = catalogRun(connection);
	let parentRef = EMPTY_GUID;
	let folder: LookupMatch | undefined;
	const created: string[] = [];
	for (const name of names) {
		const result = await findOrCreate(
			ctx,
			connection,
			model,
			folderRule(set, parentRef, name),
			{},
			{
				cache: lookups,
				itemIndex,
			},
		);
		if (result.status === 'created') created.push(name);
		folder = result.match;
		parentRef = folder.ref;
	}
	return { folder: folder!, created };
}

/**
 * The last folder of the path, found or created. A path already resolved in this run is not
 * looked up again (items of a run are written one after another, so no two resolve it at once).
 */
export async function resolveFolderPath(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	model: MetadataModel,
	set: EntitySetModel,
	names: string[],
	itemIndex: number,
): Promise<FolderPath> {
	const { folderPaths } = catalogRun(connection);
	const key = JSON.stringify([set.name, ...names.map((name) => name.toLowerCase())]);
	const known = folderPaths.get(key);
	if (known) return { folder: known, created: [] };
	const path = await walk(ctx, connection, model, set, names, itemIndex);
	folderPaths.set(key, path.folder);
	return path;
}

/** A folder as the output shows it: its key, name, code and parent. */
export function folderJson(folder: LookupMatch): IDataObject {
	const { entity } = folder;
	return {
		Ref_Key: folder.ref,
		...(folder.code === undefined ? {} : { Code: folder.code }),
		Description: folder.description ?? entity.Description,
		Parent_Key: entity.Parent_Key,
		IsFolder: true,
	};
}
