import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem } from './errorItems';
import { asNodeError } from './nodeErrors';

/**
 * What an operation hands back: items for the first output, or items per output for nodes with
 * more than one (Directory Map's "Unmapped", for example).
 */
export type OperationOutput = INodeExecutionData[] | { byOutput: INodeExecutionData[][] };

/** An operation that runs once per input item (a look-up, a write of one document). */
export interface ItemOperation<TConnection> {
	mode?: 'perItem';
	execute(this: IExecuteFunctions, itemIndex: number, connection: TConnection): Promise<OperationOutput>;
}

/** An input item that failed inside a batch, and why. */
export interface ItemFailure {
	itemIndex: number;
	error: unknown;
}

export interface BatchResult {
	/** output items; each must carry `pairedItem` naming the input item(s) it came from */
	output: OperationOutput;
	/** input items that could not be processed; the others still go out */
	failures?: ItemFailure[];
}

/**
 * An operation that runs once over all input items: batch upserts, batched look-ups, stock
 * pushes — where one request per item would waste the service's rate limit.
 */
export interface BatchOperation<TConnection> {
	mode: 'batch';
	executeBatch(this: IExecuteFunctions, items: INodeExecutionData[], connection: TConnection): Promise<BatchResult>;
}

export type Operation<TConnection> = ItemOperation<TConnection> | BatchOperation<TConnection>;

/** A node's operations: resource → operation → implementation. */
export type OperationTable<TConnection> = Record<string, Record<string, Operation<TConnection>>>;

export interface RouteOptions<TConnection> {
	operations: OperationTable<TConnection>;
	/** reads the credentials once per run; every item of the run shares the connection */
	connect(ctx: IExecuteFunctions): Promise<TConnection>;
	/** how many regular outputs the node has (default 1) */
	outputCount?: number;
	/** for nodes without a Resource parameter */
	defaultResource?: string;
}

function isBatch<TConnection>(operation: Operation<TConnection>): operation is BatchOperation<TConnection> {
	return operation.mode === 'batch';
}

/** Output items per output, with every item paired to `itemIndex` when the operation left that out. */
function spread(result: OperationOutput, outputCount: number, itemIndex?: number): INodeExecutionData[][] {
	const byOutput = Array.isArray(result) ? [result] : result.byOutput;
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	byOutput.forEach((items, output) => {
		for (const item of items) {
			if (item.pairedItem === undefined) {
				if (itemIndex === undefined) {
					// a batch operation must say which input each output came from; n8n cannot guess it
					throw new Error('A batch operation returned an item without pairedItem');
				}
				item.pairedItem = { item: itemIndex };
			}
			outputs[output].push(item);
		}
	});
	return outputs;
}

function merge(into: INodeExecutionData[][], from: INodeExecutionData[][]): void {
	from.forEach((items, output) => into[output].push(...items));
}

/**
 * Runs the node's chosen operation, once per item or once over all items. A failing item either
 * stops the node (naming the item) or, when the node is set to continue on error, goes to the
 * error output with its own data and the reason, while the other items carry on.
 */
export async function route<TConnection>(
	this: IExecuteFunctions,
	options: RouteOptions<TConnection>,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputCount = options.outputCount ?? 1;
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	if (items.length === 0) return outputs;

	// Resource and operation cannot be expressions (noDataExpression), so item 0 speaks for all
	const resource = this.getNodeParameter('resource', 0, options.defaultResource ?? '') as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = options.operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" on "${resource}" is not supported`);
	}

	const fail = (error: unknown, itemIndex: number) => {
		if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
		// error items go out on the first output; n8n moves them to the error output when that is on
		outputs[0].push(errorItem(error, itemIndex));
	};

	const connection = await options.connect(this);

	if (isBatch(operation)) {
		let result: BatchResult;
		try {
			result = await operation.executeBatch.call(this, items, connection);
		} catch (error) {
			// the batch failed as a whole: every item shares the reason
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) fail(error, itemIndex);
			return outputs;
		}
		for (const failure of [...(result.failures ?? [])].sort((a, b) => a.itemIndex - b.itemIndex)) {
			fail(failure.error, failure.itemIndex);
		}
		merge(outputs, spread(result.output, outputCount));
		return outputs;
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			merge(outputs, spread(await operation.execute.call(this, itemIndex, connection), outputCount, itemIndex));
		} catch (error) {
			fail(error, itemIndex);
		}
	}
	return outputs;
}
