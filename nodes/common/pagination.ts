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

export async function collectPages<TItem, TCursor>(
	first: TCursor,
	fetchPage: (cursor: TCursor) => Promise<Page<TItem, TCursor>>,
	limit?: number,
): Promise<TItem[]> {
	const all: TItem[] = [];
	for await (const items of iteratePages(first, fetchPage, limit)) all.push(...items);
	return all;
}
