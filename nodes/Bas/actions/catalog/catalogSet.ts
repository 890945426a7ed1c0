import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { and, eq, type Filter, literal } from '../../odata/filter';
import type { EntitySetModel, MetadataModel } from '../../odata/model';
import type { BasConnection } from '../../transport';
import { basMetadata } from '../../transport';
import { conditionRows, conditionRowsParameter } from '../conditionRows';
import type { ConditionContext } from './fieldConditions';

export const catalogParameter: INodeProperties = {
	displayName: 'Catalog Name or ID',
	name: 'catalog',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCatalogs' },
	default: '',
	required: true,
	description:
		'Catalog to read, as its OData name (e.g. Catalog_Контрагенты). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { resource: ['catalog'] } },
};

/** Folders and deletion-marked items, left out unless asked for. */
export function catalogOptions(operation: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['catalog'], operation: [operation] } },
		options: [
			{
				displayName: 'Include Folders',
				name: 'includeFolders',
				type: 'boolean',
				default: false,
				description: 'Whether folders (groups) of a hierarchical catalog count too; by default only items do',
			},
			{
				displayName: 'Include Marked for Deletion',
				name: 'includeDeletionMarked',
				type: 'boolean',
				default: false,
				description: 'Whether items marked for deletion count too',
			},
		],
	};
}

const MATCH_ON = { name: 'matchOn', row: 'conditions' };

/** The fields and values that identify the one item Find and Find or Create look for. */
export function matchOnParameter(operation: 'find' | 'findOrCreate', description: string): INodeProperties {
	return conditionRowsParameter({
		...MATCH_ON,
		displayName: 'Match On',
		rowDisplayName: 'Field',
		placeholder: 'Add field',
		description,
		show: { resource: ['catalog'], operation: [operation] },
		required: true,
		field: {
			displayName: 'Field Name or ID',
			loadOptionsMethod: 'getCatalogFields',
			loadOptionsDependsOn: ['catalog'],
		},
		withOperator: false,
		withValueType: true,
		valueDescription: 'The value the field must equal (a GUID for references)',
	});
}

/** The Match On rows of an item, field names trimmed. */
export function matchOnValues(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Array<{ field: string; value: unknown; valueType?: string }> {
	return conditionRows<{ field?: unknown; value: unknown; valueType?: unknown }>(ctx, itemIndex, MATCH_ON).map(
		(row) => {
			// the catalog a GUID points to, for a field that can hold several types
			const valueType = String(row.valueType ?? '').trim();
			return { field: String(row.field ?? '').trim(), value: row.value, ...(valueType ? { valueType } : {}) };
		},
	);
}

export interface CatalogOptions {
	includeFolders?: boolean;
	includeDeletionMarked?: boolean;
}

/** The catalog the item asks for, with what its conditions need; unknown names are refused. */
export async function resolveCatalog(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<{ set: EntitySetModel; conditions: ConditionContext }> {
	const name = String(ctx.getNodeParameter('catalog', itemIndex) ?? '').trim();
	const metadata: MetadataModel = await basMetadata(ctx, connection, itemIndex);
	const set = metadata.entitySets[name];
	if (!set || set.kind !== 'Catalog') {
		throw new NodeOperationError(
			ctx.getNode(),
			set ? `"${name}" is not a catalog (it is of the kind ${set.kind})` : `The publication has no catalog "${name}"`,
			{
				itemIndex,
				description: 'Catalogs appear only when they are included in the OData interface of the base (see the README).',
			},
		);
	}
	return {
		set,
		conditions: { node: ctx.getNode(), itemIndex, objectName: name, metadata, timeZone: connection.timeZone },
	};
}

const hasProperty = (set: EntitySetModel, name: string) => set.properties.some((p) => p.name === name);

/** The catalog's own exclusions: folders of a hierarchical catalog and deletion-marked items. */
export function scopeFilter(set: EntitySetModel, options: CatalogOptions): Filter | undefined {
	return and(
		!options.includeFolders && hasProperty(set, 'IsFolder') ? eq('IsFolder', literal.boolean(false)) : undefined,
		!options.includeDeletionMarked && hasProperty(set, 'DeletionMark')
			? eq('DeletionMark', literal.boolean(false))
			: undefined,
	);
}

/** `Code Description (Ref_Key)`: how a candidate is named in a message. */
export function describeItem(row: IDataObject): string {
	const label = [row.Code, row.Description].filter((part) => part !== undefined && part !== '').join(' ');
	return `${label || '(no name)'} (${String(row.Ref_Key)})`;
}
