import { importOperation } from '../imports';

/** `POST /products/import`: at most 100 products a request, each created without variants. */
export const { mode, description, executeBatch } = importOperation({
	resource: 'product',
	listKey: 'products',
	path: '/products/import',
	rowsPerRequest: 100,
	label: 'Product',
	required: ['name'],
	example: '{"name": "…", "sku": "…", "price": 450, "category_id": 1}',
});
