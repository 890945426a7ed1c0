import type { IDataObject } from 'n8n-workflow';

const asList = (value: unknown): IDataObject[] => (Array.isArray(value) ? (value as IDataObject[]) : []);

/**
 * The parts of an order most workflows use: its state and money, the buyer, the lines and the
 * TTN. The full order (with `meta`-style ids of every directory value) stays available with
 * Simplify off.
 */
export function simplifyOrder(order: IDataObject): IDataObject {
	const contact = (order.primaryContact as IDataObject | null | undefined) ?? asList(order.contacts)[0];
	const tracking = asList(order.ord_delivery_data)
		.map((entry) => entry.trackingNumber)
		.find((number) => typeof number === 'string' && number !== '');
	return {
		id: order.id,
		externalId: order.externalId,
		statusId: order.statusId,
		orderTime: order.orderTime,
		updateAt: order.updateAt,
		paymentAmount: order.paymentAmount,
		payedAmount: order.payedAmount,
		restPay: order.restPay,
		payment_method: order.payment_method,
		shipping_method: order.shipping_method,
		shipping_address: order.shipping_address,
		comment: order.comment,
		contact: contact
			? {
					id: contact.id,
					lName: contact.lName,
					fName: contact.fName,
					mName: contact.mName,
					phone: contact.phone,
					email: contact.email,
					company: contact.company,
				}
			: null,
		products: asList(order.products).map((line) => ({
			parameter: line.parameter,
			productId: line.productId,
			sku: line.sku,
			name: line.name ?? line.text,
			amount: line.amount,
			price: line.price,
			discount: line.discount,
			percentDiscount: line.percentDiscount,
		})),
		ttn: tracking ?? '',
	};
}
