/**
 * What Find or Create and Upsert share: the resource mapper of a catalog's fields, the mapped
 * values of an item checked against `$metadata`, and the look-up state of one node run.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperValue } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { entityTarget, FieldValueError, sectionTarget, toODataBody } from '../../fields';
import type { EntitySetModel, MetadataModel } from '../../odata/model';
import { literal } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import { LookupCache, type LookupMatch } from '../../references';
import { type BasConnection, basRequest } from '../../transport';

export type WriteOperation = 'findOrCreate' | 'upsert';

/** The catalog's fields in n8n's resource mapper: `add` for the attributes of a new item, `upsert` with the fields to match on. */
export function columnsProperty(operation: WriteOperation): INodeProperties {
	const upsert = operation === 'upsert';
	return {
		displayName: upsert ? 'Fields' : 'Fields of a New Item',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['catalog'],
			resourceMapper: {
				resourceMapperMethod: 'getCatalogColumns',
				mode: upsert ? 'upsert' : 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: upsert,
				supportAutoMap: true,
				matchingFieldsLabels: upsert
					? {
							title: 'Fields to Match On',
							description: 'The item with these values is updated; when there is none, a new one is created',
						}
					: undefined,
			},
		},
		displayOptions: { show: { resource: ['catalog'], operation: [operation] } },
	};
}

/** Options of the writing operations: where the item goes in the hierarchy, and which items count as matches. */
export function writeOptionsProperty(operation: WriteOperation): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['catalog'], operation: [operation] } },
		options: [
			{
				displayName: 'Folder Path',
				name: 'folderPath',
				type: 'string',
				default: '',
				placeholder: 'e.g. Одяг / Футболки',
				description:
					'Folders (groups) of a hierarchical catalog the item belongs in, from the top: names with the separator between them, or an expression giving an array of names (e.g. a CRM category and its parents). Missing folders are created.' +
					(operation === 'upsert'
						? ' A new item is created in the last folder, an existing one is moved there.'
						: ' A new item is created in the last folder; a found item stays where it is.'),
			},
			{
				displayName: 'Folder Path Separator',
				name: 'folderSeparator',
				type: 'string',
				default: '/',
				description: 'What separates the folder names in a Folder Path given as text',
			},
			{
				displayName: 'Include Marked for Deletion',
				name: 'includeDeletionMarked',
				type: 'boolean',
				default: false,
				description: 'Whether items marked for deletion count as matches; by default they are ignored',
			},
		],
	};
}

export interface WriteOptions {
	folderPath?: unknown;
	folderSeparator?: string;
	includeDeletionMarked?: boolean;
}

/** The values one item maps to the catalog's fields, and the fields an upsert matches on. */
export interface MappedItem {
	values: IDataObject;
	matchingColumns: string[];
	/** values come whole from the input item: fields 1C fills itself are skipped rather than refused */
	autoMap: boolean;
}

export function mappedItem(ctx: IExecuteFunctions, itemIndex: number): MappedItem {
	const columns = ctx.getNodeParameter('columns', itemIndex) as ResourceMapperValue;
	const autoMap = columns.mappingMode === 'autoMapInputData';
	const values = autoMap ? ctx.getInputData()[itemIndex].json : ((columns.value ?? {}) as IDataObject);
	return { values: { ...values }, matchingColumns: columns.matchingColumns ?? [], autoMap };
}

/** An item's values that do not fit the catalog, as the item's error naming the field and the value. */
export function itemError(ctx: IExecuteFunctions, set: EntitySetModel, error: unknown, itemIndex: number): unknown {
	if (!(error instanceof FieldValueError)) return error;
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${error.message}`, {
		itemIndex,
		description: `The item was not written to ${set.name}; nothing was sent to BAS.`,
	});
}

/** Mapped values as an OData body of the catalog, checked by `$metadata` (unknown names and bad values refused). */
export function catalogBody(
	set: EntitySetModel,
	model: MetadataModel,
	connection: BasConnection,
	item: MappedItem,
	values: IDataObject,
	mode: 'add' | 'update',
): IDataObject {
	return toODataBody(values, entityTarget(set), {
		model,
		timeZone: connection.timeZone,
		mode,
		readOnly: item.autoMap ? 'skip' : 'refuse',
		// rows of a tabular section given as an array, e.g. a new counterparty's phone in КонтактнаяИнформация
		sectionTarget: (section) => sectionTarget(set, section),
	});
}

/** Whether the catalog keeps folders (groups): the condition a look-up of items or of folders adds. */
export function hasFolders(set: EntitySetModel): boolean {
	return set.properties.some((p) => p.name === 'IsFolder') && set.properties.some((p) => p.name === 'Parent_Key');
}

/** Look-ups of one node run: the router connects once per run, so the connection stands for the run. */
interface CatalogRun {
	lookups: LookupCache;
	/** folder paths already resolved, by catalog and names */
	folderPaths: Map<string, LookupMatch>;
}

const runs = new WeakMap<BasConnection, CatalogRun>();

export function catalogRun(connection: BasConnection): CatalogRun {
	let run = runs.get(connection);
	if (!run) {
		run = { lookups: new LookupCache(), folderPaths: new Map() };
		runs.set(connection, run);
	}
	return run;
}

/** The whole item as the base holds it now (a look-up reads only the fields it compares). */
export async function readItem(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	set: EntitySetModel,
	refKey: string,
	itemIndex: number,
): Promise<IDataObject> {
	return (await basRequest(ctx, connection, {
		method: 'GET',
		path: resourcePath(set.name, literal.guid(refKey)),
		itemIndex,
	})) as IDataObject;
}
