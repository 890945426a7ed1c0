/**
 * The SalesDrive catalog: products with their stock balances (`/product-handler/`) and
 * categories (`/category-handler/`). Products are keyed by the caller's `id` (its parameter).
 */
import { SalesDriveInputError, type SdProduct } from './model';
import { listOf, objectOf } from './query';
import { SalesDriveState } from './state';
import { accountDateTime } from './time';
import { type Input, numberOf, round2, text } from './values';

/** The most products one product-handler call takes. */
export const MAX_PRODUCTS_PER_REQUEST = 100;

/** A deep copy of JSON data (undefined stays undefined). */
const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Puts `entry` in place of the first item `sameKey` picks, or at the end when none. */
function replaceOrAdd<T>(list: T[], entry: T, sameKey: (item: T) => boolean): void {
	const at = list.findIndex(sameKey);
	if (at >= 0) list[at] = entry;
	else list.push(entry);
}

export abstract class SalesDriveCatalogStore extends SalesDriveState {
	/** The first product with this sku. */
	protected findProductBySku(sku: string): SdProduct | undefined {
		for (const product of this.products.values()) if (product.sku === sku) return product;
		return undefined;
	}

	/**
	 * `POST /product-handler/` with `action: "update"`: adds or updates by `id`. Fields left out
	 * keep their values; on an existing product the fields named in `dontUpdateFields` keep theirs
	 * too (`price` stands for `costPerItem`). `stockBalanceByStock` changes the named stocks only,
	 * and the total follows. All-or-nothing: one bad product refuses the whole call.
	 */
	upsertProducts(items: unknown, dontUpdateFields: unknown, at: Date = new Date()): string {
		const list = this.productBatch(items);
		const keep = new Set(listOf(dontUpdateFields));
		if (keep.has('price')) keep.add('costPerItem');
		const now = accountDateTime(at);
		const prepared = list.map((item, index) => this.prepareProduct(item, index));
		const messages: string[] = [];
		for (const { id, fields } of prepared) {
			const existing = this.products.get(id);
			const product: SdProduct = existing ?? {
				id,
				productId: this.next.product++,
				name: '',
				sku: '',
				costPerItem: 0,
				currency: this.directories.baseCurrency,
				stockBalance: 0,
				stockBalanceByStock: {},
				additionalPrices: [],
				params: [],
				category: null,
				createdAt: now,
				updatedAt: now,
			};
			const skip = existing ? keep : new Set<string>();
			for (const [field, value] of Object.entries(fields)) {
				if (skip.has(field) || field === 'labelMode' || field === 'paramsMode') continue;
				this.applyProductField(product, field, value, fields);
			}
			product.updatedAt = now;
			this.products.set(id, product);
			messages.push(`product[${id}] successfully ${existing ? 'updated' : 'added'}.`);
		}
		return messages.join(' ');
	}

	/** `POST /product-handler/` with `action: "delete"`. */
	deleteProducts(items: unknown): string {
		const list = this.productBatch(items);
		return list
			.map((item, index) => {
				const id = text(objectOf(item)?.id);
				if (id === null) throw new SalesDriveInputError(`product[${index}]: id is required`);
				return id;
			})
			.map((id) => (this.products.delete(id) ? `product[${id}] successfully deleted.` : `product[${id}] not found.`))
			.join(' ');
	}

	private productBatch(items: unknown): unknown[] {
		if (!Array.isArray(items) || items.length === 0)
			throw new SalesDriveInputError('product must be a non-empty array');
		if (items.length > MAX_PRODUCTS_PER_REQUEST) {
			throw new SalesDriveInputError(
				`Too many products in one request: ${items.length} (at most ${MAX_PRODUCTS_PER_REQUEST})`,
			);
		}
		return items;
	}

	/** Checks one product of a batch before anything is written. */
	private prepareProduct(item: unknown, index: number): { id: string; fields: Input } {
		const fields = objectOf(item);
		if (!fields) throw new SalesDriveInputError(`product[${index}] must be an object`);
		const id = text(fields.id);
		if (id === null) throw new SalesDriveInputError(`product[${index}]: id is required`);
		if (!this.products.has(id) && text(fields.name) === null) {
			throw new SalesDriveInputError(`product[${id}]: name is required for a new product`);
		}
		for (const field of ['costPerItem', 'stockBalance', 'expenses']) {
			if (fields[field] !== undefined && fields[field] !== null) numberOf(fields[field], `product[${id}].${field}`);
		}
		if (fields.stockBalanceByStock !== undefined) {
			const byStock = objectOf(fields.stockBalanceByStock);
			if (!byStock)
				throw new SalesDriveInputError(`product[${id}].stockBalanceByStock must be {"<stock id>": quantity}`);
			for (const [stock, quantity] of Object.entries(byStock)) {
				numberOf(quantity, `product[${id}].stockBalanceByStock["${stock}"]`);
			}
		}
		for (const field of ['additionalPrices', 'params', 'images', 'set', 'label']) {
			if (fields[field] !== undefined && !Array.isArray(fields[field])) {
				throw new SalesDriveInputError(`product[${id}].${field} must be an array`);
			}
		}
		const { id: _ignored, ...rest } = fields;
		return { id, fields: rest };
	}

	private applyProductField(product: SdProduct, field: string, value: unknown, all: Input): void {
		switch (field) {
			case 'costPerItem':
				product.costPerItem = numberOf(value, 'costPerItem');
				return;
			case 'stockBalanceByStock': {
				for (const [stock, quantity] of Object.entries(objectOf(value) ?? {})) {
					product.stockBalanceByStock[stock] = numberOf(quantity, 'stock quantity');
				}
				product.stockBalance = round2(Object.values(product.stockBalanceByStock).reduce((sum, q) => sum + q, 0));
				return;
			}
			case 'stockBalance':
				// a total sent next to per-stock quantities is derived from them instead
				if (all.stockBalanceByStock === undefined) product.stockBalance = numberOf(value, 'stockBalance');
				return;
			case 'category': {
				const category = objectOf(value);
				if (!category) {
					product.category = null;
					return;
				}
				const id = text(category.id) ?? text(category.name) ?? '';
				const known = this.categories.get(id);
				const name = text(category.name) ?? known?.name ?? id;
				if (!known) this.categories.set(id, { id, name, parentId: null });
				product.category = { id, name };
				return;
			}
			case 'additionalPrices': {
				// a price type sent replaces that type; other types stay
				for (const price of value as Input[]) {
					const entry = copy(price) as SdProduct['additionalPrices'][number];
					replaceOrAdd(product.additionalPrices, entry, (p) => p.priceType === entry.priceType);
				}
				return;
			}
			case 'params': {
				const params = copy(value) as SdProduct['params'];
				if (all.paramsMode !== 'add') {
					product.params = params;
					return;
				}
				for (const param of params) replaceOrAdd(product.params, param, (p) => p.name === param.name);
				return;
			}
			case 'label': {
				const labels = copy(value) as unknown[];
				const current = Array.isArray(product.label) ? (product.label as unknown[]) : [];
				product.label = all.labelMode === 'add' ? [...current, ...labels.filter((l) => !current.includes(l))] : labels;
				return;
			}
			case 'name':
			case 'sku':
				product[field] = text(value) ?? '';
				return;
			case 'parentProductId':
				product.parentProductId = text(value);
				return;
			default:
				product[field] = copy(value);
		}
	}

	/** `POST /category-handler/`. */
	changeCategories(action: unknown, items: unknown): string {
		if (!Array.isArray(items) || items.length === 0)
			throw new SalesDriveInputError('category must be a non-empty array');
		const prepared = items.map((item, index) => {
			const fields = objectOf(item);
			const id = text(fields?.id);
			if (!fields || id === null) throw new SalesDriveInputError(`category[${index}]: id is required`);
			if (action !== 'delete' && !this.categories.has(id) && text(fields.name) === null) {
				throw new SalesDriveInputError(`category[${id}]: name is required for a new category`);
			}
			return { id, fields };
		});
		if (action === 'delete') {
			return prepared
				.map(({ id }) =>
					this.categories.delete(id) ? `category[${id}] successfully deleted.` : `category[${id}] not found.`,
				)
				.join(' ');
		}
		if (action !== 'update' && action !== 'add')
			throw new SalesDriveInputError(`Unknown action ${JSON.stringify(action)}`);
		return prepared
			.map(({ id, fields }) => {
				const existing = this.categories.get(id);
				const parent = fields.parentId === undefined ? (existing?.parentId ?? null) : text(fields.parentId);
				this.categories.set(id, {
					id,
					name: text(fields.name) ?? existing?.name ?? id,
					parentId: parent === '0' ? null : parent,
				});
				for (const product of this.products.values()) {
					if (product.category?.id === id) product.category = { id, name: this.categories.get(id)!.name };
				}
				return `category[${id}] successfully ${existing ? 'updated' : 'added'}.`;
			})
			.join(' ');
	}
}
