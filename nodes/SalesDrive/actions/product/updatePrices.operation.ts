import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { BatchResult } from '../../../common/router';
import type { SalesDriveConnection } from '../../transport';
import { runHandlerBatch } from '../handler';
import { isBlank, itemError, numberOf, shown } from '../values';
import { batchOptions, dontUpdateFieldsExcept, productIdOf, productIdProperty } from './fields';

const show = { resource: ['product'], operation: ['updatePrices'] };

export const description: INodeProperties[] = [
	productIdProperty(show),
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		default: '',
		placeholder: 'e.g. 320',
		description: 'The main price (`costPerItem`); left empty, it stays as it is',
		displayOptions: { show },
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: '',
		placeholder: 'UAH',
		description: 'Currency of the main price; left empty, it stays as it is',
		displayOptions: { show },
	},
	{
		displayName: 'Additional Prices',
		name: 'additionalPrices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add price type',
		default: {},
		description: 'Prices of other price types, by the type’s name; types not listed keep their prices',
		displayOptions: { show },
		options: [
			{
				displayName: 'Price',
				name: 'price',
				values: [
					{
						displayName: 'Price Type',
						name: 'priceType',
						type: 'string',
						default: '',
						placeholder: 'e.g. Оптова ціна',
						description: 'The price type’s name as SalesDrive shows it',
					},
					{ displayName: 'Value', name: 'priceValue', type: 'number', default: 0 },
					{ displayName: 'Currency', name: 'priceCurrency', type: 'string', default: '' },
				],
			},
		],
	},
	batchOptions(show),
];

export const mode = 'batch';

/** The main price, its currency and the additional prices; nothing else. */
const DONT_UPDATE = dontUpdateFieldsExcept('price', 'costPerItem', 'currency', 'additionalPrices');

function priceRow(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const row: IDataObject = { id: productIdOf(this, itemIndex) };
	const price = this.getNodeParameter('price', itemIndex, '') as unknown;
	if (!isBlank(price)) row.costPerItem = numberOf(this, itemIndex, 'Price', price);
	const currency = this.getNodeParameter('currency', itemIndex, '') as string;
	if (!isBlank(currency)) row.currency = String(currency).trim();
	const additional = (this.getNodeParameter('additionalPrices.price', itemIndex, []) as IDataObject[]) ?? [];
	if (additional.length > 0) {
		row.additionalPrices = additional.map((entry) => {
			if (isBlank(entry.priceType)) {
				throw itemError(this, itemIndex, `Price Type is empty (value: ${shown(entry.priceType)})`);
			}
			const priceType = String(entry.priceType).trim();
			return {
				priceType,
				priceValue: numberOf(this, itemIndex, `Price of type "${priceType}"`, entry.priceValue),
				...(isBlank(entry.priceCurrency) ? {} : { priceCurrency: String(entry.priceCurrency).trim() }),
			};
		});
	}
	if (row.costPerItem === undefined && row.additionalPrices === undefined) {
		throw itemError(this, itemIndex, 'No price to set: fill in Price or Additional Prices');
	}
	return row;
}

/** Sets the main price and prices by type, leaving every other field of the products as it is. */
export async function executeBatch(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	connection: SalesDriveConnection,
): Promise<BatchResult> {
	return await runHandlerBatch(
		this,
		items,
		connection,
		{ path: '/product-handler/', listKey: 'product', body: { action: 'update', dontUpdateFields: DONT_UPDATE } },
		(itemIndex) => priceRow.call(this, itemIndex),
	);
}
