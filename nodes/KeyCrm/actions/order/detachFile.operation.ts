import { linkOperation } from '../links';

export const { description, execute } = linkOperation({
	resource: 'order',
	operation: 'detachFile',
	owner: { name: 'orderId', label: 'Order ID' },
	linked: {
		name: 'fileId',
		label: 'File ID',
	},
	method: 'DELETE',
	path: (orderId, id) => `/order/${orderId}/attachment/${id}`,
});
