import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { batchSizeOption } from '../handler';
import { requiredText } from '../values';

/**
 * Every product field `/product-handler/` writes (`price` is how `dontUpdateFields` names
 * `costPerItem`; `uktzed`, `exciseCode` and `country` are only seen in client code). An update
 * that must leave the rest alone names all but its own fields in `dontUpdateFields`: SalesDrive
 * may reset a field left out of a row, and a field kept this way cannot be overwritten.
 */
const PRODUCT_FIELDS = [
	'name',
	'nameTranslate',
	'nameForDocuments',
	'description',
	'descriptionTranslate',
	'price',
	'costPerItem',
	'currency',
	'discount',
	'sku',
	'manufacturer',
	'weight',
	'volume',
	'length',
	'width',
	'height',
	'barcode',
	'stockBalance',
	'stockBalanceByStock',
	'expenses',
	'currencyExpenses',
	'category',
	'url',
	'note',
	'supplier',
	'keywords',
	'parentProductId',
	'set',
	'images',
	'params',
	'additionalPrices',
	'label',
	'uktzed',
	'exciseCode',
	'country',
];

/** `dontUpdateFields` for an update that writes only `written`. */
export function dontUpdateFieldsExcept(...written: string[]): string[] {
	return PRODUCT_FIELDS.filter((field) => !written.includes(field));
}

export function productIdProperty(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. KV-ETH-250',
		description:
			'Your code of the product in SalesDrive (the key the product handler matches on, often the SKU or the accounting code)',
		displayOptions: { show },
	};
}

export function batchOptions(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [batchSizeOption],
	};
}

export const productIdOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	requiredText(ctx, itemIndex, 'productId', 'Product ID');
