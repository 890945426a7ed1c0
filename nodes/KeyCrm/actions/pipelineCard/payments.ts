import { addPaymentOperation, type PaymentOwner, updatePaymentOperation } from '../payments';

const card: PaymentOwner = {
	resource: 'pipelineCard',
	idName: 'cardId',
	idLabel: 'Card ID',
	path: (id) => `/pipelines/cards/${id}`,
	outputKey: 'card_id',
};

export const addPayment = addPaymentOperation(card);
export const updatePayment = updatePaymentOperation(card);
