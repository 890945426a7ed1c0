/**
 * The SalesDrive sandbox's data and the operations the API performs on it. Plain in-memory
 * structures that tests may read directly; the HTTP layer (server.ts) only translates requests
 * and replies. Operations take the time they happen at, so demo data can be built in the past.
 *
 * The store is one class written in layers, one module per domain, each extending the one before
 * so that every layer can use what those below it hold:
 * state.ts (data, indexes, an order's money) → catalog.ts (products, categories) →
 * directories.ts (directory values, contacts) → orders.ts → payments.ts (payments, receipts).
 */
import { SalesDrivePaymentStore } from './payments';

export { MAX_PRODUCTS_PER_REQUEST } from './catalog';
export { type ListResult, MAX_PAGE_SIZE, type Pagination } from './lists';
export type { SalesDriveDirectories } from './state';
export { normalizePhone } from './values';

export class SalesDriveStore extends SalesDrivePaymentStore {
	/** `fill` puts the demo data in (see demo.ts); an empty store otherwise. */
	constructor(private readonly fill?: (store: SalesDriveStore) => void) {
		super();
		this.reset();
	}

	/** Back to the demo data (or empty), built relative to now. */
	reset(): void {
		this.clear();
		this.fill?.(this);
	}
}
