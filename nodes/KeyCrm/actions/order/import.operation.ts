import { importOperation } from '../imports';

/** `POST /order/import`: at most 50 orders a request. */
export const { mode, description, executeBatch } = importOperation({
	resource: 'order',
	listKey: 'orders',
	path: '/order/import',
	rowsPerRequest: 50,
	label: 'Order',
	required: ['source_id', 'buyer'],
	example: '{"source_id": 1, "buyer": {"full_name": "…", "phone": "…"}, "products": [{"sku": "…", "quantity": 1}]}',
});
