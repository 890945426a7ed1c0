/**
 * The normalised view of a SalesDrive order that templates read, built from the order as the
 * webhook (or the order list) sends it. SalesDrive's shapes vary (phones as a list or a string,
 * numbers as strings, `name` or `text` on lines, labels only in `meta.fields`), so every field is
 * read defensively and a missing one becomes null, never an error.
 */
import type { IDataObject } from 'n8n-workflow';

export type SalesDriveEvent = 'new_order' | 'status_change';

export const SALESDRIVE_EVENTS: SalesDriveEvent[] = ['new_order', 'status_change'];

/** A select value with the text SalesDrive shows for it (from `meta.fields`), when known. */
export interface Labelled {
	value: string | number | null;
	label: string | null;
}

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

const objects = (value: unknown): IDataObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

function text(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

/** A number from a number or numeric text; null for empty or non-numeric values. */
function numberOf(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string' || value.trim() === '') return null;
	const parsed = Number(value.replace(',', '.'));
	return Number.isFinite(parsed) ? parsed : null;
}

/** Phones or e-mails: SalesDrive sends a list, older payloads a string (possibly comma-separated). */
function listOfTexts(value: unknown): string[] {
	const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	return values.map(text).filter((entry): entry is string => entry !== null);
}

/** The label of `field`'s `value` in `meta.fields` (a webhook lists only the chosen option; a list reply all of them). */
export function labelOf(meta: unknown, field: string, value: unknown): string | null {
	const fields = isObject(meta) && isObject(meta.fields) ? meta.fields : undefined;
	const described = fields?.[field];
	if (!isObject(described) || value === null || value === undefined || value === '') return null;
	const options = objects(described.options);
	const match = options.find((option) => String(option.value ?? option.id) === String(value));
	return text(match?.text ?? match?.name);
}

function labelled(order: IDataObject, meta: unknown, field: string, value: unknown = order[field]): Labelled {
	const shown = typeof value === 'number' ? value : text(value);
	return { value: shown, label: labelOf(meta, field, value) };
}

function contactView(contact: IDataObject) {
	const firstName = text(contact.fName);
	const lastName = text(contact.lName);
	const middleName = text(contact.mName);
	return {
		id: contact.id ?? null,
		firstName,
		lastName,
		middleName,
		fullName: [lastName, firstName, middleName].filter(Boolean).join(' ') || null,
		phones: listOfTexts(contact.phone),
		emails: listOfTexts(contact.email),
		company: text(contact.company),
	};
}

function lineView(line: IDataObject) {
	return {
		productId: line.productId ?? null,
		sku: text(line.sku),
		parameter: text(line.parameter),
		barcode: text(line.barcode),
		name: text(line.name) ?? text(line.text) ?? text(line.documentName),
		amount: numberOf(line.amount),
		price: numberOf(line.price),
		discount: numberOf(line.discount),
		discountIsPercent: line.percentDiscount === undefined ? null : numberOf(line.percentDiscount) === 1,
		costPrice: numberOf(line.costPrice),
		stockId: line.stockId ?? null,
		isKit: numberOf(line.isComplect) === 1 || objects(line.complect).length > 0,
	};
}

function deliveryView(order: IDataObject, meta: unknown) {
	const entries = objects(order.ord_delivery_data);
	const first = entries[0] ?? {};
	// carrier blocks the create API takes; a webhook may carry them beside ord_delivery_data
	const carrier = ['ord_novaposhta', 'novaposhta', 'ukrposhta', 'meest', 'rozetka_delivery']
		.map((key) => order[key])
		.find(isObject);
	const ttn = text(first.trackingNumber) ?? text(carrier?.ttn) ?? text(carrier?.EN);
	return {
		method: labelled(order, meta, 'shipping_method'),
		address: text(order.shipping_address) ?? text(first.address),
		provider: text(first.provider),
		ttn,
		city: text(first.cityName) ?? text(carrier?.city),
		branch: text(first.branchNumber) ?? text(carrier?.WarehouseNumber),
		payer: text(first.payer),
		cashOnDelivery: numberOf(first.postpaySum),
		entries,
	};
}

/**
 * The "additional deal characteristics" SalesDrive shows on an order, each with its label from
 * `meta.fields` where the account describes it. `sender` is the order's own field when it has
 * one, else the sender of its first shipment.
 */
function characteristicsView(order: IDataObject, meta: unknown) {
	const firstDelivery = objects(order.ord_delivery_data)[0] ?? {};
	return {
		deliveryMethod: labelled(order, meta, 'shipping_method'),
		sender:
			order.sender !== undefined
				? labelled(order, meta, 'sender')
				: labelled(order, meta, 'senderId', firstDelivery.senderId),
		site: labelled(order, meta, 'sajt'),
		page: labelled(order, meta, 'utmPage'),
		advertisingCampaign: labelled(order, meta, 'campaignId'),
		source: labelled(order, meta, 'utmSource'),
		utmCampaign: labelled(order, meta, 'utmCampaign'),
		channel: labelled(order, meta, 'utmMedium'),
	};
}

/** The order's own fields the account added (keys SalesDrive's standard order does not have), with labels. */
function customFieldsView(order: IDataObject, meta: unknown) {
	const fields = isObject(meta) && isObject(meta.fields) ? meta.fields : {};
	const custom: Record<string, Labelled & { name: string | null }> = {};
	for (const [key, described] of Object.entries(fields)) {
		if (STANDARD_FIELDS.has(key) || !isObject(described) || !(key in order)) continue;
		custom[key] = { ...labelled(order, meta, key), name: text(described.label) };
	}
	return custom;
}

const STANDARD_FIELDS = new Set([
	'statusId',
	'userId',
	'payment_method',
	'shipping_method',
	'sajt',
	'organizationId',
	'contacts',
	'sender',
	'senderId',
	'campaignId',
]);

export function normalizeOrder(order: IDataObject, meta?: unknown) {
	const contacts = objects(order.contacts);
	const primary = isObject(order.primaryContact) ? order.primaryContact : contacts[0];
	return {
		id: order.id ?? null,
		externalId: text(order.externalId),
		status: labelled(order, meta, 'statusId'),
		manager: labelled(order, meta, 'userId'),
		organization: labelled(order, meta, 'organizationId'),
		orderTime: text(order.orderTime),
		updateAt: text(order.updateAt),
		comment: text(order.comment),
		contact: primary ? contactView(primary) : null,
		contacts: contacts.map(contactView),
		lines: objects(order.products).map(lineView),
		payment: {
			method: labelled(order, meta, 'payment_method'),
			amount: numberOf(order.paymentAmount),
			paid: numberOf(order.payedAmount),
			rest: numberOf(order.restPay),
			discount: numberOf(order.discountAmount),
			date: text(order.paymentDate),
		},
		delivery: deliveryView(order, meta),
		characteristics: characteristicsView(order, meta),
		customFields: customFieldsView(order, meta),
	};
}

/**
 * The same delivery twice gives the same key: the order, the moment it changed, the event and the
 * status it changed to — `updateAt` has whole seconds, so two status changes in one second differ
 * only by the status.
 */
export function salesDriveEventKey(order: IDataObject, event: string): string {
	return `${String(order.id ?? '')}|${String(order.updateAt ?? '')}|${event}|${String(order.statusId ?? '')}`;
}
