import type { INodeExecutionData } from 'n8n-workflow';

/**
 * The item n8n routes to a node's error output: only `error` (and `message`) in json, paired with
 * the input item, so n8n merges the input's data back in and nothing is lost.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const e = error as { message?: string; description?: string };
	return {
		json: { error: e.message ?? String(error), ...(e.description ? { message: e.description } : {}) },
		pairedItem: { item: itemIndex },
	};
}
