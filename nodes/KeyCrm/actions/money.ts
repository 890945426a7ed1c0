/**
 * What an order's payments and expenses share: the amount, a description and the date it was
 * paid, and the body part built from them.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { compact } from './shared';

type Show = NonNullable<IDisplayOptions['show']>;

export function amountProperty(show: Show): INodeProperties {
	return {
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		required: true,
		default: 0,
		displayOptions: { show },
	};
}

export function moneyDetailsProperty(show: Show): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Payment Date',
				name: 'payment_date',
				type: 'string',
				default: '',
				placeholder: '2026-01-31 14:44:00',
				description: 'UTC, as Y-m-d H:i:s; now when empty',
			},
		],
	};
}

/** `amount`, and the description and date when given. */
export function moneyBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return {
		...compact(ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
		amount: ctx.getNodeParameter('amount', itemIndex) as number,
	};
}
