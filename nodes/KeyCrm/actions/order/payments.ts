import { addPaymentOperation, type PaymentOwner, updatePaymentOperation } from '../payments';

const order: PaymentOwner = {
	resource: 'order',
	idName: 'orderId',
	idLabel: 'Order ID',
	path: (id) => `/order/${id}`,
	outputKey: 'order_id',
};

export const addPayment = addPaymentOperation(order);
export const updatePayment = updatePaymentOperation(order);
