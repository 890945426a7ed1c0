import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BatchResult, ItemFailure } from '../../../common/router';
import type { KeyCrmConnection } from '../../transport';
import { type BatchRow, rowsPerRequestOf, rowsPerRequestProperty, writeInBatches } from '../batch';
import { offerKeyOf, offerKeyProperties } from '../offerRows';
import { compact } from '../shared';

const show = { resource: ['offer'], operation: ['updatePrices'] };

export const description: INodeProperties[] = [
	...offerKeyProperties('offer', 'updatePrices'),
	{
		displayName: 'Fields to Update',
		name: 'offerFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Height', name: 'height', type: 'number', default: 0 },
			{ displayName: 'Image URL', name: 'image_url', type: 'string', default: '' },
			{ displayName: 'Length', name: 'length', type: 'number', default: 0 },
			{ displayName: 'Price', name: 'price', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0 },
			{
				displayName: 'Purchased Price',
				name: 'purchased_price',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 0,
			},
			{ displayName: 'Weight', name: 'weight', type: 'number', default: 0 },
			{ displayName: 'Width', name: 'width', type: 'number', default: 0 },
		],
	},
	rowsPerRequestProperty(show),
];

export const mode = 'batch';

/**
 * All input items' price changes in as few `PUT /offers` requests as KeyCRM accepts: one row per
 * item, in item order. An item KeyCRM refuses (an unknown SKU, a negative price) goes to the error
 * output with KeyCRM's words; the others are written.
 */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: KeyCrmConnection,
): Promise<BatchResult> {
	const rows: BatchRow[] = [];
	const failures: ItemFailure[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const fields = compact(this.getNodeParameter('offerFields', itemIndex, {}) as IDataObject);
			if (Object.keys(fields).length === 0) {
				throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no field to update`, {
					itemIndex,
					description: 'Add Price, Purchased Price or another field under Fields to Update',
				});
			}
			rows.push({ itemIndex, row: { ...offerKeyOf(this, itemIndex), ...fields } });
		} catch (error) {
			failures.push({ itemIndex, error });
		}
	}
	const result = await writeInBatches(
		this,
		connection,
		{ path: '/offers', listKey: 'offers' },
		rows,
		rowsPerRequestOf(this),
	);
	return {
		output: result.written.map(({ itemIndex, row }) => ({
			json: { ...row, updated: true },
			pairedItem: { item: itemIndex },
		})),
		failures: [...failures, ...result.failures],
	};
}
