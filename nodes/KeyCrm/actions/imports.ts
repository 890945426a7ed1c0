import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchResult, ItemFailure } from '../../common/router';
import type { KeyCrmConnection } from '../transport';
import { type BatchRow, rowsPerRequestOf, rowsPerRequestProperty, writeInBatches } from './batch';
import { jsonParameter } from './shared';

export interface ImportSpec {
	resource: string;
	/** `orders`, `products`, `buyers`: the list key of the body and of KeyCRM's field errors */
	listKey: string;
	path: string;
	/** KeyCRM's documented cap per request (50 orders, 100 products), or the node's default */
	rowsPerRequest: number;
	label: string;
	/** the fields KeyCRM requires of each record, checked before sending (KeyCRM may not name them) */
	required: string[];
	example: string;
}

/**
 * A KeyCRM import (`POST /order/import`, `/products/import`, `/buyer/import`): each input item
 * gives one record as KeyCRM's JSON, all items go in as few requests as the cap allows, and a
 * record KeyCRM refuses goes to the error output with its field, value and KeyCRM's words while
 * the rest are sent again without it.
 */
export function importOperation(spec: ImportSpec) {
	const show = { resource: [spec.resource], operation: ['import'] };
	const description: INodeProperties[] = [
		{
			displayName: `${spec.label} (JSON)`,
			name: 'record',
			type: 'json',
			required: true,
			default: '={{ $json }}',
			description: `One ${spec.label.toLowerCase()} per input item, as KeyCRM's JSON, e.g. ${spec.example}`,
			displayOptions: { show },
		},
		rowsPerRequestProperty(show, spec.rowsPerRequest),
	];

	async function executeBatch(
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		connection: KeyCrmConnection,
	): Promise<BatchResult> {
		const rows: BatchRow[] = [];
		const failures: ItemFailure[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const raw = this.getNodeParameter('record', itemIndex);
				const row = jsonParameter<IDataObject>(this, 'record', `${spec.label} (JSON)`, itemIndex, raw);
				if (!row || typeof row !== 'object' || Array.isArray(row)) {
					throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${spec.label} (JSON) is not an object`, {
						itemIndex,
					});
				}
				for (const field of spec.required) {
					const value = row[field];
					if (value === undefined || value === null || value === '') {
						throw new NodeOperationError(
							this.getNode(),
							`Item ${itemIndex}: ${field} = ${JSON.stringify(value ?? null)}: KeyCRM requires ${field} for each ${spec.label.toLowerCase()}`,
							{ itemIndex },
						);
					}
				}
				rows.push({ itemIndex, row });
			} catch (error) {
				failures.push({ itemIndex, error });
			}
		}
		const result = await writeInBatches(
			this,
			connection,
			{ method: 'POST', path: spec.path, listKey: spec.listKey },
			rows,
			Math.min(spec.rowsPerRequest, rowsPerRequestOf(this, spec.rowsPerRequest)),
		);
		const output = result.written.map(({ itemIndex, row }) => ({
			json: { imported: true, ...row },
			pairedItem: { item: itemIndex },
		}));
		return { output, failures: [...failures, ...result.failures] };
	}

	return { mode: 'batch' as const, description, executeBatch };
}
