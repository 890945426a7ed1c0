import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isBlank } from '../../fields';
import type { BasConnection } from '../../transport';
import { matchOnParameter, matchOnValues, resolveCatalog } from './catalogSet';
import { checkHierarchical, folderNames } from './hierarchy';
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

export const description: INodeProperties[] = [
	matchOnParameter('findOrCreate', 'Field values the one item must have (all of them); a new item gets them too'),
	columnsProperty('findOrCreate'),
	writeOptionsProperty('findOrCreate'),
];

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

	const rows = matchOnValues(this, itemIndex);
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
			...(Object.fromEntries(
				matched.flatMap((row) => [
					[row.field, row.value],
					// a reference in a composite field is written with its type
					...(row.valueType ? [[`${row.field}_Type`, `${model.namespace}.${row.valueType}`]] : []),
				]),
			) as IDataObject),
			...item.values,
		};
		attributes = catalogBody(set, model, connection, item, values, 'add');
	} catch (error) {
		throw itemError(this, set, error, itemIndex);
	}

	const rule = itemRule(set, rows, options);
	const outcome = await lookUpItem(
		this,
		connection,
		model,
		rule,
		itemIndex,
		'Add a field that tells them apart, or clean up the duplicates in BAS.',
	);
	if (outcome.status === 'found') {
		const current = await readItem(this, connection, set, outcome.match.ref, itemIndex);
		return [{ json: { status: 'found', ...current }, pairedItem: { item: itemIndex } }];
	}

	const result = await createItem(this, connection, model, set, rule, attributes, names, itemIndex);
	if (result.status === 'created') {
		return [{ json: { status: 'created', ...result.match.entity }, pairedItem: { item: itemIndex } }];
	}
	// another execution created it at the same moment and was first: that one is kept
	const current = await readItem(this, connection, set, result.match.ref, itemIndex);
	const json: IDataObject = { status: 'found', ...current };
	if (result.duplicateMarkedForDeletion) json.duplicateMarkedForDeletion = result.duplicateMarkedForDeletion;
	return [{ json, pairedItem: { item: itemIndex } }];
}
