/**
 * The records the KeyCRM sandbox keeps, close to how KeyCRM shows them. Times are epoch
 * milliseconds (whole seconds, UTC); the views format them. Relations are held by id.
 */

export interface StatusRecord {
	id: number;
	name: string;
	alias: string;
	is_active: boolean;
	group_id: number;
	is_closing_order: boolean;
	is_reserved: boolean;
	expiration_period: number | null;
	created_at: number;
	updated_at: number;
}

export interface SourceRecord {
	id: number;
	name: string;
	alias: string;
	driver: string;
	source_uuid: string | null;
	source_name: string | null;
	currency_code: string;
	created_at: number;
	updated_at: number;
}

export interface PaymentMethodRecord {
	id: number;
	name: string;
	alias: string;
	is_active: boolean;
}

export interface DeliveryServiceRecord {
	id: number;
	name: string;
	/** the carrier integration, e.g. `novaposhta`; null for pickup */
	source_name: string | null;
	alias: string;
}

export interface WarehouseRecord {
	id: number;
	name: string;
	description: string | null;
	is_active: boolean;
}

export interface UserRecord {
	id: number;
	first_name: string;
	last_name: string;
	username: string;
	email: string;
	phone: string | null;
	role_id: number;
	status: 'active' | 'blocked';
	created_at: number;
	updated_at: number;
	last_logged_at: number | null;
}

export interface TagRecord {
	id: number;
	name: string;
	alias: string;
	color: string;
	created_at: number;
	updated_at: number;
}

/** expense types and per-line product statuses share this shape */
export interface NamedRecord {
	id: number;
	name: string;
	alias: string;
	is_active: boolean;
	created_at: number;
	updated_at: number;
}

export interface CategoryRecord {
	id: number;
	name: string;
	parent_id: number | null;
}

export type CustomFieldModel = 'order' | 'client' | 'crm_product' | 'lead' | 'company';

export interface CustomFieldRecord {
	id: number;
	name: string;
	/** what writes name the field by, e.g. `OR_1001` */
	uuid: string;
	model: CustomFieldModel;
	type: 'text' | 'textarea' | 'number' | 'float' | 'select' | 'switcher' | 'link' | 'date';
	required: boolean;
	position: number;
	is_multiple: boolean;
	options: Array<{ id: number; field_id: number; value: string }>;
}

export type CustomValue = string | number | boolean | string[] | null;

export interface Property {
	name: string;
	value: string;
}

export interface BuyerShipping {
	address: string | null;
	additional_address: string | null;
	city: string | null;
	region: string | null;
	zip_code: string | null;
	country: string | null;
	recipient_full_name: string | null;
	recipient_phone: string | null;
	warehouse_ref: string | null;
	shipping_service: string | null;
}

export interface BuyerRecord {
	id: number;
	full_name: string;
	birthday: string | null;
	email: string[];
	phone: string[];
	note: string | null;
	discount: number;
	company_id: number | null;
	manager_id: number | null;
	shipping: BuyerShipping[];
	custom: Map<string, CustomValue>;
	created_at: number;
	updated_at: number;
}

export interface CompanyRecord {
	id: number;
	name: string;
	title: string | null;
	notes: string | null;
	bank_account: string | null;
	manager_id: number | null;
	custom: Map<string, CustomValue>;
	created_at: number;
	updated_at: number;
}

export interface StockRecord {
	quantity: number;
	reserve: number;
}

export interface OfferRecord {
	id: number;
	product_id: number;
	sku: string | null;
	barcode: string | null;
	price: number;
	purchased_price: number;
	weight: number | null;
	length: number | null;
	width: number | null;
	height: number | null;
	image_url: string | null;
	properties: Property[];
	is_archived: boolean;
	/** by warehouse id */
	stocks: Map<number, StockRecord>;
	created_at: number;
	updated_at: number;
}

export interface ProductRecord {
	id: number;
	name: string;
	description: string | null;
	pictures: string[];
	unit_type: string | null;
	currency_code: string;
	category_id: number | null;
	/** true once variants were added; a simple product has exactly one offer */
	has_offers: boolean;
	is_archived: boolean;
	offerIds: number[];
	custom: Map<string, CustomValue>;
	created_at: number;
	updated_at: number;
}

export interface OrderLine {
	id: number;
	/** null for a one-off line that matched no catalog offer */
	offer_id: number | null;
	name: string;
	sku: string | null;
	price: number;
	purchased_price: number;
	discount_percent: number;
	discount_amount: number;
	quantity: number;
	unit_type: string | null;
	upsale: boolean;
	comment: string | null;
	product_status_id: number | null;
	picture: string | null;
	properties: Property[];
	warehouse_id: number | null;
}

export type PaymentState = 'paid' | 'not_paid' | 'canceled';
export const PAYMENT_STATES: readonly PaymentState[] = ['paid', 'not_paid', 'canceled'];

export interface PaymentRecord {
	id: number;
	order_id: number;
	payment_method_id: number;
	amount: number;
	actual_currency: string;
	transaction_uuid: string | null;
	description: string | null;
	status: PaymentState;
	payment_date: number;
	created_at: number;
	updated_at: number;
}

export interface OrderShipping {
	delivery_service_id: number | null;
	tracking_code: string | null;
	shipping_status: string | null;
	shipping_address_city: string | null;
	shipping_address_country: string | null;
	shipping_address_country_code: string | null;
	shipping_address_region: string | null;
	shipping_address_zip: string | null;
	shipping_secondary_line: string | null;
	shipping_receive_point: string | null;
	recipient_full_name: string | null;
	recipient_phone: string | null;
	warehouse_ref: string | null;
	shipping_date: number | null;
	shipping_date_actual: number | null;
}

export interface Marketing {
	utm_source: string | null;
	utm_medium: string | null;
	utm_campaign: string | null;
	utm_term: string | null;
	utm_content: string | null;
	created_at: number;
	updated_at: number;
}

export interface OrderRecord {
	id: number;
	parent_id: number | null;
	source_uuid: string | null;
	global_source_uuid: string | null;
	status_on_source: string | null;
	source_id: number;
	status_id: number;
	buyer_id: number | null;
	manager_id: number | null;
	promocode: string | null;
	discount_percent: number;
	discount_amount: number;
	shipping_price: number;
	wrap_price: number;
	gift_wrap: boolean;
	taxes: number;
	manager_comment: string | null;
	buyer_comment: string | null;
	gift_message: string | null;
	is_gift: boolean;
	lines: OrderLine[];
	payments: PaymentRecord[];
	shipping: OrderShipping | null;
	marketing: Marketing | null;
	custom: Map<string, CustomValue>;
	tag_ids: number[];
	last_synced_at: number | null;
	created_at: number;
	ordered_at: number;
	updated_at: number;
	closed_at: number | null;
	status_changed_at: number;
}

export type PaymentStatus = 'not_paid' | 'part_paid' | 'paid' | 'overpaid';

export interface OrderTotals {
	/** Σ price × quantity */
	products_total: number;
	/** line discounts plus the order-level discount */
	total_discount: number;
	grand_total: number;
	/** Σ of payments with status paid */
	payments_total: number;
	payment_status: PaymentStatus;
	/** what the goods cost to buy */
	purchased_total: number;
	margin_sum: number;
	expenses_sum: number;
}

export type OrderEvent = 'order.change_order_status' | 'order.change_payment_status';

export type ExpenseState = 'paid' | 'canceled';

export interface ExpenseRecord {
	id: number;
	order_id: number;
	expense_type_id: number;
	amount: number;
	actual_currency: string;
	description: string | null;
	status: ExpenseState;
	payment_date: number;
	created_at: number;
	updated_at: number;
}

/** An uploaded file in the account's storage. */
export interface FileRecord {
	id: number;
	file_name: string;
	url: string;
	size: number;
	extension: string;
	original_file_name: string;
	mime_type: string;
	/** what identifies a repeated upload of the same file */
	digest: string;
	created_at: number;
	updated_at: number;
}

/** What files attach to: orders, and pipeline cards (`pipelines`, as the storage route names them). */
export type AttachmentTarget = 'order' | 'pipelines';

export interface ExternalTransactionRecord {
	id: number;
	uuid: string;
	source_uuid: string | null;
	gateway_id: number;
	amount: number;
	description: string | null;
	currency: string;
	/** the payments it was attached to */
	payment_ids: number[];
	transaction_date: number;
	created_at: number;
	updated_at: number;
}

export interface PipelineRecord {
	id: number;
	name: string;
	target_type: string;
	target_id: string;
	use_payments: boolean;
	lead_type: string;
}

export interface PipelineStatusRecord {
	id: number;
	pipeline_id: number;
	title: string;
	alias: string;
	color: string;
	is_final: boolean;
}

export interface CardContact {
	id: number;
	full_name: string | null;
	email: string | null;
	phone: string | null;
	client_id: number | null;
}

export interface CardLine {
	id: number;
	offer_id: number | null;
	name: string;
	sku: string | null;
	price: number;
	quantity: number;
	unit_type: string | null;
	picture: string | null;
}

/** A pipeline card (a lead); its payments use the order payment shape with the card as destination. */
export interface CardRecord {
	id: number;
	pipeline_id: number;
	status_id: number;
	contact: CardContact;
	source_id: number | null;
	manager_id: number | null;
	title: string | null;
	manager_comment: string | null;
	is_finished: boolean;
	lines: CardLine[];
	payments: PaymentRecord[];
	marketing: Omit<Marketing, 'created_at' | 'updated_at'>;
	custom: Map<string, CustomValue>;
	communicate_at: number | null;
	status_changed_at: number;
	created_at: number;
	updated_at: number;
}

export interface CallRecord {
	id: number;
	internal_number: string;
	external_number: string;
	source_number: string;
	reference_id: string;
	type: 'incoming' | 'outgoing';
	state: string;
	user_id: number | null;
	call_route_service_id: number;
	duration: number;
	call_url: string | null;
	comment: string | null;
	client_id: number | null;
	lead_id: number | null;
	utm_source: string | null;
	utm_medium: string | null;
	utm_campaign: string | null;
	utm_term: string | null;
	utm_content: string | null;
	created_at: number;
	updated_at: number;
}
