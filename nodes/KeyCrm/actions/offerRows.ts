import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** How a bulk row names its offer: by SKU (the usual key between systems) or by KeyCRM's offer id. */
export function offerKeyProperties(resource: string, operation: string): INodeProperties[] {
	const show = { resource: [resource], operation: [operation] };
	return [
		{
			displayName: 'Match By',
			name: 'matchBy',
			type: 'options',
			options: [
				{ name: 'SKU', value: 'sku' },
				{ name: 'Offer ID', value: 'id' },
			],
			default: 'sku',
			displayOptions: { show },
		},
		{
			displayName: 'SKU',
			name: 'sku',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { ...show, matchBy: ['sku'] } },
		},
		{
			displayName: 'Offer ID',
			name: 'offerId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions: { show: { ...show, matchBy: ['id'] } },
		},
	];
}

/** `{sku}` or `{id}` for an item; an empty SKU or id is the item's error, before anything is sent. */
export function offerKeyOf(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const matchBy = ctx.getNodeParameter('matchBy', itemIndex, 'sku') as string;
	if (matchBy === 'id') {
		const id = Number(ctx.getNodeParameter('offerId', itemIndex));
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: Offer ID "${String(id)}" is not a KeyCRM id`, {
				itemIndex,
			});
		}
		return { id };
	}
	const sku = String(ctx.getNodeParameter('sku', itemIndex, '') ?? '').trim();
	if (!sku) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: SKU is empty`, {
			itemIndex,
			description: 'Each item needs the SKU of the offer it changes',
		});
	}
	return { sku };
}
