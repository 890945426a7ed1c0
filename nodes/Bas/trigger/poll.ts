import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { and, eq, type Filter, literal, or } from '../odata/filter';
import type { EntitySetModel } from '../odata/model';
import { buildUrl, type ODataQuery, resourcePath } from '../odata/url';
import { chunkByUrlLength } from '../odata/urlChunks';
import { basListAll, basMetadata, type BasConnection, getBasConnection } from '../transport';
import {
	type ChangeKind,
	findChanges,
	nextVersions,
	type ObjectChange,
	type ObjectVersion,
	readCursor,
	versionsFor,
	writeCursor,
} from './cursor';
import { cursorScope, outputFields, settingsFilter, type TriggerSettings, watchedSet, windowFilter } from './query';

export interface PollOptions {
	emitExistingOnFirstRun: boolean;
}

/** Objects a manual test run shows, newest first, so the user sees the shape of the data. */
export const MANUAL_SAMPLE_SIZE = 5;

/** Share of n8n's poll budget after which no further objects are read; the rest waits for the next poll. */
const BUDGET_SHARE = 0.8;

/** `created`/`changed`; a manual sample may also show objects that are `unchanged` since the last poll. */
export type OutputChange = ChangeKind | 'unchanged';

function outputItem(object: IDataObject, change: OutputChange, previousVersion: string | null): INodeExecutionData {
	return { json: { ...object, _change: change, _previousDataVersion: previousVersion } };
}

const refOf = (row: IDataObject) => String(row.Ref_Key ?? '').toLowerCase();

const keyFilter = (refs: string[]) => or(...refs.map((ref) => eq('Ref_Key', literal.guid(ref))));

/** Whether the poll still has time to read more, by n8n's poll budget (absent before n8n 2.40). */
function budgetClock(ctx: IPollFunctions): () => boolean {
	const budgetMs = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	const started = Date.now();
	return () => budgetMs === undefined || Date.now() - started < budgetMs * BUDGET_SHARE;
}

/**
 * Reads the changed objects whole, a few per request, until the poll's time is used up. Returns
 * them by Ref_Key; an object missing from the reply was deleted in between.
 */
async function readObjects(
	ctx: IPollFunctions,
	connection: BasConnection,
	path: string,
	changes: ObjectChange[],
	select: string[] | undefined,
): Promise<Map<string, IDataObject>> {
	const hasTime = budgetClock(ctx);
	const query = (filter: Filter | undefined): ODataQuery => ({ filter, select, orderBy: ['Ref_Key'] });
	// $top/$skip as basListAll adds them, at their widest
	const urlLength = (refs: string[]) =>
		buildUrl(connection.root, path, { ...query(keyFilter(refs)), top: 1000, skip: 1_000_000 }).length;
	const chunks = chunkByUrlLength(
		changes.map((change) => change.ref),
		urlLength,
		// the credential's limit: 1C's web server (and proxies before it) refuse longer request lines
		connection.maxUrlLength,
	);
	const objects = new Map<string, IDataObject>();
	for (const chunk of chunks) {
		if (objects.size > 0 && !hasTime()) break;
		for (const row of await basListAll(ctx, connection, path, query(keyFilter(chunk)))) objects.set(refOf(row), row);
	}
	return objects;
}

/** A manual test run: the latest few objects, labelled against what the active trigger remembers. */
async function sample(
	ctx: IPollFunctions,
	connection: BasConnection,
	set: EntitySetModel,
	filter: Filter | undefined,
	select: string[] | undefined,
	remembered: Record<string, string>,
): Promise<INodeExecutionData[][] | null> {
	const rows = await basListAll(
		ctx,
		connection,
		resourcePath(set.name),
		{ filter, select, orderBy: set.kind === 'Document' ? ['Date desc'] : undefined },
		{ limit: MANUAL_SAMPLE_SIZE },
	);
	if (rows.length === 0) return null;
	return [
		rows.map((row) => {
			const previous = remembered[refOf(row)];
			if (previous === undefined) return outputItem(row, 'created', null);
			return outputItem(row, previous === row.DataVersion ? 'unchanged' : 'changed', previous);
		}),
	];
}

/**
 * One poll. Documents are read inside the look-back window by their `Date`, catalog items all
 * (both with the node's filters); first only `Ref_Key` and `DataVersion` of each, which is cheap
 * even for thousands, then whole objects for the created and changed ones alone.
 */
export async function pollChanges(
	ctx: IPollFunctions,
	settings: TriggerSettings,
	options: PollOptions,
): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	const connection = await getBasConnection(ctx);
	const metadata = await basMetadata(ctx, connection);
	const set = watchedSet(node, metadata, settings.entitySet);
	const select = outputFields(node, set, settings);
	const isDocument = set.kind === 'Document';
	const filter = and(
		isDocument ? windowFilter(settings, new Date(), connection.timeZone) : undefined,
		settingsFilter(node, set, settings),
	);
	const scope = cursorScope(set, settings);
	const staticData = ctx.getWorkflowStaticData('node');
	const remembered = versionsFor(readCursor(staticData), scope);

	// a test run only shows data; what the active trigger remembers stays as it is
	if (ctx.getMode() === 'manual') return await sample(ctx, connection, set, filter, select, remembered ?? {});

	const path = resourcePath(set.name);
	const rows = await basListAll(ctx, connection, path, {
		filter,
		select: ['Ref_Key', 'DataVersion'],
		// oldest first, so the workflow sees documents in the order they were dated
		orderBy: isDocument ? ['Date'] : undefined,
	});
	const read: ObjectVersion[] = rows.map((row) => ({ ref: refOf(row), version: String(row.DataVersion ?? '') }));

	if (remembered === undefined && !options.emitExistingOnFirstRun) {
		writeCursor(staticData, { scope, versions: nextVersions({}, read, new Map(), new Set()) });
		return null;
	}
	const before = remembered ?? {};
	const changes = findChanges(before, read);
	const objects = changes.length === 0 ? new Map() : await readObjects(ctx, connection, path, changes, select);

	const items: INodeExecutionData[] = [];
	const emitted = new Map<string, string>();
	for (const change of changes) {
		const object = objects.get(change.ref);
		if (!object) continue;
		emitted.set(change.ref, String(object.DataVersion ?? ''));
		items.push(outputItem(object, change.change, change.previousVersion));
	}
	const pending = new Set(changes.filter((change) => !emitted.has(change.ref)).map((change) => change.ref));
	writeCursor(staticData, { scope, versions: nextVersions(before, read, emitted, pending) });
	return items.length > 0 ? [items] : null;
}
