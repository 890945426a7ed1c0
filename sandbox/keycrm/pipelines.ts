/**
 * KeyCRM pipelines (funnels) and their cards (leads): a card has a contact (a new person or an
 * existing buyer), products, payments and custom fields of the `lead` model, and moves between
 * the statuses of its own pipeline. Every pipeline route answers 400 "Leads are not enabled"
 * while the account has pipelines switched off (`leadsEnabled`). Calls live here too: they link
 * a buyer and a card.
 */
import { nowSeconds, parseStrictRestTime } from './format';
import { KeyCrmOrderExtrasStore } from './orderExtras';
import type { CallRecord, CardLine, CardRecord, PaymentRecord, PipelineRecord, PipelineStatusRecord } from './records';
import { PAYMENT_STATES } from './records';
import { type Dict, isDict, isPresent, KeyCrmError, notFound, strOrNull, Validator } from './validation';

export abstract class KeyCrmPipelineStore extends KeyCrmOrderExtrasStore {
	pipelines: PipelineRecord[] = [];
	pipelineStatuses: PipelineStatusRecord[] = [];
	calls: CallRecord[] = [];
	readonly cards = new Map<number, CardRecord>();
	/** false answers every pipeline route with 400, as an account with pipelines switched off does */
	leadsEnabled = true;
	/** called after a write moved a card to another status (KeyCRM's `lead.change_lead_status`) */
	onLeadStatusChange?: (card: CardRecord) => void;

	clear(): void {
		super.clear();
		this.pipelines = [];
		this.pipelineStatuses = [];
		this.calls = [];
		this.cards.clear();
		this.leadsEnabled = true;
	}

	requireLeads(): void {
		if (!this.leadsEnabled) throw new KeyCrmError(400, 'Leads are not enabled');
	}

	getPipeline(id: number): PipelineRecord {
		const pipeline = this.pipelines.find((p) => p.id === id);
		if (!pipeline) throw notFound('Pipeline', id);
		return pipeline;
	}

	statusesOf(pipelineId: number): PipelineStatusRecord[] {
		return this.pipelineStatuses.filter((s) => s.pipeline_id === pipelineId);
	}

	getCard(id: number): CardRecord {
		const card = this.cards.get(id);
		if (!card) throw notFound('Lead', id);
		return card;
	}

	private readCardLines(v: Validator, input: unknown): CardLine[] | undefined {
		const list = v.array('products', input);
		if (!list) return undefined;
		const lines: CardLine[] = [];
		list.forEach((item, i) => {
			const at = `products.${i}`;
			if (!isDict(item)) return v.add(at, `The ${at} must be an array.`);
			const sku = v.string(`${at}.sku`, item.sku);
			const offer = sku !== undefined ? this.offerBySku(sku) : undefined;
			const name = v.string(`${at}.name`, item.name);
			if (!offer && name === undefined) v.required(`${at}.name`, item.name);
			const price = v.number(`${at}.price`, item.price, { min: 0 });
			const quantity = v.number(`${at}.quantity`, item.quantity, { min: 0.001 });
			const product = offer ? this.products.get(offer.product_id) : undefined;
			lines.push({
				id: 0,
				offer_id: offer?.id ?? null,
				name: name ?? product?.name ?? sku ?? '',
				sku: sku ?? null,
				price: price ?? offer?.price ?? 0,
				quantity: quantity ?? 1,
				unit_type: v.string(`${at}.unit_type`, item.unit_type) ?? product?.unit_type ?? null,
				picture: v.string(`${at}.picture`, item.picture, 2000) ?? offer?.image_url ?? null,
			});
		});
		return lines;
	}

	/** `POST /pipelines/cards`: `contact` is required (a name, email or phone, or an existing buyer's id). */
	createCard(input: Dict): CardRecord {
		this.requireLeads();
		const v = new Validator();
		const now = nowSeconds();
		if (!isPresent(input.contact)) v.required('contact', input.contact);
		const contact = v.object('contact', input.contact);
		let clientId: number | undefined;
		if (contact) {
			const given = ['full_name', 'email', 'phone', 'client_id'].some((key) => isPresent(contact[key]));
			if (!given)
				v.add('contact.full_name', 'The contact.full name field is required when contact.client id is not present.');
			v.string('contact.full_name', contact.full_name);
			v.email('contact.email', contact.email);
			v.string('contact.phone', contact.phone, 20);
			clientId = v.exists('contact.client_id', contact.client_id, (id) => this.buyers.get(id))?.id;
		}
		const pipeline = isPresent(input.pipeline_id)
			? v.exists('pipeline_id', input.pipeline_id, (id) => this.pipelines.find((p) => p.id === id))
			: this.pipelines[0];
		const source = v.exists('source_id', input.source_id, (id) => this.source(id));
		const manager = v.exists('manager_id', input.manager_id, (id) => this.user(id));
		const title = v.string('title', input.title);
		const comment = v.string('manager_comment', input.manager_comment, 5000);
		const communicateAt = v.dateTime('communicate_at', input.communicate_at, parseStrictRestTime);
		const lines = this.readCardLines(v, input.products) ?? [];
		const custom = this.readCustomFields(v, input.custom_fields, 'lead');
		const payments = (v.array('payments', input.payments) ?? []).map((item, i) =>
			isDict(item)
				? this.readPayment(v, `payments.${i}`, item, { id: 0, source_id: source?.id ?? 0 }, now)
				: v.add(`payments.${i}`, `The payments.${i} must be an array.`),
		);
		v.throwIfFailed();
		const buyer = clientId !== undefined ? this.buyers.get(clientId) : undefined;
		const id = this.nextId('card');
		const card: CardRecord = {
			id,
			pipeline_id: pipeline!.id,
			status_id: this.statusesOf(pipeline!.id)[0]?.id ?? 0,
			contact: {
				id: this.nextId('contact'),
				full_name: strOrNull(contact!.full_name) ?? buyer?.full_name ?? null,
				email: strOrNull(contact!.email) ?? buyer?.email[0] ?? null,
				phone: strOrNull(contact!.phone) ?? buyer?.phone[0] ?? null,
				client_id: clientId ?? null,
			},
			source_id: source?.id ?? null,
			manager_id: manager?.id ?? null,
			title: title ?? `#${id}`,
			manager_comment: comment ?? null,
			is_finished: false,
			lines: lines.map((line) => ({ ...line, id: this.nextId('cardLine') })),
			payments: payments
				.filter((p): p is PaymentRecord => !!p)
				.map((p) => ({ ...p, id: this.nextId('payment'), order_id: id })),
			marketing: {
				utm_source: strOrNull(input.utm_source),
				utm_medium: strOrNull(input.utm_medium),
				utm_campaign: strOrNull(input.utm_campaign),
				utm_term: strOrNull(input.utm_term),
				utm_content: strOrNull(input.utm_content),
			},
			custom: custom ?? new Map(),
			communicate_at: communicateAt ?? null,
			status_changed_at: now,
			created_at: now,
			updated_at: now,
		};
		this.cards.set(card.id, card);
		return card;
	}

	/** `PUT /pipelines/cards/{id}`: a new status must belong to the card's pipeline; products replace the card's. */
	updateCard(id: number, input: Dict): CardRecord {
		this.requireLeads();
		const card = this.getCard(id);
		const v = new Validator();
		const status = v.exists('status_id', input.status_id, (sid) =>
			this.statusesOf(card.pipeline_id).find((s) => s.id === sid),
		);
		const source = v.exists('source_id', input.source_id, (sid) => this.source(sid));
		const client = v.exists('client_id', input.client_id, (cid) => this.buyers.get(cid));
		const manager = v.exists('manager_id', input.manager_id, (uid) => this.user(uid));
		const title = v.string('title', input.title);
		const note = v.string('note', input.note, 5000);
		const communicateAt = v.dateTime('communicate_at', input.communicate_at, parseStrictRestTime);
		const lines = this.readCardLines(v, input.products);
		const custom = this.readCustomFields(v, input.custom_fields, 'lead');
		v.throwIfFailed();
		const now = nowSeconds();
		const moved = status !== undefined && status.id !== card.status_id;
		if (status && moved) {
			card.status_id = status.id;
			card.status_changed_at = now;
			card.is_finished = status.is_final;
		}
		if (source) card.source_id = source.id;
		if (client) card.contact.client_id = client.id;
		if (manager) card.manager_id = manager.id;
		if (title !== undefined) card.title = title;
		if ('note' in input) card.manager_comment = note ?? null;
		if (communicateAt !== undefined) card.communicate_at = communicateAt;
		if (lines) card.lines = lines.map((line) => ({ ...line, id: this.nextId('cardLine') }));
		for (const [uuid, value] of custom ?? []) card.custom.set(uuid, value);
		card.updated_at = now;
		if (moved) this.onLeadStatusChange?.(card);
		return card;
	}

	addCardPayment(cardId: number, input: Dict): PaymentRecord {
		this.requireLeads();
		const card = this.getCard(cardId);
		const v = new Validator();
		const now = nowSeconds();
		const payment = this.readPayment(v, '', input, { id: card.id, source_id: card.source_id ?? 0 }, now);
		v.throwIfFailed();
		const record = { ...payment!, id: this.nextId('payment') };
		card.payments.push(record);
		card.updated_at = now;
		return record;
	}

	updateCardPayment(cardId: number, paymentId: number, input: Dict): PaymentRecord {
		this.requireLeads();
		const card = this.getCard(cardId);
		const payment = card.payments.find((p) => p.id === paymentId);
		if (!payment) throw notFound('Payment', paymentId);
		const v = new Validator();
		const status = v.oneOf('status', input.status, PAYMENT_STATES);
		const description = v.string('description', input.description, 1000);
		v.throwIfFailed();
		const now = nowSeconds();
		if (status) payment.status = status;
		if ('description' in input) payment.description = description ?? null;
		payment.updated_at = now;
		card.updated_at = now;
		return payment;
	}

	attachFileToCard(cardId: number, fileId: number): void {
		this.requireLeads();
		const card = this.getCard(cardId);
		this.attach('pipelines', cardId, fileId);
		card.updated_at = nowSeconds();
	}

	detachFileFromCard(cardId: number, fileId: number): void {
		this.requireLeads();
		this.getCard(cardId);
		this.detach('pipelines', cardId, fileId);
	}

	protected findPayment(id: number): PaymentRecord | undefined {
		const found = super.findPayment(id);
		if (found) return found;
		for (const card of this.cards.values()) {
			const payment = card.payments.find((p) => p.id === id);
			if (payment) return payment;
		}
		return undefined;
	}
}
