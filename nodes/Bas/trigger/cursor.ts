import type { IDataObject } from 'n8n-workflow';

/**
 * What BAS Trigger remembers between polls, in the workflow's static data: the `DataVersion` of
 * every object it last read, by `Ref_Key`. 1C gives an object a new `DataVersion` on every write,
 * so comparing versions finds created and changed objects whatever their dates say, and two
 * writes in the same second are two versions, never one.
 *
 * Only objects of the last read are kept (documents inside the look-back window, catalog items
 * matching the filter), so the map is as big as that read and no bigger: about 54 bytes an object
 * as JSON (a 36-character key and 1C's 12-character version), ~0.54 MB for 10,000 documents.
 * Versions are kept as 1C sent them rather than hashed: a hash short enough to matter would save
 * a few bytes, could let a change through unseen on a collision, and would lose the previous
 * version the output reports.
 */
export interface TriggerCursor {
	/** object type and filters the versions were read with; another scope starts over */
	scope: string;
	/** `Ref_Key` (lower case) → `DataVersion` */
	versions: Record<string, string>;
}

export type ChangeKind = 'created' | 'changed';

/** `Ref_Key` and `DataVersion` of one object as the version read returned it. */
export interface ObjectVersion {
	ref: string;
	version: string;
}

export interface ObjectChange {
	ref: string;
	change: ChangeKind;
	/** what the cursor held before; null for a created object */
	previousVersion: string | null;
}

/** The cursor kept under this key of the node's static data. */
const CURSOR_KEY = 'basTriggerCursor';

function isStringRecord(value: unknown): value is Record<string, string> {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		Object.values(value).every((entry) => typeof entry === 'string')
	);
}

/** The remembered cursor; anything else stored there (another shape, an older release) is none. */
export function readCursor(staticData: IDataObject): TriggerCursor | undefined {
	const stored = staticData[CURSOR_KEY] as Partial<TriggerCursor> | undefined;
	if (typeof stored?.scope !== 'string' || !isStringRecord(stored.versions)) return undefined;
	return { scope: stored.scope, versions: stored.versions };
}

export function writeCursor(staticData: IDataObject, cursor: TriggerCursor): void {
	// one assignment of a fresh object: n8n notices the change and saves the whole value
	staticData[CURSOR_KEY] = { scope: cursor.scope, versions: cursor.versions } as unknown as IDataObject;
}

/** The remembered versions, when they were read with the same scope; otherwise this is a first run. */
export function versionsFor(cursor: TriggerCursor | undefined, scope: string): Record<string, string> | undefined {
	return cursor?.scope === scope ? cursor.versions : undefined;
}

/** Objects of the read that are new or whose version differs from the remembered one, in read order. */
export function findChanges(remembered: Record<string, string>, read: ObjectVersion[]): ObjectChange[] {
	const changes: ObjectChange[] = [];
	for (const { ref, version } of read) {
		const previous = Object.prototype.hasOwnProperty.call(remembered, ref) ? remembered[ref] : undefined;
		if (previous === undefined) changes.push({ ref, change: 'created', previousVersion: null });
		else if (previous !== version) changes.push({ ref, change: 'changed', previousVersion: previous });
	}
	return changes;
}

/**
 * The cursor after a poll: the versions of this read, except that
 * - an emitted object keeps the version it was emitted with (it may have been written again
 *   between the version read and the object read; remembering the older version would emit the
 *   same version twice),
 * - a changed object that was not emitted (the poll ran out of time, or it was deleted in between)
 *   keeps its old version, or stays unknown, so the next poll finds it again.
 * Objects not in the read (outside the window, filtered out, deleted) are forgotten.
 */
export function nextVersions(
	remembered: Record<string, string>,
	read: ObjectVersion[],
	emitted: ReadonlyMap<string, string>,
	pending: ReadonlySet<string>,
): Record<string, string> {
	const versions: Record<string, string> = {};
	for (const { ref, version } of read) {
		const emittedVersion = emitted.get(ref);
		if (emittedVersion !== undefined) versions[ref] = emittedVersion;
		else if (!pending.has(ref)) versions[ref] = version;
		else if (Object.prototype.hasOwnProperty.call(remembered, ref)) versions[ref] = remembered[ref];
	}
	return versions;
}
