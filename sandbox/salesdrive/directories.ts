/**
 * What SalesDrive orders refer to: the account's directory values (statuses, methods, managers,
 * sites, custom fields), as payloads name them and as `meta.fields` describes them, and the
 * contacts orders are linked to.
 */
import { SalesDriveCatalogStore } from './catalog';
import { SalesDriveInputError, type SdContact, type SdMethod, type SdOrder } from './model';
import { listOf } from './query';
import { type Input, normalizePhone, round2, text } from './values';

export abstract class SalesDriveDirectoryStore extends SalesDriveCatalogStore {
	protected deletedStatusIds(): Set<number> {
		return new Set(this.directories.statuses.filter((status) => status.type === 4).map((status) => status.id));
	}

	/** A payment/delivery method named by name, parameter or id; undefined when unknown. */
	protected method(list: SdMethod[], value: unknown): SdMethod | undefined {
		const wanted = text(value);
		if (wanted === null) return undefined;
		const lower = wanted.toLowerCase();
		return list.find(
			(method) =>
				method.parameter.toLowerCase() === lower || method.name.toLowerCase() === lower || String(method.id) === wanted,
		);
	}

	/** Sites are select values SalesDrive adds as orders arrive from them. */
	protected siteId(value: unknown): number | null {
		const name = text(value);
		if (name === null) return null;
		const known = this.directories.sites.find((site) => site.name === name || String(site.id) === name);
		if (known) return known.id;
		const site = { id: this.next.site++, name };
		this.directories.sites.push(site);
		return site.id;
	}

	protected userId(value: unknown): number | null {
		if (value === undefined || value === null || value === '') return null;
		const id = Number(value);
		return this.directories.users.some((user) => user.id === id) ? id : null;
	}

	/** Custom fields the account has; other unknown keys are ignored, as a form ignores unknown inputs. */
	protected customValues(input: Input, skip: Set<string>): Record<string, unknown> {
		const values: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(input)) {
			if (skip.has(key)) continue;
			const field = this.directories.customFields.find((candidate) => candidate.parameter === key);
			if (!field) continue;
			if (field.type === 'select' && value !== null && value !== '') {
				const match = /^id_(\d+)$/.exec(String(value));
				const option = match ? field.options?.find((candidate) => candidate.id === Number(match[1])) : undefined;
				if (!option)
					throw new SalesDriveInputError(`${key}: no option ${JSON.stringify(value)} (use "id_<option id>")`);
			}
			values[key] = value;
		}
		return values;
	}

	/**
	 * Field descriptions the list and webhooks put under `meta.fields`, keyed by field: `label` (the
	 * text a person sees), `name` (the key again), `type`, and for selects the options — all of
	 * them, or for one order only the option it has (none when the value is empty), as a captured
	 * webhook shows.
	 */
	fieldsMeta(order?: SdOrder): Record<string, unknown> {
		const d = this.directories;
		const select = (
			name: string,
			label: string,
			options: Array<{ value: number | string; text: string }>,
			pick?: unknown,
		) => ({
			label,
			name,
			type: 'select',
			options: pick === undefined ? options : options.filter((option) => String(option.value) === String(pick)),
		});
		const fields: Record<string, unknown> = {
			statusId: select(
				'statusId',
				'Статус',
				d.statuses.map((s) => ({ value: s.id, text: s.name })),
				order?.statusId,
			),
			userId: select(
				'userId',
				'Менеджер',
				d.users.map((u) => ({ value: u.id, text: u.name })),
				order?.userId,
			),
			payment_method: select(
				'payment_method',
				'Спосіб оплати',
				d.paymentMethods.map((m) => ({ value: m.id, text: m.name })),
				order?.paymentMethod,
			),
			shipping_method: select(
				'shipping_method',
				'Спосіб доставки',
				d.deliveryMethods.map((m) => ({ value: m.id, text: m.name })),
				order?.shippingMethod,
			),
			sajt: select(
				'sajt',
				'Сайт',
				d.sites.map((s) => ({ value: s.id, text: s.name })),
				order?.sajt,
			),
			organizationId: select(
				'organizationId',
				'Організація',
				d.organizations.map((o) => ({ value: o.id, text: o.title })),
				order?.organizationId,
			),
		};
		for (const field of d.customFields) {
			const value = order?.custom[field.parameter];
			if (field.type === 'select') {
				const options = (field.options ?? []).map((option) => ({ value: `id_${option.id}`, text: option.text }));
				fields[field.parameter] = select(field.parameter, field.name, options, order ? (value ?? null) : undefined);
			} else {
				fields[field.parameter] = { label: field.name, name: field.parameter, type: field.type };
			}
		}
		return fields;
	}

	/** `meta.fields.contacts.fields` of a webhook: the order's contact's own fields (its manager). */
	contactFieldsMeta(order: SdOrder): Record<string, unknown> {
		const contact = order.contactIds.map((id) => this.contacts.get(id)).find((found) => found !== undefined);
		const manager = this.directories.users.find((user) => user.id === contact?.userId);
		return {
			userId: {
				label: 'Менеджер',
				name: 'userId',
				type: 'select',
				options: manager ? [{ value: manager.id, text: manager.name }] : [],
			},
		};
	}

	// ---- contacts -------------------------------------------------------------------------

	/** The contact a new order belongs to: found by phone, else created; none when no contact data came. */
	protected contactFor(input: Input, userId: number | null, at: string): SdContact | undefined {
		const phones = listOf(input.phone)
			.map(normalizePhone)
			.filter((phone): phone is string => phone !== null);
		const emails = listOf(input.email)
			.map((email) => email.trim())
			.filter(Boolean);
		const hasData =
			phones.length > 0 || emails.length > 0 || ['fName', 'lName', 'mName', 'company'].some((k) => text(input[k]));
		if (!hasData) return undefined;
		const knownId = phones.map((phone) => this.contactsByPhone.get(phone)).find((id) => id !== undefined);
		if (knownId !== undefined) {
			const known = this.contacts.get(knownId)!;
			for (const email of emails) if (!known.email.includes(email)) known.email.push(email);
			return known;
		}
		const contact: SdContact = {
			id: this.next.contact++,
			formId: 1,
			version: 1,
			active: 1,
			lName: text(input.lName),
			fName: text(input.fName),
			mName: text(input.mName),
			phone: phones,
			email: emails,
			counterpartyId: null,
			company: text(input.company),
			comment: text(input.con_comment),
			userId,
			telegram: text(input.con_telegram),
			instagramNick: null,
			dateOfBirth: text(input.dateOfBirth),
			createTime: at,
			orderIds: [],
		};
		this.contacts.set(contact.id, contact);
		for (const phone of phones) this.contactsByPhone.set(phone, contact.id);
		return contact;
	}

	contactView(contact: SdContact): Record<string, unknown> {
		const { orderIds, ...shown } = contact;
		return { ...shown, phone: [...contact.phone], email: [...contact.email], ...this.leadCounters(contact) };
	}

	/** A contact's orders and completed sales; cached until any order changes (a page shows a contact many times). */
	private leadCounters(contact: SdContact) {
		const cached = this.countersCache.get(contact.id);
		if (cached && cached.revision === this.revision) return cached.counters;
		const successful = new Set(this.directories.statuses.filter((s) => s.type === 2).map((s) => s.id));
		let leadsSalesCount = 0;
		let leadsSalesAmount = 0;
		for (const id of contact.orderIds) {
			const order = this.ordersById.get(id);
			if (!order || !successful.has(order.statusId)) continue;
			leadsSalesCount++;
			leadsSalesAmount += this.amounts(order).paymentAmount;
		}
		const counters = {
			leadsCount: contact.orderIds.length,
			leadsSalesCount,
			leadsSalesAmount: round2(leadsSalesAmount),
		};
		this.countersCache.set(contact.id, { revision: this.revision, counters });
		return counters;
	}
}
