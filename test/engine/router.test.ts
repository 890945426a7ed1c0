/**
 * The shared router (nodes/common/router.ts) run by n8n-core's engine: per-item and batch
 * operations, failure routing to the error output with the item's own data, pairing, and a
 * second regular output.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runWorkflow } from '../helpers/engine';
import { batchCalls } from '../helpers/routerNodes';

function routerWorkflow(items: IDataObject[], operation: string, node: Partial<INode> = {}) {
	return {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: {},
			},
			{
				id: 'items',
				name: 'Items',
				type: 'test.emitItems',
				typeVersion: 1,
				position: [200, 0] as [number, number],
				parameters: { items: JSON.stringify(items) },
			},
			{
				id: 'router',
				name: 'Router',
				type: 'test.routerProbe',
				typeVersion: 1,
				position: [400, 0] as [number, number],
				parameters: { operation },
				...node,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: NodeConnectionTypes.Main, index: 0 }]] },
			Items: { main: [[{ node: 'Router', type: NodeConnectionTypes.Main, index: 0 }]] },
		},
	};
}

const pairs = (items: Array<{ pairedItem?: unknown }>) => items.map((item) => item.pairedItem);

describe('shared router', () => {
	const inputs = [{ value: 'a' }, { value: 'b', fail: 'no such SKU' }, { value: 'c' }];

	it('runs a per-item operation for every item and pairs each result with its input', async () => {
		const result = await runWorkflow({ workflow: routerWorkflow([{ value: 'a' }, { value: 'b' }], 'perItem') });
		const output = result.output('Router');
		expect(output.map((item) => item.json.echo)).toEqual(['a', 'a', 'b', 'b']);
		expect(pairs(output)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 1 }]);
	});

	it('sends a failing item to the error output with its own data and the reason; the others go on', async () => {
		const result = await runWorkflow({
			workflow: routerWorkflow(inputs, 'perItem', { onError: 'continueErrorOutput' }),
		});
		expect(result.output('Router', 0).map((item) => item.json.echo)).toEqual(['a', 'a', 'c', 'c']);
		const failed = result.output('Router', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({ value: 'b', fail: 'no such SKU', error: 'item 1 refused: no such SKU' });
		expect(failed[0].pairedItem).toEqual({ item: 1 });
	});

	it('stops the node naming the item when it is not set to continue', async () => {
		const result = await runWorkflow({ workflow: routerWorkflow(inputs, 'perItem') });
		expect(result.status).toBe('error');
		expect(result.error('Router')?.message).toBe('item 1 refused: no such SKU');
		expect((result.error('Router') as { context?: IDataObject }).context?.itemIndex).toBe(1);
	});

	it('runs a batch operation once over all items, routing its per-item failures to the error output', async () => {
		batchCalls.length = 0;
		const result = await runWorkflow({
			workflow: routerWorkflow(inputs, 'batch', { onError: 'continueErrorOutput' }),
		});
		expect(batchCalls).toEqual([3]);
		const output = result.output('Router', 0);
		expect(output.map((item) => item.json.echo)).toEqual(['a', 'c']);
		expect(pairs(output)).toEqual([{ item: 0 }, { item: 2 }]);
		const failed = result.output('Router', 1);
		expect(failed.map((item) => [item.json.value, item.json.error])).toEqual([['b', 'item 1: no such SKU']]);
	});

	it('sends every item to the error output with its data when a batch fails as a whole', async () => {
		const result = await runWorkflow({
			workflow: routerWorkflow([{ value: 'a' }, { value: 'b', failAll: true }], 'batch', {
				onError: 'continueErrorOutput',
			}),
		});
		expect(result.output('Router', 0)).toHaveLength(0);
		const failed = result.output('Router', 1);
		expect(failed.map((item) => [item.json.value, item.json.error])).toEqual([
			['a', 'the whole batch was refused'],
			['b', 'the whole batch was refused'],
		]);
		expect(pairs(failed)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('puts items on the output the operation chose', async () => {
		const result = await runWorkflow({
			workflow: routerWorkflow([{ value: 'x' }, { value: 'other' }, { value: 'y' }], 'split'),
		});
		expect(result.output('Router', 0).map((item) => item.json.value)).toEqual(['x', 'y']);
		expect(result.output('Router', 1).map((item) => item.json.value)).toEqual(['other']);
		expect(pairs(result.output('Router', 1))).toEqual([{ item: 1 }]);
	});
});
