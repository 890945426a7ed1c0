import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from './nodeErrors';
import { describeWindow, RateBudgetExhaustedError, WaitBudget } from './pacing';
import type { TransportContext } from './transport';

/** One page of results and where the next one starts (undefined when this was the last). */
export interface Page<TItem, TCursor> {
	items: TItem[];
	next: TCursor | undefined;
}

/**
 * Walks pages from `first` until the service says there are no more, or until `limit` items
 * were gathered. Without a limit it reads everything: "Return All" never stops early.
 */
export async function* iteratePages<TItem, TCursor>(
	first: TCursor,
	fetchPage: (cursor: TCursor) => Promise<Page<TItem, TCursor>>,
	limit?: number,
): AsyncGenerator<TItem[]> {
	let cursor: TCursor | undefined = first;
	let taken = 0;
	while (cursor !== undefined) {
		const page: Page<TItem, TCursor> = await fetchPage(cursor);
		const room = limit === undefined ? page.items.length : Math.max(0, limit - taken);
		const items = page.items.length > room ? page.items.slice(0, room) : page.items;
		taken += items.length;
		if (items.length > 0) yield items;
		if (limit !== undefined && taken >= limit) return;
		if (page.items.length === 0) return;
		cursor = page.next;
	}
}

const PARTIAL_ITEMS = 'partialItems';

/** Puts the items read before `error` on it, not enumerable: thousands of rows must not be copied into the execution's error data. */
function withPartialItems<TError>(error: TError, items: unknown[]): TError {
	if (error !== null && typeof error === 'object') {
		Object.defineProperty(error, PARTIAL_ITEMS, { value: items, enumerable: false, configurable: true });
	}
	return error;
}

/**
 * Gathers every page. When reading fails part-way, the error carries the items already read
 * (see partialItemsOf), so a caller can still use them.
 */
export async function collectAll<TItem>(pages: AsyncIterable<TItem[]>): Promise<TItem[]> {
	const all: TItem[] = [];
	try {
		for await (const items of pages) all.push(...items);
	} catch (error) {
		throw withPartialItems(error, all);
	}
	return all;
}

/** The items a failed collectAll had read before it stopped. */
export function partialItemsOf<TItem = IDataObject>(error: unknown): TItem[] | undefined {
	return (error as Record<string, TItem[] | undefined> | null)?.[PARTIAL_ITEMS];
}

export async function collectPages<TItem, TCursor>(
	first: TCursor,
	fetchPage: (cursor: TCursor) => Promise<Page<TItem, TCursor>>,
	limit?: number,
): Promise<TItem[]> {
	return await collectAll(iteratePages(first, fetchPage, limit));
}

/** One page of a page-numbered CRM list. */
export interface NumberedPage {
	rows: IDataObject[];
	/** the service says pages follow this one */
	more: boolean;
}

export interface ReturnAllOptions {
	/** stop after this many rows; everything when absent */
	limit?: number;
	/** the page to start from, e.g. where a stopped run said to continue */
	firstPage?: number;
	/**
	 * The longest the whole list may spend waiting for rate-limit slots and server-requested
	 * pauses. Unlimited by default: a long list waits as long as the service's limits require.
	 */
	maxWaitMs?: number;
	itemIndex?: number;
}

/** How far a Return All got before it stopped: enough for a next run to continue. */
export interface ReturnAllProgress {
	pagesRead: number;
	rowsRead: number;
	/** the first page not read */
	nextPage: number;
	/** the latest update time among the rows read (incremental lists) */
	latestUpdate?: string;
}

/**
 * Return All over a page-numbered list, yielding each page as it arrives. Asks for page
 * `first`, `first + 1`, … by its own count (a server's echo of the page number is not trusted),
 * drops rows already seen (a row moves to a later page when the list shifts while being read),
 * and when it stops on an error — the wait cap, a failed request, a malformed reply — the error
 * says how far it got and where a next run can continue (also in `error.context.returnAll`).
 */
export async function* numberedPages(
	ctx: TransportContext,
	list: { service: string; updatedField: string },
	options: ReturnAllOptions,
	fetchPage: (page: number, budget: WaitBudget) => Promise<NumberedPage>,
): AsyncGenerator<IDataObject[]> {
	const budget = new WaitBudget(options.maxWaitMs);
	const seen = new Set<string>();
	const progress: ReturnAllProgress = { pagesRead: 0, rowsRead: 0, nextPage: options.firstPage ?? 1 };
	try {
		for (;;) {
			const page = progress.nextPage;
			const { rows, more } = await fetchPage(page, budget);
			progress.pagesRead++;
			progress.nextPage = page + 1;
			let fresh = rows.filter((row) => {
				if (row.id === undefined || row.id === null) return true;
				const key = String(row.id);
				if (seen.has(key)) return false;
				seen.add(key);
				return true;
			});
			if (options.limit !== undefined) fresh = fresh.slice(0, Math.max(0, options.limit - progress.rowsRead));
			progress.rowsRead += fresh.length;
			for (const row of fresh) {
				const updated = row[list.updatedField];
				if (typeof updated === 'string' && (progress.latestUpdate ?? '') < updated) progress.latestUpdate = updated;
			}
			if (fresh.length > 0) yield fresh;
			if (!more || rows.length === 0) return;
			if (options.limit !== undefined && progress.rowsRead >= options.limit) return;
		}
	} catch (error) {
		throw returnAllStopped(ctx, list.service, error, progress, budget, options.itemIndex);
	}
}

function returnAllStopped(
	ctx: TransportContext,
	service: string,
	error: unknown,
	progress: ReturnAllProgress,
	budget: WaitBudget,
	itemIndex?: number,
) {
	const pages = `${progress.pagesRead} ${progress.pagesRead === 1 ? 'page' : 'pages'}`;
	const howFar =
		`Read ${pages} (${progress.rowsRead} rows) before stopping; a next run can continue from page ${progress.nextPage}` +
		(progress.latestUpdate ? ` (the latest update time read is ${progress.latestUpdate})` : '') +
		'.';
	const exhausted = [error, (error as { cause?: unknown } | null)?.cause].find(
		(candidate): candidate is RateBudgetExhaustedError => candidate instanceof RateBudgetExhaustedError,
	);
	let stopped;
	if (exhausted) {
		const what = exhausted.window
			? `a free slot of the limit of ${describeWindow(exhausted.window)}`
			: 'the pause the server asked for';
		stopped = new NodeOperationError(
			ctx.getNode(),
			`${service} Return All stopped: waiting for ${what} (${Math.ceil(exhausted.waitMs / 1000)} s more) would exceed the Max Total Wait of ${Math.round(budget.totalMs / 1000)} s`,
			{ itemIndex, description: howFar },
		);
	} else {
		stopped = asNodeError(ctx.getNode(), error, itemIndex);
		stopped.description = [stopped.description, `Return All: ${howFar}`].filter(Boolean).join('\n');
	}
	stopped.context.returnAll = { ...progress };
	return stopped;
}
