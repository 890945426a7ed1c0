/** The records the SalesDrive sandbox keeps, close to how the API shows them. */

/** `type` groups statuses; the reference leaves its meaning open (see directories in demo.ts). */
export interface SdStatus {
	id: number;
	name: string;
	type: number;
}

/** A payment or delivery method: payloads name it by `name` or `parameter`, lists show the `id`. */
export interface SdMethod {
	id: number;
	name: string;
	parameter: string;
}

export interface SdUser {
	id: number;
	name: string;
}

export interface SdSite {
	id: number;
	name: string;
}

export interface SdOrganizationAccount {
	id: number;
	title: string;
	accountNumber: string;
}

export interface SdOrganization {
	id: number;
	title: string;
	egrpou: string;
	accounts: SdOrganizationAccount[];
}

/** A stock (warehouse); SalesDrive has no API listing them, they are known from its UI. */
export interface SdWarehouse {
	id: string;
	name: string;
}

/** An account-specific order field, sent and shown flat under its `parameter`. */
export interface SdCustomField {
	parameter: string;
	name: string;
	type: 'text' | 'select';
	/** select options; payloads pick one as `id_<n>` */
	options?: Array<{ id: number; text: string }>;
}

export interface SdCurrency {
	code: string;
	abbreviation: string;
	rate: number;
}

export interface SdCategory {
	id: string;
	name: string;
	parentId: string | null;
}

export interface SdAdditionalPrice {
	priceType: string;
	priceValue: number;
	priceCurrency?: string;
	priceDiscount?: number;
	[field: string]: unknown;
}

export interface SdProductParam {
	name: string;
	type?: string;
	value: unknown;
	[field: string]: unknown;
}

/** A catalog product: `id` is the caller's code (the upsert key), `productId` SalesDrive's own number. */
export interface SdProduct {
	id: string;
	productId: number;
	name: string;
	sku: string;
	costPerItem: number;
	currency: string;
	stockBalance: number;
	stockBalanceByStock: Record<string, number>;
	additionalPrices: SdAdditionalPrice[];
	params: SdProductParam[];
	category: { id: string; name: string } | null;
	createdAt: string;
	updatedAt: string;
	/** every other field a product-handler call sent (barcode, expenses, images, …), kept as sent */
	[field: string]: unknown;
}

export interface SdContact {
	id: number;
	formId: number;
	version: number;
	active: number;
	lName: string | null;
	fName: string | null;
	mName: string | null;
	phone: string[];
	email: string[];
	counterpartyId: number | null;
	company: string | null;
	comment: string | null;
	userId: number | null;
	telegram: string | null;
	instagramNick: string | null;
	dateOfBirth: string | null;
	createTime: string;
	/** orders of this contact, for its lead counters */
	orderIds: number[];
}

export interface SdOrderLine {
	productId: number | null;
	parameter: string;
	text: string;
	documentName: string;
	sku: string;
	barcode: string;
	manufacturer: string;
	description: string;
	amount: number;
	price: number;
	discount: number;
	/** 1 when `discount` is a percentage of the price, 0 when it is an amount per unit */
	percentDiscount: number;
	commission: number;
	percentCommission: number;
	costPrice: number;
	preSale: number;
	stockId: number | null;
	uktzed: string;
}

/** One `ord_delivery_data` entry (a shipment by a carrier). */
export type SdDelivery = Record<string, unknown> & { provider: string; trackingNumber: string | null };

export interface SdNote {
	id: number;
	note: string;
	createdAt: string;
}

export interface SdOrder {
	id: number;
	formId: number;
	version: number;
	externalId: string | null;
	orderTime: string;
	updateAt: string;
	statusId: number;
	/** every status the order entered and when, for `filter[setStatusId]` */
	statusHistory: Array<{ statusId: number; at: string }>;
	userId: number | null;
	organizationId: number | null;
	typeId: number;
	sajt: number | null;
	/** the method's id, a number as real replies carry it (the Swagger example's "6" is a string) */
	paymentMethod: number | null;
	shippingMethod: number | null;
	shippingAddress: string | null;
	comment: string | null;
	paymentDate: string | null;
	rejectionReason: number | null;
	lines: SdOrderLine[];
	delivery: SdDelivery[];
	contactIds: number[];
	shippingCosts: number;
	/** order-level commission added to the lines' commissions */
	commission: number;
	/** order-level cost price; when set it replaces the lines' sum */
	costPrice: number | null;
	payedAmount: number;
	documentOrdCheck: number;
	utm: Record<string, string | null>;
	campaignId: number | null;
	token: string;
	custom: Record<string, unknown>;
	notes: SdNote[];
}

export interface SdPayment {
	id: number;
	date: string;
	userId: number | null;
	comment: string | null;
	/** money as a string with two decimals, the way payment lists carry it */
	sum: string;
	purpose: string | null;
	/** VAT, a number in real replies (unlike `sum`, a string) */
	nds: number;
	payerTypeId: number;
	createdAt: string;
	updatedAt: string;
	responsibleId: number | null;
	type: 'incoming' | 'outcoming';
	integrationTypeId: number | null;
	organizationAccount: { id: number | null; title: string | null; accountNumber: string | null } | null;
	organization: { id: number; title: string; egrpou: string } | null;
	paymentBreakdown: Array<{ sum: string; invoice: null; order: { id: number; formId: number } | null }>;
	contact: Record<string, unknown> | null;
	counterparty: { id: number | null; egrpou: string | null; title: string | null } | null;
	/** the caller's dedupe key; not shown in lists */
	uniqueId?: string;
}

/** A fiscal receipt (`/api/check/list/`). */
export interface SdCheck {
	id: number;
	number: string;
	date: string;
	createdAt: string;
	updatedAt: string;
	type: 'sale' | 'return';
	sum: string;
	fiscalNumber: string;
	paymentType: string;
	organization: { id: number; title: string; egrpou: string } | null;
	order: { id: number; formId: number } | null;
	documentItems: Array<{
		product: { id: number | null; parameter: string; sku: string; barcode: string; name: string };
		unit: { id: number; title: string };
		amount: number;
		price: string;
		sum: string;
	}>;
}

/** A refusal the API reports to the caller; the route decides the body shape and HTTP status. */
export class SalesDriveInputError extends Error {
	constructor(
		message: string,
		readonly httpStatus = 200,
	) {
		super(message);
	}
}
