/**
 * The SalesDrive sandbox's data: plain in-memory structures that tests may read directly, the
 * indexes and caches kept beside them, and an order's money, which every domain reads. The
 * operations are written in layers on top of this class, one module per domain (see store.ts).
 */
import type {
	SdCategory,
	SdCheck,
	SdContact,
	SdCurrency,
	SdCustomField,
	SdMethod,
	SdOrder,
	SdOrganization,
	SdPayment,
	SdProduct,
	SdSite,
	SdStatus,
	SdUser,
	SdWarehouse,
} from './model';
import { round2, text } from './values';

/** Directory values of an account: what the `/api/statuses/`-style endpoints return and payloads refer to. */
export interface SalesDriveDirectories {
	statuses: SdStatus[];
	paymentMethods: SdMethod[];
	deliveryMethods: SdMethod[];
	users: SdUser[];
	sites: SdSite[];
	organizations: SdOrganization[];
	warehouses: SdWarehouse[];
	customFields: SdCustomField[];
	currencies: SdCurrency[];
	baseCurrency: string;
}

/** Where every id sequence starts in an empty store. */
const FIRST_IDS = { order: 1, product: 1, contact: 1, note: 1, payment: 1, check: 1, site: 1 };

type IdSequences = typeof FIRST_IDS;

export abstract class SalesDriveState {
	directories!: SalesDriveDirectories;
	products = new Map<string, SdProduct>();
	categories = new Map<string, SdCategory>();
	contacts = new Map<number, SdContact>();
	/** ascending by id, the order they were created in */
	orders: SdOrder[] = [];
	payments: SdPayment[] = [];
	checks: SdCheck[] = [];

	protected ordersById = new Map<number, SdOrder>();
	private amountsCache = new WeakMap<SdOrder, { version: number; amounts: OrderAmounts }>();
	/** bumped by every order change, for caches spanning orders */
	protected revision = 0;
	protected countersCache = new Map<number, { revision: number; counters: Record<string, number> }>();
	protected contactsByPhone = new Map<string, number>();
	protected next: IdSequences = { ...FIRST_IDS };

	/** Empties the store: no directory values, no records, numbering from the start. */
	protected clear(): void {
		this.directories = {
			statuses: [],
			paymentMethods: [],
			deliveryMethods: [],
			users: [],
			sites: [],
			organizations: [],
			warehouses: [],
			customFields: [],
			currencies: [],
			baseCurrency: 'UAH',
		};
		this.products.clear();
		this.categories.clear();
		this.contacts.clear();
		this.contactsByPhone.clear();
		this.orders = [];
		this.ordersById.clear();
		this.countersCache.clear();
		this.revision++;
		this.payments = [];
		this.checks = [];
		this.next = { ...FIRST_IDS };
	}

	/** Where numbering continues (demo data starts ids at realistic values). */
	startIdsAt(ids: Partial<IdSequences>): void {
		this.next = { ...this.next, ...ids };
	}

	counts() {
		return {
			orders: this.orders.length,
			products: this.products.size,
			categories: this.categories.size,
			contacts: this.contacts.size,
			payments: this.payments.length,
			checks: this.checks.length,
			notes: this.orders.reduce((sum, order) => sum + order.notes.length, 0),
		};
	}

	/** Money of an order, derived from its lines the way the list's amount fields present it. */
	amounts(order: SdOrder): OrderAmounts {
		// lines never change; everything else that counts bumps the version
		const cached = this.amountsCache.get(order);
		if (cached && cached.version === order.version) return cached.amounts;
		const amounts = computeAmounts(order);
		this.amountsCache.set(order, { version: order.version, amounts });
		return amounts;
	}

	getOrder(id: number): SdOrder | undefined {
		return this.ordersById.get(id);
	}

	/** By SalesDrive id, or by the caller's externalId (the newest order carrying it). */
	findOrder(ref: { id?: unknown; externalId?: unknown }): SdOrder | undefined {
		if (ref.id !== undefined && ref.id !== null && ref.id !== '') return this.ordersById.get(Number(ref.id));
		const externalId = text(ref.externalId);
		if (externalId === null) return undefined;
		for (let i = this.orders.length - 1; i >= 0; i--)
			if (this.orders[i].externalId === externalId) return this.orders[i];
		return undefined;
	}

	/** Marks a change: a new version and a fresh updateAt. */
	protected touch(order: SdOrder, at: string): void {
		this.revision++;
		order.version++;
		order.updateAt = at;
	}
}

/** An order's money from its lines: discounts and commissions are per unit, a percentage of the price or an amount. */
function computeAmounts(order: SdOrder) {
	let paymentAmount = 0;
	let discountAmount = 0;
	let commissionAmount = order.commission;
	let costPriceAmount = 0;
	for (const line of order.lines) {
		// a discount or commission is per unit: a percentage of the price or an amount
		const unitDiscount = line.percentDiscount ? (line.price * line.discount) / 100 : line.discount;
		const unitCommission = line.percentCommission ? (line.price * line.commission) / 100 : line.commission;
		paymentAmount += (line.price - unitDiscount) * line.amount;
		discountAmount += unitDiscount * line.amount;
		commissionAmount += unitCommission * line.amount;
		costPriceAmount += line.costPrice * line.amount;
	}
	if (order.costPrice !== null) costPriceAmount = order.costPrice;
	const expensesAmount = order.shippingCosts;
	return {
		paymentAmount: round2(paymentAmount),
		costPriceAmount: round2(costPriceAmount),
		commissionAmount: round2(commissionAmount),
		expensesAmount: round2(expensesAmount),
		profitAmount: round2(paymentAmount - costPriceAmount - commissionAmount - expensesAmount),
		discountAmount: round2(discountAmount),
		payedAmount: round2(order.payedAmount),
		restPay: round2(paymentAmount - order.payedAmount),
	};
}

type OrderAmounts = ReturnType<typeof computeAmounts>;
