/**
 * KeyCRM buyers (clients): `POST /buyer`, `PUT /buyer/{id}`, and the buyer a new order names,
 * found by phone or email or else created.
 */
import { nowSeconds, samePhone } from './format';
import type { BuyerRecord, BuyerShipping } from './records';
import { KeyCrmState } from './state';
import { type Dict, isDict, Validator } from './validation';

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
			company_id: input.company_id === undefined ? undefined : (input.company_id as number | null),
			manager_id: input.manager_id === undefined ? undefined : Number(input.manager_id),
			shipping,
			custom,
		};
	}

	createBuyer(input: Dict): BuyerRecord {
		const data = this.readBuyer(input);
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
}
