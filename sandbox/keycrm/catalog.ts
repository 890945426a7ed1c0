/**
 * The KeyCRM catalog: products, their offers (variants; a product without variants sells through
 * one offer), offer prices and dimensions, and stock set per warehouse.
 */
import { KeyCrmBuyerStore } from './buyers';
import { nowSeconds } from './format';
import type { CategoryRecord, OfferRecord, ProductRecord } from './records';
import { type Dict, isDict, isPresent, strOrNull, validateElement, Validator } from './validation';

function readDimensions(v: Validator, at: string, item: Dict) {
	const field = (name: string) => (at ? `${at}.${name}` : name);
	return {
		price: v.number(field('price'), item.price, { min: 0 }),
		purchased_price: v.number(field('purchased_price'), item.purchased_price, { min: 0 }),
		weight: v.number(field('weight'), item.weight, { min: 0 }),
		length: v.number(field('length'), item.length, { min: 0 }),
		width: v.number(field('width'), item.width, { min: 0 }),
		height: v.number(field('height'), item.height, { min: 0 }),
	};
}

type Dimensions = ReturnType<typeof readDimensions>;

export abstract class KeyCrmCatalogStore extends KeyCrmBuyerStore {
	createProduct(input: Dict): ProductRecord {
		return this.prepareProduct(input)();
	}

	/** `POST /products/import`: up to 100 products, all or none. */
	importProducts(input: Dict): ProductRecord[] {
		const v = new Validator();
		v.required('products', input.products);
		const list = v.array('products', input.products, 100) ?? [];
		const skus = new Set<string>();
		const inserts = list.map((item, i) => {
			if (!isDict(item)) return v.add(`products.${i}`, `The products.${i} must be an array.`);
			const sku = isPresent(item.sku) ? String(item.sku) : undefined;
			if (sku !== undefined && skus.has(sku)) v.taken(`products.${i}.sku`);
			if (sku !== undefined) skus.add(sku);
			return validateElement(v, `products.${i}`, () => this.prepareProduct(item));
		});
		v.throwIfFailed();
		return inserts.map((insert) => insert!());
	}

	/** Validates a new product; the returned function inserts it. */
	private prepareProduct(input: Dict): () => ProductRecord {
		const v = new Validator();
		const now = nowSeconds();
		v.required('name', input.name);
		const name = v.string('name', input.name);
		const description = v.string('description', input.description, 65535);
		const pictures = v.array('pictures', input.pictures, 6);
		const currency = v.string('currency_code', input.currency_code, 3);
		const sku = v.string('sku', input.sku);
		if (sku !== undefined && this.offerBySku(sku)) v.taken('sku');
		const barcode = v.string('barcode', input.barcode);
		const unitType = v.string('unit_type', input.unit_type);
		const dims = readDimensions(v, '', input);
		const category = isPresent(input.category_id)
			? v.exists('category_id', input.category_id, (id) => this.category(id))
			: undefined;
		const custom = this.readCustomFields(v, input.custom_fields, 'crm_product');
		v.throwIfFailed();
		return () => {
			const product = this.insertProduct({
				id: this.nextId('product'),
				name: name!,
				description: description ?? null,
				pictures: (pictures ?? []).map(String),
				unit_type: unitType ?? null,
				currency_code: currency ?? 'UAH',
				category_id: category?.id ?? null,
				has_offers: false,
				is_archived: false,
				offerIds: [],
				custom: custom ?? new Map(),
				created_at: now,
				updated_at: now,
			});
			// a product without variants still sells through one offer carrying its sku and price
			this.insertOffer({
				...newOffer(product.id, sku ?? null, barcode ?? null, dims, now),
				id: this.nextId('offer'),
				image_url: product.pictures[0] ?? null,
			});
			return product;
		};
	}

	/**
	 * `PUT /products/{id}`: the product's own fields; sku, barcode, price and dimensions go to its
	 * one offer while it has no variants (KeyCRM keeps them on the variants otherwise).
	 */
	updateProduct(id: number, input: Dict): ProductRecord {
		const product = this.getProduct(id);
		const v = new Validator();
		const name = v.string('name', input.name);
		if ('name' in input && !isPresent(input.name)) v.required('name', input.name);
		const description = v.string('description', input.description, 65535);
		const pictures = v.array('pictures', input.pictures, 6);
		const currency = v.string('currency_code', input.currency_code, 3);
		const unitType = v.string('unit_type', input.unit_type);
		const [single] = product.has_offers ? [] : product.offerIds.map((offerId) => this.offers.get(offerId)!);
		const sku = v.string('sku', input.sku);
		if (sku !== undefined) {
			const owner = this.offerBySku(sku);
			if (owner && owner !== single) v.taken('sku');
		}
		const barcode = v.string('barcode', input.barcode);
		const dims = readDimensions(v, '', input);
		const category = isPresent(input.category_id)
			? v.exists('category_id', input.category_id, (categoryId) => this.category(categoryId))
			: undefined;
		const custom = this.readCustomFields(v, input.custom_fields, 'crm_product');
		v.throwIfFailed();
		const now = nowSeconds();
		if (name !== undefined) product.name = name;
		if ('description' in input) product.description = description ?? null;
		if (pictures) product.pictures = pictures.map(String);
		if (currency !== undefined) product.currency_code = currency;
		if ('unit_type' in input) product.unit_type = unitType ?? null;
		if (category) product.category_id = category.id;
		for (const [uuid, value] of custom ?? []) product.custom.set(uuid, value);
		if (single) {
			const offer = single;
			if (sku !== undefined) this.renameOfferSku(offer, sku);
			if (barcode !== undefined) offer.barcode = barcode;
			for (const key of ['price', 'purchased_price', 'weight', 'length', 'width', 'height'] as const) {
				if (dims[key] !== undefined) offer[key] = dims[key];
			}
			offer.updated_at = now;
		}
		product.updated_at = now;
		return product;
	}

	/** `POST /products/categories` */
	createCategory(input: Dict): CategoryRecord {
		const v = new Validator();
		v.required('name', input.name);
		const name = v.string('name', input.name);
		const parent = isPresent(input.parent_id)
			? v.exists('parent_id', input.parent_id, (parentId) => this.category(parentId))
			: undefined;
		if (name !== undefined && this.categories.some((c) => c.name === name && c.parent_id === (parent?.id ?? null)))
			v.taken('name');
		v.throwIfFailed();
		const category: CategoryRecord = {
			id: Math.max(0, ...this.categories.map((c) => c.id)) + 1,
			name: name!,
			parent_id: parent?.id ?? null,
		};
		this.categories.push(category);
		return category;
	}

	/** `POST /products/{id}/offers`: adds variants (at most 100); KeyCRM answers 400 on bad input here. */
	addProductOffers(productId: number, input: Dict): void {
		const product = this.getProduct(productId);
		const v = new Validator(400);
		const now = nowSeconds();
		v.required('offers', input.offers);
		const list = v.array('offers', input.offers, 100) ?? [];
		const seen = new Set<string>();
		const fresh: OfferRecord[] = [];
		list.forEach((item, i) => {
			const at = `offers.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const sku = v.string(`${at}.sku`, item.sku);
			if (sku !== undefined && (this.offerBySku(sku) || seen.has(sku))) v.taken(`${at}.sku`);
			if (sku !== undefined) seen.add(sku);
			const dims = readDimensions(v, at, item);
			const properties = (v.array(`${at}.properties`, item.properties) ?? []).filter(isDict);
			fresh.push({
				...newOffer(product.id, sku ?? null, strOrNull(item.barcode), dims, now),
				image_url: strOrNull(item.image_url),
				properties: properties.map((p) => ({ name: String(p.name ?? ''), value: String(p.value ?? '') })),
			});
		});
		v.throwIfFailed();
		if (!product.has_offers) {
			// the placeholder offer of a simple product gives way to the variants when it never carried a sku
			const [only] = product.offerIds.map((id) => this.offers.get(id)!);
			if (only && !only.sku && only.stocks.size === 0) {
				this.offers.delete(only.id);
				product.offerIds = [];
			}
			product.has_offers = true;
		}
		for (const offer of fresh) this.insertOffer({ ...offer, id: this.nextId('offer') });
		product.updated_at = now;
	}

	/** Finds the offer an item of `PUT /offers` or `PUT /offers/stocks` names by id or sku. */
	private offerFor(v: Validator, at: string, item: Dict): OfferRecord | undefined {
		if (!v.requiredWithout(`${at}.id`, item.id, `${at}.sku`, item.sku)) return undefined;
		if (isPresent(item.id)) return v.exists(`${at}.id`, item.id, (id) => this.offers.get(id));
		const offer = this.offerBySku(String(item.sku));
		if (!offer) v.invalid(`${at}.sku`);
		return offer;
	}

	/** `PUT /offers`: prices and dimensions of variants; all or nothing. */
	updateOffers(input: Dict): void {
		const v = new Validator();
		v.required('offers', input.offers);
		const list = v.array('offers', input.offers, this.maxBatchItems) ?? [];
		const changes: Array<{ offer: OfferRecord; item: Dict; dims: Dimensions }> = [];
		list.forEach((item, i) => {
			const at = `offers.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const offer = this.offerFor(v, at, item);
			const dims = readDimensions(v, at, item);
			v.string(`${at}.image_url`, item.image_url, 2000);
			if (offer) changes.push({ offer, item, dims });
		});
		v.throwIfFailed();
		const now = nowSeconds();
		for (const { offer, item, dims } of changes) {
			if (dims.price !== undefined) offer.price = dims.price;
			if (dims.purchased_price !== undefined) offer.purchased_price = dims.purchased_price;
			if (dims.weight !== undefined) offer.weight = dims.weight;
			if (dims.length !== undefined) offer.length = dims.length;
			if (dims.width !== undefined) offer.width = dims.width;
			if (dims.height !== undefined) offer.height = dims.height;
			if (isPresent(item.image_url)) offer.image_url = String(item.image_url);
			offer.updated_at = now;
		}
	}

	/** `PUT /offers/stocks`: brings each offer's balance on the warehouse to the given quantity. */
	setStocks(input: Dict): void {
		const v = new Validator();
		v.required('warehouse_id', input.warehouse_id);
		const warehouse = v.exists('warehouse_id', input.warehouse_id, (id) => this.warehouse(id));
		v.required('stocks', input.stocks);
		const list = v.array('stocks', input.stocks, this.maxBatchItems) ?? [];
		const changes: Array<{ offer: OfferRecord; quantity: number }> = [];
		list.forEach((item, i) => {
			const at = `stocks.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const offer = this.offerFor(v, at, item);
			v.required(`${at}.quantity`, item.quantity);
			const quantity = v.number(`${at}.quantity`, item.quantity, { min: 0 });
			if (offer && quantity !== undefined) changes.push({ offer, quantity });
		});
		v.throwIfFailed();
		const now = nowSeconds();
		for (const { offer, quantity } of changes) {
			const stock = offer.stocks.get(warehouse!.id);
			if (stock) stock.quantity = quantity;
			else offer.stocks.set(warehouse!.id, { quantity, reserve: 0 });
			offer.updated_at = now;
		}
	}
}

/** A new offer (variant) with the given identity and dimensions, no stock, not archived; id 0 until inserted. */
function newOffer(
	productId: number,
	sku: string | null,
	barcode: string | null,
	dims: ReturnType<typeof readDimensions>,
	now: number,
): OfferRecord {
	return {
		id: 0,
		product_id: productId,
		sku,
		barcode,
		price: dims.price ?? 0,
		purchased_price: dims.purchased_price ?? 0,
		weight: dims.weight ?? null,
		length: dims.length ?? null,
		width: dims.width ?? null,
		height: dims.height ?? null,
		image_url: null,
		properties: [],
		is_archived: false,
		stocks: new Map(),
		created_at: now,
		updated_at: now,
	};
}
