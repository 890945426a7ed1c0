import { linkOperation } from '../links';

export const { description, execute } = linkOperation({
	resource: 'order',
	operation: 'attachFile',
	owner: { name: 'orderId', label: 'Order ID' },
	linked: {
		name: 'fileId',
		label: 'File ID',
	},
	method: 'POST',
	path: (orderId, id) => `/order/${orderId}/attachment/${id}`,
});
