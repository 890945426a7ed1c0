import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorItem } from '../../common/errorItems';
import { asNodeError } from '../../common/nodeErrors';
import { type BasConnection, getBasConnection } from '../transport';

export type BasOperation = (
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
) => Promise<INodeExecutionData[]>;

/** Operations of one node: resource → operation → implementation. */
export type BasOperations = Record<string, Record<string, { execute: BasOperation }>>;

/**
 * Runs the chosen operation once per input item. A failing item either stops the node or, when
 * the node is set to continue, goes to the error output with its data and the reason.
 */
export async function route(this: IExecuteFunctions, operations: BasOperations): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const connection = await getBasConnection(this);
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const implementation = operations[resource]?.[operation];
		if (!implementation) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" on "${resource}" is not supported`, {
				itemIndex,
			});
		}
		try {
			returnData.push(...(await implementation.execute.call(this, itemIndex, connection)));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			returnData.push(errorItem(error, itemIndex));
		}
	}
	return [returnData];
}
