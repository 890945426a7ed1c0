import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { TransportContext } from '../../../common/transport';
import type { KeyCrmConnection } from '../../transport';
import { keyCrmRequest } from '../../transport';
import { listForItem, outputItem } from '../shared';
import { limitProperties } from '../../../common/limit';

/** KeyCRM's reference lists: directory value → its paginated path. */
export const DIRECTORIES: Record<string, { path: string }> = {
	category: { path: '/products/categories' },
	deliveryService: { path: '/order/delivery-service' },
	expenseType: { path: '/order/expense-type' },
	paymentMethod: { path: '/order/payment-method' },
	productStatus: { path: '/order/product-status' },
	source: { path: '/order/source' },
	status: { path: '/order/status' },
	tag: { path: '/order/tag' },
	user: { path: '/users' },
};

const show = { resource: ['directory'], operation: ['getMany'] };

export const CUSTOM_FIELD_MODELS = [
	{ name: 'Buyer', value: 'client' },
	{ name: 'Company', value: 'company' },
	{ name: 'Lead (Pipeline Card)', value: 'lead' },
	{ name: 'Order', value: 'order' },
	{ name: 'Product', value: 'crm_product' },
];

export const description: INodeProperties[] = [
	{
		displayName: 'Directory',
		name: 'directory',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Custom Fields', value: 'customField' },
			{ name: 'Delivery Services', value: 'deliveryService' },
			{ name: 'Expense Types', value: 'expenseType' },
			{ name: 'Order Line Statuses', value: 'productStatus' },
			{ name: 'Order Statuses', value: 'status' },
			{ name: 'Order Tags', value: 'tag' },
			{ name: 'Payment Methods', value: 'paymentMethod' },
			{ name: 'Product Categories', value: 'category' },
			{ name: 'Sources', value: 'source' },
			{ name: 'Users (Managers)', value: 'user' },
		],
		default: 'status',
		displayOptions: { show },
	},
	{
		displayName: 'Models',
		name: 'models',
		type: 'multiOptions',
		options: CUSTOM_FIELD_MODELS,
		default: [],
		description: 'Custom fields of these records only; all when empty',
		displayOptions: { show: { ...show, directory: ['customField'] } },
	},
	...limitProperties(show),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const directory = this.getNodeParameter('directory', itemIndex) as string;
	if (directory !== 'customField') {
		const rows = await listForItem(this, connection, itemIndex, DIRECTORIES[directory].path, {});
		return rows.map((row) => outputItem(row, itemIndex));
	}
	const models = this.getNodeParameter('models', itemIndex, []) as string[];
	const rows = await customFields(this, connection, models, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	return (returnAll ? rows : rows.slice(0, limit)).map((row) => outputItem(row, itemIndex));
}

/** `GET /custom-fields` with their options: one list, not paginated (a paginated reply is read too). */
export async function customFields(
	ctx: TransportContext,
	connection: KeyCrmConnection,
	models: string[],
	itemIndex?: number,
): Promise<IDataObject[]> {
	const qs: IDataObject = { include: 'options' };
	if (models.length) qs.filter = { model: models.join(',') };
	const reply = (await keyCrmRequest(ctx, connection, { method: 'GET', path: '/custom-fields', qs, itemIndex })) as
		| IDataObject
		| IDataObject[];
	if (Array.isArray(reply)) return reply;
	return Array.isArray(reply.data) ? (reply.data as IDataObject[]) : [];
}
