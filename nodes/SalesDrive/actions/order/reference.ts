import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { numberOf, requiredText } from '../values';

/** How an order is named: SalesDrive's ID, or the External ID it was created with. */
export function orderReferenceProperties(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Order By',
			name: 'orderBy',
			type: 'options',
			options: [
				{ name: 'ID', value: 'id', description: 'SalesDrive’s number of the order' },
				{
					name: 'External ID',
					value: 'externalId',
					description: 'Your ID the order was created with (the newest order carrying it)',
				},
			],
			default: 'id',
			displayOptions: { show },
		},
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { ...show, orderBy: ['id'] } },
		},
		{
			displayName: 'External ID',
			name: 'externalId',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { ...show, orderBy: ['externalId'] } },
		},
	];
}

/** `{id}` or `{externalId}` as the update takes it. */
export function orderReference(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const by = ctx.getNodeParameter('orderBy', itemIndex, 'id') as string;
	if (by === 'externalId') return { externalId: requiredText(ctx, itemIndex, 'externalId', 'External ID') };
	return { id: orderIdOf(ctx, itemIndex) };
}

export function orderIdProperty(show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		description: 'SalesDrive’s number of the order',
		displayOptions: { show },
	};
}

export const orderIdOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	numberOf(ctx, itemIndex, 'Order ID', requiredText(ctx, itemIndex, 'orderId', 'Order ID'));
