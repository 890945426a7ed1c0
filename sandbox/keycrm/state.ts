/**
 * The KeyCRM sandbox's data: directories, records and the indexes kept beside them, the id
 * sequences, lookups and the inserts that keep the indexes. Times are kept as epoch milliseconds
 * (whole seconds, UTC) and formatted by the views. The writes are written in layers on top of
 * this class, one module per domain (see store.ts).
 */
import type {
	BuyerRecord,
	CategoryRecord,
	CompanyRecord,
	CustomFieldModel,
	CustomFieldRecord,
	CustomValue,
	DeliveryServiceRecord,
	NamedRecord,
	OfferRecord,
	OrderEvent,
	OrderRecord,
	PaymentMethodRecord,
	ProductRecord,
	SourceRecord,
	StatusRecord,
	TagRecord,
	UserRecord,
	WarehouseRecord,
} from './records';
import { isDict, notFound, type Validator } from './validation';

/** Start values of the id sequences; distinct ranges make an order id passed as a buyer id show up as a 404. */
const FIRST_IDS = {
	order: 1000,
	buyer: 500,
	company: 300,
	product: 100,
	offer: 200,
	line: 5000,
	payment: 9000,
	expense: 7000,
	file: 40,
	transaction: 60,
	card: 700,
	contact: 900,
	cardLine: 8000,
	call: 20,
};

type SequenceName = keyof typeof FIRST_IDS;

/** The largest `PUT /offers` and `PUT /offers/stocks` the sandbox accepts (not documented by KeyCRM). */
export const DEFAULT_MAX_BATCH_ITEMS = 500;

export abstract class KeyCrmState {
	statuses: StatusRecord[] = [];
	sources: SourceRecord[] = [];
	paymentMethods: PaymentMethodRecord[] = [];
	deliveryServices: DeliveryServiceRecord[] = [];
	warehouses: WarehouseRecord[] = [];
	users: UserRecord[] = [];
	tags: TagRecord[] = [];
	expenseTypes: NamedRecord[] = [];
	productStatuses: NamedRecord[] = [];
	categories: CategoryRecord[] = [];
	customFields: CustomFieldRecord[] = [];

	readonly buyers = new Map<number, BuyerRecord>();
	readonly companies = new Map<number, CompanyRecord>();
	readonly products = new Map<number, ProductRecord>();
	readonly offers = new Map<number, OfferRecord>();
	readonly orders = new Map<number, OrderRecord>();
	private readonly offersBySku = new Map<string, OfferRecord>();
	private readonly ordersByBuyer = new Map<number, number[]>();
	protected readonly sequences = { ...FIRST_IDS };

	/** called after a write changed an order's status or payment status */
	onOrderEvent?: (event: OrderEvent, order: OrderRecord) => void;

	maxBatchItems = DEFAULT_MAX_BATCH_ITEMS;

	clear(): void {
		this.statuses = [];
		this.sources = [];
		this.paymentMethods = [];
		this.deliveryServices = [];
		this.warehouses = [];
		this.users = [];
		this.tags = [];
		this.expenseTypes = [];
		this.productStatuses = [];
		this.categories = [];
		this.customFields = [];
		this.buyers.clear();
		this.companies.clear();
		this.products.clear();
		this.offers.clear();
		this.orders.clear();
		this.offersBySku.clear();
		this.ordersByBuyer.clear();
		Object.assign(this.sequences, FIRST_IDS);
	}

	nextId(name: SequenceName): number {
		return ++this.sequences[name];
	}

	counts() {
		let payments = 0;
		for (const order of this.orders.values()) payments += order.payments.length;
		return {
			orders: this.orders.size,
			buyers: this.buyers.size,
			products: this.products.size,
			offers: this.offers.size,
			payments,
			warehouses: this.warehouses.length,
			statuses: this.statuses.length,
			sources: this.sources.length,
		};
	}

	// ---- lookups ----

	status(id: number) {
		return this.statuses.find((s) => s.id === id);
	}

	source(id: number) {
		return this.sources.find((s) => s.id === id);
	}

	paymentMethod(id: number) {
		return this.paymentMethods.find((m) => m.id === id);
	}

	deliveryService(id: number) {
		return this.deliveryServices.find((d) => d.id === id);
	}

	warehouse(id: number) {
		return this.warehouses.find((w) => w.id === id);
	}

	user(id: number) {
		return this.users.find((u) => u.id === id);
	}

	category(id: number) {
		return this.categories.find((c) => c.id === id);
	}

	productStatus(id: number) {
		return this.productStatuses.find((s) => s.id === id);
	}

	offerBySku(sku: string): OfferRecord | undefined {
		return this.offersBySku.get(sku);
	}

	ordersOf(buyerId: number): OrderRecord[] {
		return (this.ordersByBuyer.get(buyerId) ?? []).map((id) => this.orders.get(id)!).filter(Boolean);
	}

	getOrder(id: number): OrderRecord {
		const order = this.orders.get(id);
		if (!order) throw notFound('Order', id);
		return order;
	}

	getBuyer(id: number): BuyerRecord {
		const buyer = this.buyers.get(id);
		if (!buyer) throw notFound('Client', id);
		return buyer;
	}

	getCompany(id: number): CompanyRecord {
		const company = this.companies.get(id);
		if (!company) throw notFound('Company', id);
		return company;
	}

	getProduct(id: number): ProductRecord {
		const product = this.products.get(id);
		if (!product) throw notFound('Product', id);
		return product;
	}

	// ---- inserts that keep the indexes (used by writes and by the demo data) ----

	insertBuyer(buyer: BuyerRecord): BuyerRecord {
		this.buyers.set(buyer.id, buyer);
		return buyer;
	}

	insertProduct(product: ProductRecord): ProductRecord {
		this.products.set(product.id, product);
		return product;
	}

	insertOffer(offer: OfferRecord): OfferRecord {
		this.offers.set(offer.id, offer);
		if (offer.sku) this.offersBySku.set(offer.sku, offer);
		const product = this.products.get(offer.product_id);
		if (product && !product.offerIds.includes(offer.id)) product.offerIds.push(offer.id);
		return offer;
	}

	renameOfferSku(offer: OfferRecord, sku: string): void {
		if (offer.sku) this.offersBySku.delete(offer.sku);
		offer.sku = sku;
		this.offersBySku.set(sku, offer);
	}

	insertOrder(order: OrderRecord): OrderRecord {
		this.orders.set(order.id, order);
		if (order.buyer_id !== null) {
			const list = this.ordersByBuyer.get(order.buyer_id) ?? [];
			list.push(order.id);
			this.ordersByBuyer.set(order.buyer_id, list);
		}
		return order;
	}

	protected emit(event: OrderEvent, order: OrderRecord): void {
		this.onOrderEvent?.(event, order);
	}

	// ---- custom fields ----

	/** Validates `custom_fields[{uuid, value}]` for a model; returns what to store. */
	protected readCustomFields(
		v: Validator,
		input: unknown,
		model: CustomFieldModel,
		prefix = 'custom_fields',
	): Map<string, CustomValue> | undefined {
		const list = v.array(prefix, input);
		if (!list) return undefined;
		const values = new Map<string, CustomValue>();
		list.forEach((item, i) => {
			const at = `${prefix}.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			if (!v.required(`${at}.uuid`, item.uuid)) return;
			const field = this.customFields.find((f) => f.uuid === item.uuid && f.model === model);
			if (!field) return v.invalid(`${at}.uuid`);
			const value = item.value as CustomValue;
			if (field.type === 'select' && value !== null && value !== undefined) {
				const chosen = Array.isArray(value) ? value : [value];
				const known = field.options.map((o) => o.value);
				if (chosen.some((c) => !known.includes(String(c)))) return v.invalid(`${at}.value`);
				values.set(field.uuid, chosen.map(String));
				return;
			}
			values.set(field.uuid, value ?? null);
		});
		return values;
	}
}
