/** The one item Find or Create and Upsert write: its look-up, and its creation when there is none. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EntitySetModel, MetadataModel } from '../../odata/model';
import {
	findOrCreate,
	type FindOrCreateResult,
	type LookupOutcome,
	type LookupRule,
	lookupFailureMessage,
	lookupNodeError,
	resolveSettled,
} from '../../references';
import type { BasConnection } from '../../transport';
import { resolveFolderPath } from './hierarchy';
import { catalogRun, hasFolders, type WriteOptions } from './write';

/** The look-up of the one item with these values; folders are no items, so a group named like it never matches. */
export function itemRule(set: EntitySetModel, conditions: LookupRule['conditions'], options: WriteOptions): LookupRule {
	return {
		entitySet: set.name,
		conditions: [...conditions, ...(hasFolders(set) ? [{ field: 'IsFolder', value: false }] : [])],
		includeDeleted: options.includeDeletionMarked === true,
	};
}

/**
 * The item the rule matches (`found`) or none (`notFound`). Several matches are the item's error
 * listing them, never a guess; `hint` says how to tell them apart.
 */
export async function lookUpItem(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	model: MetadataModel,
	rule: LookupRule,
	itemIndex: number,
	hint: string,
): Promise<Exclude<LookupOutcome, { status: 'ambiguous' }>> {
	let outcome: LookupOutcome;
	try {
		// an item about to be written: a concurrent creator's copy not yet marked is waited out
		outcome = await resolveSettled(ctx, connection, model, rule, {
			cache: catalogRun(connection).lookups,
			itemIndex,
		});
	} catch (error) {
		throw lookupNodeError(ctx, error, itemIndex);
	}
	if (outcome.status === 'ambiguous') {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${lookupFailureMessage(rule, outcome)}`, {
			itemIndex,
			description: hint,
		});
	}
	return outcome;
}

/**
 * A new item from `attributes`, in the last folder of the path when one is given, through the
 * shared find-or-create: two executions creating it at once settle on the oldest.
 */
export async function createItem(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	model: MetadataModel,
	set: EntitySetModel,
	rule: LookupRule,
	attributes: IDataObject,
	folderNames: string[],
	itemIndex: number,
): Promise<FindOrCreateResult> {
	if (folderNames.length > 0) {
		attributes.Parent_Key = (await resolveFolderPath(ctx, connection, model, set, folderNames, itemIndex)).folder.ref;
	}
	return await findOrCreate(
		ctx,
		connection,
		model,
		rule,
		{ attributes },
		{ cache: catalogRun(connection).lookups, itemIndex },
	);
}
