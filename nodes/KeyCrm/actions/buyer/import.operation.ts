import { importOperation } from '../imports';

/**
 * `POST /buyer/import`. KeyCRM documents no cap and answers a refused import with 400
 * `{"status": false}`, naming no field: the node checks the required name itself, and a refusal
 * fails every buyer of that request.
 */
export const { mode, description, executeBatch } = importOperation({
	resource: 'buyer',
	listKey: 'buyers',
	path: '/buyer/import',
	rowsPerRequest: 50,
	label: 'Buyer',
	required: ['full_name'],
	example: '{"full_name": "…", "phone": ["+380…"], "email": ["…"]}',
});
