import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { listForItem, listOf, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

const show = { resource: ['company'], operation: ['find'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Email of a Buyer', value: 'buyer_email' },
			{ name: 'Phone of a Buyer', value: 'buyer_phone' },
		],
		default: 'buyer_phone',
		description: 'KeyCRM companies have no phone or email of their own: they are found through their buyers',
		displayOptions: { show },
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		description: 'The phone or email; several separated by commas',
		displayOptions: { show },
	},
	...limitProperties(show),
];

/**
 * The companies of the buyers with a phone or email, each once, with the ids of the buyers that
 * led to it (`matchedBuyerIds`). None is not an error (the item simply yields nothing).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const findBy = this.getNodeParameter('findBy', itemIndex) as string;
	const values = listOf(this.getNodeParameter('value', itemIndex));
	if (values.length === 0) {
		const what = findBy === 'buyer_email' ? 'email' : 'phone';
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no ${what} to find a company by`, { itemIndex });
	}
	const buyers = await listForItem(this, connection, itemIndex, '/buyer', {
		filter: { [findBy]: values.join(',') },
		include: 'company',
	});
	const companies = new Map<string, IDataObject>();
	for (const buyer of buyers) {
		const company = buyer.company as IDataObject | null | undefined;
		if (!company || company.id === undefined) continue;
		const key = String(company.id);
		const found = companies.get(key) ?? { ...company, matchedBuyerIds: [] };
		(found.matchedBuyerIds as unknown[]).push(buyer.id);
		companies.set(key, found);
	}
	return [...companies.values()].map((company) => outputItem(company, itemIndex));
}
