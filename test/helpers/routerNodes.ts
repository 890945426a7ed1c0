/**
 * Test-only nodes for the shared router: one that emits the items it is given, and one that runs
 * the router with a per-item and a batch operation, so routing, pairing and the error output are
 * exercised by n8n-core's real engine.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { type BatchOperation, type ItemOperation, route } from '../../nodes/common/router';

/** Emits the items of its `items` parameter (a JSON array). */
export class EmitItems implements INodeType {
	description = {
		displayName: 'Emit Items',
		name: 'emitItems',
		group: ['transform'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

interface Connection {
	connectedAt: number;
}

const perItem: ItemOperation<Connection> = {
	async execute(this: IExecuteFunctions, itemIndex) {
		const json = this.getInputData()[itemIndex].json;
		if (json.fail) throw new Error(`item ${itemIndex} refused: ${String(json.fail)}`);
		// two results for one input, to see both paired to it
		return [{ json: { echo: json.value } }, { json: { echo: json.value, copy: true } }];
	},
};

/** Reports every call, so a test can count how often a batch operation ran. */
export const batchCalls: number[] = [];

const batch: BatchOperation<Connection> = {
	mode: 'batch',
	async executeBatch(items) {
		batchCalls.push(items.length);
		if (items.some((item) => item.json.failAll)) throw new Error('the whole batch was refused');
		const failures = items.flatMap((item, itemIndex) =>
			item.json.fail ? [{ itemIndex, error: new Error(`item ${itemIndex}: ${String(item.json.fail)}`) }] : [],
		);
		const output = items.flatMap((item, itemIndex) =>
			item.json.fail ? [] : [{ json: { echo: item.json.value }, pairedItem: { item: itemIndex } }],
		);
		return { output, failures };
	},
};

const split: ItemOperation<Connection> = {
	async execute(this: IExecuteFunctions, itemIndex) {
		const json = this.getInputData()[itemIndex].json;
		const out = { json: { value: json.value } };
		return { byOutput: json.value === 'other' ? [[], [out]] : [[out], []] };
	},
};

/** Runs the shared router over two operations; "Split" mode has a second output. */
export class RouterProbe implements INodeType {
	description = {
		displayName: 'Router Probe',
		name: 'routerProbe',
		group: ['transform'],
		version: 1,
		description: 'Runs the shared router',
		defaults: { name: 'Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ $parameter.operation === "split" ? ["main", "main"] : ["main"] }}`,
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'hidden', default: 'test' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'perItem' },
		],
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return await route.call(this, {
			operations: { test: { perItem, batch, split } },
			connect: async () => ({ connectedAt: 1 }),
			outputCount: operation === 'split' ? 2 : 1,
		});
	}
}
