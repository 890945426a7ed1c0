import type { IDataObject } from 'n8n-workflow';

import type { OutgoingCell } from './crmSenders';

/**
 * SKUs KeyCRM refused as unknown, with when it first did (ISO time), kept in the node's static
 * data. KeyCRM refuses a whole list for one unknown SKU and the rest goes again without it, so
 * each unknown SKU would cost a refused request per warehouse on every run; remembered, it is left
 * out of the batches until a full run tries it again.
 */
export type MissingSkus = Record<string, string>;

const STATIC_KEY = 'keyCrmMissing';

export function loadMissing(staticData: IDataObject): MissingSkus {
	const stored = staticData[STATIC_KEY];
	if (stored && typeof stored === 'object' && !Array.isArray(stored)) return stored as MissingSkus;
	const missing: MissingSkus = {};
	staticData[STATIC_KEY] = missing;
	return missing;
}

/** Splits the cells to send into those to send and those of SKUs known to be missing. */
export function holdKnownMissing(
	cells: OutgoingCell[],
	missing: MissingSkus,
): { send: OutgoingCell[]; held: OutgoingCell[] } {
	const send: OutgoingCell[] = [];
	const held: OutgoingCell[] = [];
	for (const cell of cells) (missing[cell.key] ? held : send).push(cell);
	return { send, held };
}

/**
 * Updates what is known after a send: an accepted SKU exists after all; one refused as unknown
 * is remembered from now, or keeps the time it was first refused.
 */
export function rememberMissing(
	missing: MissingSkus,
	accepted: OutgoingCell[],
	unknown: OutgoingCell[],
	now: Date,
): void {
	for (const cell of accepted) delete missing[cell.key];
	for (const cell of unknown) missing[cell.key] ??= now.toISOString();
}
