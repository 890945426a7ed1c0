/**
 * KeyCRM buyers (clients): `POST /buyer`, `PUT /buyer/{id}`, and the buyer a new order names,
 * found by phone or email or else created; companies (`POST /companies`, `PUT /companies/{id}`)
 * that buyers belong to.
 */
import { nowSeconds, samePhone } from './format';
import type { BuyerRecord, BuyerShipping, CompanyRecord } from './records';
import { KeyCrmState } from './state';
import { type Dict, isDict, KeyCrmError, Validator } from './validation';

function readBuyerShipping(v: Validator, input: unknown): BuyerShipping[] | undefined {
	const list = v.array('shipping', input);
	if (!list) return undefined;
	const text = (item: Dict, key: string) => (item[key] === undefined || item[key] === null ? null : String(item[key]));
	return list.filter(isDict).map((item) => ({
		address: text(item, 'address'),
		additional_address: text(item, 'additional_address'),
		city: text(item, 'city'),
		region: text(item, 'region'),
		zip_code: text(item, 'zip_code'),
		country: text(item, 'country'),
		recipient_full_name: text(item, 'recipient_full_name'),
		recipient_phone: text(item, 'recipient_phone'),
		warehouse_ref: text(item, 'warehouse_ref'),
		shipping_service: text(item, 'shipping_service'),
	}));
}

export abstract class KeyCrmBuyerStore extends KeyCrmState {
	/** The fields of `POST /buyer` and `PUT /buyer/{id}` (full_name is required on both, as the spec says). */
	private readBuyer(input: Dict) {
		const v = new Validator();
		v.required('full_name', input.full_name);
		const fullName = v.string('full_name', input.full_name);
		const emails = v.array('email', input.email);
		emails?.forEach((email, i) => v.email(`email.${i}`, email));
		const phones = v.array('phone', input.phone);
		phones?.forEach((phone, i) => v.string(`phone.${i}`, phone, 20));
		const birthday = v.string('birthday', input.birthday);
		if (birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthday))
			v.add('birthday', 'The birthday does not match the format Y-m-d.');
		const note = v.string('note', input.note, 2000);
		const discount = v.number('discount', input.discount, { min: 0, max: 100 });
		v.exists('manager_id', input.manager_id, (id) => this.user(id));
		v.exists('company_id', input.company_id, (id) => this.companies.get(id));
		const shipping = readBuyerShipping(v, input.shipping);
		const custom = this.readCustomFields(v, input.custom_fields, 'client');
		v.throwIfFailed();
		return {
			full_name: fullName!,
			email: emails?.map(String),
			phone: phones?.map(String),
			birthday,
			note,
			discount,
			company_id:
				input.company_id === undefined ? undefined : input.company_id === null ? null : Number(input.company_id),
			manager_id: input.manager_id === undefined ? undefined : Number(input.manager_id),
			shipping,
			custom,
		};
	}

	createBuyer(input: Dict): BuyerRecord {
		return this.insertNewBuyer(this.readBuyer(input));
	}

	/**
	 * `POST /buyer/import`: all or none. The spec answers a refused import with 400
	 * `{"status": false}` and no field errors, so neither does the sandbox.
	 */
	importBuyers(input: Dict, maxItems: number): BuyerRecord[] {
		const list = input.buyers;
		if (!Array.isArray(list) || list.length === 0 || list.length > maxItems || !list.every(isDict))
			throw new KeyCrmError(400, 'Bad Request', undefined, { status: false });
		const rows: Array<ReturnType<KeyCrmBuyerStore['readBuyer']>> = [];
		for (const item of list) {
			try {
				rows.push(this.readBuyer(item));
			} catch (error) {
				if (error instanceof KeyCrmError) throw new KeyCrmError(400, 'Bad Request', undefined, { status: false });
				throw error;
			}
		}
		return rows.map((data) => this.insertNewBuyer(data));
	}

	private insertNewBuyer(data: ReturnType<KeyCrmBuyerStore['readBuyer']>): BuyerRecord {
		const now = nowSeconds();
		return this.insertBuyer({
			id: this.nextId('buyer'),
			full_name: data.full_name,
			birthday: data.birthday ?? null,
			email: data.email ?? [],
			phone: data.phone ?? [],
			note: data.note ?? null,
			discount: data.discount ?? 0,
			company_id: data.company_id ?? null,
			manager_id: data.manager_id ?? null,
			shipping: data.shipping ?? [],
			custom: data.custom ?? new Map(),
			created_at: now,
			updated_at: now,
		});
	}

	updateBuyer(id: number, input: Dict): BuyerRecord {
		const buyer = this.getBuyer(id);
		const data = this.readBuyer(input);
		buyer.full_name = data.full_name;
		if (data.email) buyer.email = data.email;
		if (data.phone) buyer.phone = data.phone;
		if ('birthday' in input) buyer.birthday = data.birthday ?? null;
		if ('note' in input) buyer.note = data.note ?? null;
		if (data.discount !== undefined) buyer.discount = data.discount;
		if (data.company_id !== undefined) buyer.company_id = data.company_id;
		if (data.manager_id !== undefined) buyer.manager_id = data.manager_id;
		if (data.shipping) buyer.shipping = data.shipping;
		for (const [uuid, value] of data.custom ?? []) buyer.custom.set(uuid, value);
		buyer.updated_at = nowSeconds();
		return buyer;
	}

	/** The buyer an order's `buyer{full_name, email, phone}` names: an existing one by phone or email, else a new one. */
	protected buyerForOrder(input: { full_name: string; email?: string; phone?: string }, now: number): BuyerRecord {
		for (const buyer of this.buyers.values()) {
			if (input.phone && buyer.phone.some((p) => samePhone(p, input.phone!))) return buyer;
			if (input.email && buyer.email.some((e) => e.toLowerCase() === input.email!.toLowerCase())) return buyer;
		}
		return this.insertBuyer({
			id: this.nextId('buyer'),
			full_name: input.full_name,
			birthday: null,
			email: input.email ? [input.email] : [],
			phone: input.phone ? [input.phone] : [],
			note: null,
			discount: 0,
			company_id: null,
			manager_id: null,
			shipping: [],
			custom: new Map(),
			created_at: now,
			updated_at: now,
		});
	}

	/** The fields of `POST /companies` and `PUT /companies/{id}` (name is required on both). */
	private readCompany(input: Dict) {
		const v = new Validator();
		v.required('name', input.name);
		const name = v.string('name', input.name);
		const title = v.string('title', input.title);
		const bankAccount = v.string('bank_account', input.bank_account, 34);
		const notes = v.string('notes', input.notes, 2000);
		const manager = v.exists('manager_id', input.manager_id, (id) => this.user(id));
		const buyerIds = v.array('buyer_id', input.buyer_id) ?? [];
		const buyers = buyerIds.map((id, i) => v.exists(`buyer_id.${i}`, id, (n) => this.buyers.get(n)));
		const custom = this.readCustomFields(v, input.custom_fields, 'company');
		v.throwIfFailed();
		return { name: name!, title, bankAccount, notes, manager, buyers: buyers.filter((b) => b !== undefined), custom };
	}

	createCompany(input: Dict): CompanyRecord {
		const data = this.readCompany(input);
		const now = nowSeconds();
		const company: CompanyRecord = {
			id: this.nextId('company'),
			name: data.name,
			title: data.title ?? null,
			notes: data.notes ?? null,
			bank_account: data.bankAccount ?? null,
			manager_id: data.manager?.id ?? null,
			custom: data.custom ?? new Map(),
			created_at: now,
			updated_at: now,
		};
		this.companies.set(company.id, company);
		for (const buyer of data.buyers) buyer.company_id = company.id;
		return company;
	}

	updateCompany(id: number, input: Dict): CompanyRecord {
		const company = this.getCompany(id);
		const data = this.readCompany(input);
		company.name = data.name;
		if ('title' in input) company.title = data.title ?? null;
		if ('notes' in input) company.notes = data.notes ?? null;
		if ('bank_account' in input) company.bank_account = data.bankAccount ?? null;
		if (data.manager) company.manager_id = data.manager.id;
		for (const buyer of data.buyers) buyer.company_id = company.id;
		for (const [uuid, value] of data.custom ?? []) company.custom.set(uuid, value);
		company.updated_at = nowSeconds();
		return company;
	}
}
