/**
 * The KeyCRM sandbox's data and the rules of its writes: validation with Laravel-style errors,
 * totals and payment status derived the way KeyCRM derives them, stock set per warehouse. Times
 * are kept as epoch milliseconds (whole seconds, UTC) and formatted by the views.
 *
 * The store is one class written in layers, one module per domain, each extending the one before
 * so that every layer can use what those below it hold: state.ts (data, lookups, inserts) →
 * buyers.ts → catalog.ts (products, offers, stock) → payments.ts → orders.ts → storage.ts (files) →
 * orderExtras.ts (expenses, tags, bank transactions) → pipelines.ts (pipelines, cards, calls). totals.ts derives
 * money from the records.
 */
import { KeyCrmPipelineStore } from './pipelines';

export * from './records';
export { emptyShipping } from './orders';
export { DEFAULT_MAX_BATCH_ITEMS } from './state';
export { lineUnitPrice, offerQuantity, orderTotals } from './totals';
export { KeyCrmError, strOrNull } from './validation';

export class KeyCrmStore extends KeyCrmPipelineStore {
	/** `seed` fills a cleared store (the demo data); `reset()` calls it again. */
	constructor(private readonly seed: (store: KeyCrmStore) => void = () => {}) {
		super();
		this.reset();
	}

	reset(): void {
		this.clear();
		this.seed(this);
	}
}
