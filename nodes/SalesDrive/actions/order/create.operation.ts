import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { type SalesDriveConnection, salesDriveRequest } from '../../transport';
import { explainRefusal, isBlank, itemError, jsonArrayOf, jsonObjectOf, numberOf, shown, withValues } from '../values';

const show = { resource: ['order'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Customer',
		name: 'customer',
		type: 'collection',
		placeholder: 'Add customer field',
		default: {},
		description: 'The buyer; SalesDrive links the order to the contact with the same phone, or creates one',
		displayOptions: { show },
		options: [
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'First Name', name: 'fName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lName', type: 'string', default: '' },
			{ displayName: 'Middle Name', name: 'mName', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '+380501234567' },
		],
	},
	{
		displayName: 'Products Input',
		name: 'productsInput',
		type: 'options',
		options: [
			{ name: 'Define Below', value: 'define', description: 'One row per order line' },
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of lines, e.g. mapped from another system’s order',
			},
		],
		default: 'define',
		displayOptions: { show },
	},
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add line',
		default: {},
		displayOptions: { show: { ...show, productsInput: ['define'] } },
		options: [
			{
				displayName: 'Line',
				name: 'line',
				values: [
					{
						displayName: 'Comment',
						name: 'description',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Discount',
						name: 'discount',
						type: 'string',
						default: '',
						placeholder: 'e.g. 10%	or 25',
						description: "Per unit:	a percentage ('10%') or an amount",
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'Left empty, the catalog product’s name',
					},
					{
						displayName: 'Price',
						name: 'costPerItem',
						type: 'string',
						default: '',
						description: 'Unit price;	left empty, the catalog price',
					},
					{
						displayName: 'Product ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Your code of the product in SalesDrive (the ID of the product handler)',
					},
					{
						displayName: 'Quantity',
						name: 'amount',
						type: 'number',
						default: 1,
					},
					{
						displayName: 'SKU',
						name: 'sku',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Products (JSON)',
		name: 'productsJson',
		type: 'json',
		default: '[]',
		description:
			'Order lines as SalesDrive takes them (product code, SKU, name, amount, costPerItem, discount), e.g. [{"sku":"KV-ETH-250","amount":2,"costPerItem":320,"discount":"10%"}]',
		displayOptions: { show: { ...show, productsInput: ['json'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Comment', name: 'comment', type: 'string', default: '' },
			{
				displayName: 'Custom Fields (JSON)',
				name: 'customFields',
				type: 'json',
				default: '{}',
				description:
					'The account’s own order fields by their parameter, e.g. {"dokument_bas":"…","dzherelo":"id_2"} (select options as "id_&lt;option ID&gt;")',
			},
			{
				displayName: 'Delivery Method Name or ID',
				name: 'shipping_method',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getDeliveryMethodParameters' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Your ID of the order, by which it can be updated later',
			},
			{ displayName: 'Organization ID', name: 'organizationId', type: 'number', default: 0 },
			{
				displayName: 'Payment Method Name or ID',
				name: 'payment_method',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPaymentMethodParameters' },
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{ displayName: 'Shipping Address', name: 'shipping_address', type: 'string', default: '' },
			{ displayName: 'Site', name: 'sajt', type: 'string', default: '', placeholder: 'shop.example.com' },
			{ displayName: 'Warehouse ID', name: 'stockId', type: 'number', default: 0 },
		],
	},
];

/** The lines of the order, checked before anything is sent. */
function orderLines(ctx: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const input = ctx.getNodeParameter('productsInput', itemIndex, 'define') as string;
	const lines =
		input === 'json'
			? jsonArrayOf(ctx, itemIndex, 'Products (JSON)', ctx.getNodeParameter('productsJson', itemIndex, '[]'))
			: (ctx.getNodeParameter('products.line', itemIndex, []) as IDataObject[]).map(withValues);
	return lines.map((line, index) => {
		const where = `Products line ${index + 1}`;
		if (isBlank(line.id) && isBlank(line.sku) && isBlank(line.name)) {
			throw itemError(ctx, itemIndex, `${where} has no Product ID, SKU or Name (value: ${shown(line)})`);
		}
		const checked: IDataObject = { ...line };
		if (!isBlank(line.amount)) checked.amount = numberOf(ctx, itemIndex, `${where}: Quantity`, line.amount);
		if (!isBlank(line.costPerItem)) checked.costPerItem = numberOf(ctx, itemIndex, `${where}: Price`, line.costPerItem);
		return checked;
	});
}

/** Creates an order (`/handler/`) and returns its SalesDrive ID. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const customer = withValues(this.getNodeParameter('customer', itemIndex, {}) as IDataObject);
	const { customFields, ...fields } = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		...jsonObjectOf(this, itemIndex, 'Custom Fields (JSON)', customFields),
		...withValues(fields),
		...customer,
		products: orderLines(this, itemIndex),
		getResultData: 1,
	};
	// a number field left at 0 means "not set": SalesDrive ids start at 1
	for (const field of ['organizationId', 'stockId']) if (body[field] === 0) delete body[field];
	let reply: IDataObject;
	try {
		// no idempotency key exists: a repeated create would make a second order
		reply = await salesDriveRequest(this, connection, { method: 'POST', path: '/handler/', body, itemIndex });
	} catch (error) {
		throw explainRefusal(error, body);
	}
	const data = (reply.data ?? {}) as IDataObject;
	return [
		{
			json: { orderId: data.orderId, userId: data.userId, externalId: body.externalId ?? null },
			pairedItem: { item: itemIndex },
		},
	];
}
