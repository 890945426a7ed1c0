import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isBlank } from '../../fields';
import {
	findOrCreate,
	type LookupOutcome,
	type LookupRule,
	lookupFailureMessage,
	lookupNodeError,
	resolveLookups,
} from '../../references';
import type { BasConnection } from '../../transport';
import { resolveCatalog } from './catalogSet';
import { checkHierarchical, folderNames, resolveFolderPath } from './hierarchy';
import {
	catalogBody,
	catalogRun,
	columnsProperty,
	hasFolders,
	itemError,
	mappedItem,
	readItem,
	type WriteOptions,
	writeOptionsProperty,
} from './write';

const show = { resource: ['catalog'], operation: ['findOrCreate'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Match On',
		name: 'matchOn',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add field',
		default: {},
		required: true,
		description: 'Field values the one item must have (all of them); a new item gets them too',
		displayOptions: { show },
		options: [
			{
				displayName: 'Field',
				name: 'conditions',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCatalogFields', loadOptionsDependsOn: ['catalog'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'The value the field must equal (a GUID for references)',
					},
				],
			},
		],
	},
	columnsProperty('findOrCreate'),
	writeOptionsProperty('findOrCreate'),
];

interface MatchRow {
	field: string;
	value: unknown;
}

/**
 * The one item with the given values (`found`), or a new one with them and the mapped fields
 * (`created`). Several matches are an error listing the candidates, never a guess. Two executions
 * creating the same item at once settle on the oldest (the shared find-or-create's re-read).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set, conditions: context } = await resolveCatalog(this, itemIndex, connection);
	const model = context.metadata;
	const fail = (message: string, description?: string) =>
		new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex, description });

	const rows = (this.getNodeParameter('matchOn.conditions', itemIndex, []) as MatchRow[]).map((row) => ({
		field: String(row.field ?? '').trim(),
		value: row.value,
	}));
	if (rows.length === 0) throw fail(`Find or Create in ${set.name} needs at least one field to match on`);
	const empty = rows.find((row) => isBlank(typeof row.value === 'string' ? row.value.trim() : row.value));
	if (empty) {
		// an empty look-up value is missing data upstream: creating an item without it would be a wrong item
		throw fail(`Find or Create in ${set.name} got no value for ${empty.field || 'a field'}`);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as WriteOptions;
	const names = folderNames(options.folderPath, options.folderSeparator);
	const item = mappedItem(this, itemIndex);
	if (names.length > 0) {
		checkHierarchical(this, set, itemIndex);
		if (!isBlank(item.values.Parent_Key)) throw fail('set either a Folder Path or Parent_Key in the fields, not both');
	}

	// the new item's fields, checked before anything is sent; the matched values count as given
	let attributes: IDataObject;
	try {
		const matched = rows.filter((row) => set.properties.some((p) => p.name === row.field));
		const values = {
			...(Object.fromEntries(matched.map((row) => [row.field, row.value])) as IDataObject),
			...item.values,
		};
		attributes = catalogBody(set, model, connection, item, values, 'add');
	} catch (error) {
		throw itemError(this, set, error, itemIndex);
	}

	const rule: LookupRule = {
		entitySet: set.name,
		// folders are no items: a group named like the item must not be "found"
		conditions: [...rows, ...(hasFolders(set) ? [{ field: 'IsFolder', value: false }] : [])],
		includeDeleted: options.includeDeletionMarked === true,
	};
	const lookups = { cache: catalogRun(connection).lookups, itemIndex };
	let outcome: LookupOutcome;
	try {
		[outcome] = await resolveLookups(this, connection, model, [rule], lookups);
	} catch (error) {
		throw lookupNodeError(this, error, itemIndex);
	}
	if (outcome.status === 'ambiguous') {
		throw fail(
			lookupFailureMessage(rule, outcome),
			'Add a field that tells them apart, or clean up the duplicates in BAS.',
		);
	}
	if (outcome.status === 'found') {
		const current = await readItem(this, connection, set, outcome.match.ref, itemIndex);
		return [{ json: { status: 'found', ...current }, pairedItem: { item: itemIndex } }];
	}

	if (names.length > 0) {
		const path = await resolveFolderPath(this, connection, model, set, names, itemIndex);
		attributes.Parent_Key = path.folder.ref;
	}
	const result = await findOrCreate(this, connection, model, rule, { attributes }, lookups);
	if (result.status === 'created') {
		return [{ json: { status: 'created', ...result.match.entity }, pairedItem: { item: itemIndex } }];
	}
	// another execution created it at the same moment and was first: that one is kept
	const current = await readItem(this, connection, set, result.match.ref, itemIndex);
	const json: IDataObject = { status: 'found', ...current };
	if (result.duplicateMarkedForDeletion) json.duplicateMarkedForDeletion = result.duplicateMarkedForDeletion;
	return [{ json, pairedItem: { item: itemIndex } }];
}
