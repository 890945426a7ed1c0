import { linkOperation } from '../links';

export const { description, execute } = linkOperation({
	resource: 'order',
	operation: 'addTag',
	owner: { name: 'orderId', label: 'Order ID' },
	linked: {
		name: 'tagId',
		label: 'Tag Name or ID',
		property: {
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getTags' },
			description:
				'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
	},
	method: 'POST',
	path: (orderId, id) => `/order/${orderId}/tag/${id}`,
});
