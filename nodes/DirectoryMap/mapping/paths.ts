import type { IDataObject } from 'n8n-workflow';

/** A field path split once into its steps: `data.products[0].sku` → `data`, 0, `sku`. */
export type FieldPath = ReadonlyArray<string | number>;

/** `statusId`, `data.statusId`, `meta.fields.statusId.options[0].text`; undefined for what is not a path. */
export function parsePath(path: string): FieldPath | undefined {
	const steps: Array<string | number> = [];
	for (const part of path.trim().split('.')) {
		const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
		if (!match || (match[1] === '' && match[2] === '')) return undefined;
		if (match[1] !== '') steps.push(match[1]);
		for (const index of match[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
	}
	return steps;
}

export function getPath(json: unknown, path: FieldPath): unknown {
	let value = json;
	for (const step of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string | number, unknown>)[step];
	}
	return value;
}

/**
 * Sets a value in an item's json without touching the input item: every object on the way is
 * copied (the caller passes a shallow copy of the json), missing ones are created.
 */
export function setPath(json: IDataObject, path: FieldPath, value: unknown): void {
	let parent: Record<string | number, unknown> = json;
	for (let i = 0; i < path.length - 1; i++) {
		const step = path[i];
		const next = parent[step];
		const copy = Array.isArray(next)
			? [...(next as unknown[])]
			: next !== null && typeof next === 'object'
				? { ...(next as IDataObject) }
				: typeof path[i + 1] === 'number'
					? []
					: {};
		parent[step] = copy;
		parent = copy as Record<string | number, unknown>;
	}
	parent[path[path.length - 1]] = value;
}
