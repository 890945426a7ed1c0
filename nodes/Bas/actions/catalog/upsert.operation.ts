import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { changedFields, isBlank } from '../../fields';
import { literal } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basRequest } from '../../transport';
import { resolveCatalog } from './catalogSet';
import { checkHierarchical, folderNames, resolveFolderPath } from './hierarchy';
import { createItem, itemRule, lookUpItem } from './match';
import {
	catalogBody,
	columnsProperty,
	itemError,
	mappedItem,
	readItem,
	type WriteOptions,
	writeOptionsProperty,
} from './write';

export const description: INodeProperties[] = [columnsProperty('upsert'), writeOptionsProperty('upsert')];

/**
 * The item matched by the chosen fields gets the mapped values: `updated` when something
 * differed (only that is sent), `unchanged` when nothing did (no write, so its DataVersion stays);
 * with no match a new item is `created` (through the shared find-or-create, so two executions
 * creating it at once settle on one). Several matches are an error listing them.
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

	const item = mappedItem(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as WriteOptions;
	const names = folderNames(options.folderPath, options.folderSeparator);
	// a new item gets a key of its own; an item read elsewhere (auto-mapped) keeps its key there
	const values = { ...item.values };
	delete values.Ref_Key;
	if (names.length > 0) {
		checkHierarchical(this, set, itemIndex);
		if (!isBlank(values.Parent_Key)) throw fail('set either a Folder Path or Parent_Key in the fields, not both');
	}
	if (item.matchingColumns.length === 0) {
		throw fail(
			`Upsert in ${set.name} needs at least one field to match on`,
			'Choose the fields to match on in Fields.',
		);
	}

	// everything is checked before anything is sent: names and values of the fields, the match
	let update: IDataObject;
	try {
		update = catalogBody(set, model, connection, item, values, 'update');
	} catch (error) {
		throw itemError(this, set, error, itemIndex);
	}
	const matches = item.matchingColumns.map((field) => {
		const value = item.values[field];
		if (isBlank(typeof value === 'string' ? value.trim() : value)) {
			throw fail(`no value for "${field}", the field to match on in ${set.name}`);
		}
		return { field, value };
	});
	const rule = itemRule(set, matches, options);
	const outcome = await lookUpItem(
		this,
		connection,
		model,
		rule,
		itemIndex,
		'Match on a field that tells them apart, or clean up the duplicates in BAS.',
	);

	let refKey: string;
	let duplicateMarkedForDeletion: string | undefined;
	if (outcome.status === 'found') {
		refKey = outcome.match.ref;
	} else {
		let attributes: IDataObject;
		try {
			attributes = catalogBody(set, model, connection, item, values, 'add');
		} catch (error) {
			throw itemError(this, set, error, itemIndex);
		}
		const result = await createItem(this, connection, model, set, rule, attributes, names, itemIndex);
		if (result.status === 'created') {
			return [{ json: { status: 'created', ...result.match.entity }, pairedItem: { item: itemIndex } }];
		}
		// another execution created it at the same moment and was first: that one gets the values
		refKey = result.match.ref;
		duplicateMarkedForDeletion = result.duplicateMarkedForDeletion;
	}

	if (names.length > 0) {
		update.Parent_Key = (await resolveFolderPath(this, connection, model, set, names, itemIndex)).folder.ref;
	}
	const current = await readItem(this, connection, set, refKey, itemIndex);
	const changes = changedFields(set, update, current);
	const marked = duplicateMarkedForDeletion ? { duplicateMarkedForDeletion } : {};
	if (Object.keys(changes).length === 0) {
		return [{ json: { status: 'unchanged', ...current, ...marked }, pairedItem: { item: itemIndex } }];
	}
	const updated = (await basRequest(this, connection, {
		method: 'PATCH',
		path: resourcePath(set.name, literal.guid(refKey)),
		body: changes,
		itemIndex,
	})) as IDataObject;
	return [
		{
			json: { status: 'updated', ...updated, ...marked, changedFields: Object.keys(changes) },
			pairedItem: { item: itemIndex },
		},
	];
}
