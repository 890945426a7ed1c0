/**
 * The rest of KeyCRM's OpenAPI 1.2.0 through the KeyCRM node and the n8n engine against the
 * sandbox: order imports, expenses, tags and files; product get / update / import and
 * categories; buyer imports; storage uploads; bank transactions; pipelines and their cards;
 * calls. Each resource writes and reads back, lists honour Limit, and one bad input per resource
 * reaches the error output naming the item, the field and the value.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { DEMO } from '../../sandbox/keycrm/demo';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { keyCrmCredentials, requestsTo, runKeyCrmNode, runKeyCrmNodeOnFile } from '../helpers/keyCrm';

/** 60 requests per second on the sandbox and in the node, so paced runs stay short */
const TIME_SCALE = 60;

describe('KeyCRM API coverage through the n8n engine', () => {
	let kc: KeyCrmSandbox;
	const credentials = () => keyCrmCredentials(kc, TIME_SCALE);
	const run = (parameters: IDataObject, items?: IDataObject[]) =>
		runKeyCrmNode({
			parameters: parameters as INode['parameters'],
			items,
			onError: 'continueErrorOutput',
			credentials: credentials(),
		});
	const upload = (fileName: string, file: { text?: string; size?: number }) =>
		runKeyCrmNodeOnFile({
			parameters: { resource: 'file', operation: 'upload' },
			file: { fileName, ...file },
			onError: 'continueErrorOutput',
			credentials: credentials(),
		});
	const firstOrderId = () => [...kc.store.orders.keys()][0];
	const errorsOf = (outcome: { json(output?: number): IDataObject[] }) =>
		outcome.json(1).map((json) => String(json.error));

	beforeAll(async () => {
		kc = await startKeyCrmSandbox({ timeScale: TIME_SCALE });
	});
	afterAll(async () => kc.close());
	beforeEach(async () => {
		await kc.reset();
	});

	describe('orders', () => {
		it('imports orders in one request and sends a refused one to the error output', async () => {
			const order = (name: string, uuid: string) => ({
				source_id: DEMO.source.site,
				source_uuid: uuid,
				buyer: { full_name: name, phone: '+380931110000' },
				products: [{ name: 'Пакування', price: 15, quantity: 1 }],
			});
			const before = kc.store.orders.size;
			const outcome = await run({ resource: 'order', operation: 'import' }, [
				order('Ірина Коваль', 'IMP-1'),
				{ ...order('', 'IMP-2'), buyer: { full_name: '', phone: '+380931110001' } },
				order('Петро Бондар', 'IMP-3'),
			]);
			expect(outcome.json().map((json) => json.source_uuid)).toEqual(['IMP-1', 'IMP-3']);
			expect(outcome.output().map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(errorsOf(outcome)).toEqual([expect.stringMatching(/Item 1: .*buyer\.full_name.*required/)]);
			expect(outcome.output(1)[0].json.source_uuid).toBe('IMP-2');
			// the refused row named by position, then the rest sent again without it
			expect(
				requestsTo(kc, 'POST /order/import').map((r) => ((r.body as IDataObject).orders as unknown[]).length),
			).toEqual([3, 2]);
			const imported = [...kc.store.orders.values()].slice(before).map((o) => o.source_uuid);
			expect(imported).toEqual(['IMP-1', 'IMP-3']);
		});

		it('adds and cancels an expense, tags and untags an order, refuses an unknown tag', async () => {
			const orderId = firstOrderId();
			const added = await run({
				resource: 'order',
				operation: 'addExpense',
				orderId,
				expenseTypeId: 1,
				amount: 70,
				additionalFields: { description: 'Доставка НП' },
			});
			const expense = added.json()[0];
			expect(expense).toMatchObject({ order_id: orderId, expense_type_id: 1, amount: 70, status: 'paid' });
			const canceled = await run({
				resource: 'order',
				operation: 'updateExpense',
				orderId,
				expenseId: expense.id,
				cancel: true,
			});
			expect(canceled.json()[0]).toMatchObject({ id: expense.id, status: 'canceled', description: 'Доставка НП' });

			const tagged = await run({ resource: 'order', operation: 'addTag', orderId, tagId: DEMO.tag.vip });
			expect(tagged.json()).toEqual([{ orderId, tagId: DEMO.tag.vip, attached: true }]);
			const read = await run({
				resource: 'order',
				operation: 'get',
				orderId,
				include: ['tags', 'expenses'],
				simplify: false,
			});
			expect((read.json()[0].tags as IDataObject[]).map((t) => t.id)).toContain(DEMO.tag.vip);
			expect(read.json()[0].expenses).toEqual([expect.objectContaining({ id: expense.id, status: 'canceled' })]);
			const untagged = await run({ resource: 'order', operation: 'removeTag', orderId, tagId: DEMO.tag.vip });
			expect(untagged.json()).toEqual([{ orderId, tagId: DEMO.tag.vip, detached: true }]);
			expect(kc.store.orders.get(orderId)!.tag_ids).not.toContain(DEMO.tag.vip);

			const unknown = await run({ resource: 'order', operation: 'addTag', orderId, tagId: 999 });
			expect(unknown.json()).toEqual([]);
			expect(errorsOf(unknown)).toEqual([expect.stringMatching(/^Item 0: .*Tag\] 999/)]);
		});
	});

	describe('products', () => {
		it('gets and updates a product, imports products, creates and lists categories', async () => {
			const created = await run({
				resource: 'product',
				operation: 'create',
				productName: 'Тест',
				additionalFields: { sku: 'T-1', price: 10 },
			});
			const productId = created.json()[0].id;
			const updated = await run({
				resource: 'product',
				operation: 'update',
				productId,
				updateFields: { name: 'Тест 2', price: 12, sku: 'T-2' },
			});
			expect(updated.json()[0]).toMatchObject({ id: productId, name: 'Тест 2', price: 12, sku: 'T-2' });
			expect(requestsTo(kc, `PUT /products/${String(productId)}`)[0].body).toEqual({
				name: 'Тест 2',
				price: 12,
				sku: 'T-2',
			});
			const read = await run({ resource: 'product', operation: 'get', productId });
			expect(read.json()[0]).toMatchObject({ id: productId, name: 'Тест 2', price: 12, sku: 'T-2' });
			expect(kc.store.offerBySku('T-1')).toBeUndefined();

			const imported = await run({ resource: 'product', operation: 'import' }, [
				{ name: 'Імпорт 1', sku: 'IMP-P1', price: 100 },
				{ name: 'Імпорт 2', sku: 'T-2', price: 100 },
				{ name: 'Імпорт 3', sku: 'IMP-P3', price: 100 },
			]);
			expect(imported.json().map((json) => json.sku)).toEqual(['IMP-P1', 'IMP-P3']);
			expect(errorsOf(imported)).toEqual([expect.stringMatching(/Item 1: .*sku = "T-2".*taken/)]);
			expect(kc.store.offerBySku('IMP-P3')).toBeDefined();

			const category = await run({
				resource: 'product',
				operation: 'createCategory',
				categoryName: 'Футболки',
				parentId: 1,
			});
			expect(category.json()[0]).toMatchObject({ name: 'Футболки', parent_id: 1 });
			const children = await run({ resource: 'product', operation: 'getManyCategories', parentIds: '1', limit: 5 });
			expect(children.json()).toEqual([category.json()[0]]);
			const limited = await run({ resource: 'product', operation: 'getManyCategories', limit: 2 });
			expect(limited.json()).toHaveLength(2);
			const duplicate = await run({
				resource: 'product',
				operation: 'createCategory',
				categoryName: 'Футболки',
				parentId: 1,
			});
			expect(errorsOf(duplicate)).toEqual([expect.stringMatching(/Item 0: .*name = "Футболки".*taken/)]);
		});
	});

	describe('buyers', () => {
		it('imports buyers and refuses one without a name before sending', async () => {
			const before = kc.store.buyers.size;
			const outcome = await run({ resource: 'buyer', operation: 'import' }, [
				{ full_name: 'Оля Гнатюк', phone: ['+380661234500'] },
				{ phone: ['+380661234501'] },
				{ full_name: 'Іван Гнатюк', email: ['ivan@example.ua'] },
			]);
			expect(outcome.json().map((json) => json.full_name)).toEqual(['Оля Гнатюк', 'Іван Гнатюк']);
			expect(errorsOf(outcome)).toEqual([expect.stringMatching(/Item 1: full_name = null/)]);
			expect(requestsTo(kc, 'POST /buyer/import')).toHaveLength(1);
			expect(kc.store.buyers.size).toBe(before + 2);

			const newest = [...kc.store.buyers.values()].slice(-2).map((b) => b.id);
			const listed = await run({
				resource: 'buyer',
				operation: 'getMany',
				returnAll: true,
				filters: { buyer_id: newest.join(',') },
			});
			expect(listed.json().map((json) => json.full_name)).toEqual(['Оля Гнатюк', 'Іван Гнатюк']);
			const limited = await run({ resource: 'buyer', operation: 'getMany', limit: 3 });
			expect(limited.json()).toHaveLength(3);
		});
	});

	describe('files', () => {
		it('uploads a file, attaches it to an order, lists and detaches it', async () => {
			const uploaded = await upload('act.txt', { text: 'Акт виконаних робіт' });
			const file = uploaded.json()[0];
			expect(file).toMatchObject({
				original_file_name: 'act.txt',
				size: Buffer.byteLength('Акт виконаних робіт'),
				already_stored: false,
			});
			const again = await upload('act.txt', { text: 'Акт виконаних робіт' });
			expect(again.json()[0]).toMatchObject({ id: file.id, already_stored: true });

			const orderId = firstOrderId();
			await run({ resource: 'order', operation: 'attachFile', orderId, fileId: file.id });
			const attached = await run({
				resource: 'file',
				operation: 'getManyForRecord',
				entityType: 'order',
				entityId: orderId,
				returnAll: true,
			});
			expect(attached.json().map((json) => json.id)).toEqual([file.id]);
			const all = await run({ resource: 'file', operation: 'getMany', limit: 1 });
			expect(all.json()).toHaveLength(1);
			await run({ resource: 'order', operation: 'detachFile', orderId, fileId: file.id });
			expect(kc.store.filesOf('order', orderId)).toEqual([]);
			const again2 = await run({ resource: 'order', operation: 'detachFile', orderId, fileId: file.id });
			expect(errorsOf(again2)).toEqual([expect.stringMatching(/^Item 0: .*not attached/)]);
		});

		it('refuses a file over 10 MB before sending it; the sandbox answers such an upload with 413', async () => {
			const big = await upload('big.bin', { size: 10 * 1024 * 1024 + 1 });
			expect(errorsOf(big)).toEqual([
				expect.stringMatching(/Item 0: data = "big.bin" \(10485761 bytes\) is larger than/),
			]);
			expect(requestsTo(kc, 'POST /storage/upload')).toHaveLength(0);

			const boundary = 'x-boundary';
			const body = Buffer.concat([
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`),
				Buffer.alloc(10 * 1024 * 1024 + 1),
				Buffer.from(`\r\n--${boundary}--\r\n`),
			]);
			const reply = await fetch(`${kc.baseUrl}/storage/upload`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${kc.apiKey}`,
					accept: 'application/json',
					'content-type': `multipart/form-data; boundary=${boundary}`,
				},
				body,
			});
			expect(reply.status).toBe(413);
		});
	});

	describe('bank transactions', () => {
		it('lists unmatched transactions and attaches one to a payment', async () => {
			const open = await run({
				resource: 'externalTransaction',
				operation: 'getMany',
				returnAll: true,
				filters: { is_attached: false },
			});
			expect(open.json().map((json) => json.id)).toEqual([1, 2, 3]);
			const limited = await run({ resource: 'externalTransaction', operation: 'getMany', limit: 2 });
			expect(limited.json()).toHaveLength(2);

			const order = [...kc.store.orders.values()].find((o) => o.payments.length > 0)!;
			const paymentId = order.payments[0].id;
			const attached = await run({
				resource: 'externalTransaction',
				operation: 'attach',
				paymentId,
				transactionBy: 'transaction_uuid',
				transaction: 'tx-2',
			});
			expect(attached.json()[0]).toMatchObject({ id: paymentId, transaction_uuid: 'tx-2' });
			const matched = await run({
				resource: 'externalTransaction',
				operation: 'getMany',
				returnAll: true,
				filters: { is_attached: true },
			});
			expect(matched.json()).toEqual([
				expect.objectContaining({ id: 2, payments_data: [expect.objectContaining({ payment_id: paymentId })] }),
			]);

			const unknown = await run({
				resource: 'externalTransaction',
				operation: 'attach',
				paymentId,
				transactionBy: 'transaction_id',
				transaction: 99,
			});
			expect(errorsOf(unknown)).toEqual([
				expect.stringMatching(/Item 0: .*transaction_id = 99: The selected transaction id is invalid/),
			]);
		});
	});

	describe('pipelines', () => {
		it('lists pipelines and statuses; creates, reads, moves and pays a card; attaches a file', async () => {
			const pipelines = await run({ resource: 'pipeline', operation: 'getMany', returnAll: true });
			expect(pipelines.json().map((json) => json.id)).toEqual([1, 2]);
			const statuses = await run({ resource: 'pipeline', operation: 'getStatuses', pipelineId: 1, limit: 2 });
			expect(statuses.json().map((json) => json.title)).toEqual(['Новий', 'В роботі']);

			const created = await run({
				resource: 'pipelineCard',
				operation: 'create',
				pipelineId: 1,
				contact: { full_name: 'Марта Лисенко', phone: '+380501230000' },
				additionalFields: {
					title: 'Запит з сайту',
					manager_id: 2,
					json: '{"products": [{"name": "Консультація", "price": 300}]}',
				},
			});
			const card = created.json()[0];
			expect(card).toMatchObject({ title: 'Запит з сайту', pipeline_id: 1, status_id: 11, manager_id: 2 });
			const cardId = card.id;

			const moved = await run({
				resource: 'pipelineCard',
				operation: 'update',
				cardId,
				updateFields: { status_id: 12, note: 'Передзвонити' },
			});
			expect(moved.json()[0]).toMatchObject({ id: cardId, status_id: 12, manager_comment: 'Передзвонити' });
			const paid = await run({
				resource: 'pipelineCard',
				operation: 'addPayment',
				cardId,
				paymentMethodId: DEMO.paymentMethod.card,
				amount: 300,
				paymentStatus: 'not_paid',
			});
			const payment = paid.json()[0];
			expect(payment).toMatchObject({ card_id: cardId, amount: 300, status: 'not_paid' });
			const settled = await run({
				resource: 'pipelineCard',
				operation: 'updatePayment',
				cardId,
				paymentId: payment.id,
				paymentStatus: 'paid',
			});
			expect(settled.json()[0]).toMatchObject({ id: payment.id, status: 'paid' });

			const uploaded = await upload('brief.txt', { text: 'ТЗ' });
			const fileId = uploaded.json()[0].id;
			await run({ resource: 'pipelineCard', operation: 'attachFile', cardId, fileId });
			const files = await run({
				resource: 'file',
				operation: 'getManyForRecord',
				entityType: 'pipelines',
				entityId: cardId,
				returnAll: true,
			});
			expect(files.json().map((json) => json.id)).toEqual([fileId]);
			await run({ resource: 'pipelineCard', operation: 'detachFile', cardId, fileId });
			expect(kc.store.filesOf('pipelines', cardId as number)).toEqual([]);

			const read = await run({
				resource: 'pipelineCard',
				operation: 'get',
				cardId,
				include: ['contact', 'payments', 'products', 'status'],
			});
			expect(read.json()[0]).toMatchObject({
				id: cardId,
				contact: { full_name: 'Марта Лисенко' },
				status: { id: 12, title: 'В роботі' },
				payments: [expect.objectContaining({ id: payment.id, status: 'paid' })],
				products: [expect.objectContaining({ name: 'Консультація', price: 300 })],
			});
			const inPipeline = await run({
				resource: 'pipelineCard',
				operation: 'getMany',
				returnAll: true,
				filters: { pipeline_id: '1' },
			});
			expect(inPipeline.json().map((json) => json.id)).toContain(cardId);
			const limited = await run({ resource: 'pipelineCard', operation: 'getMany', limit: 1 });
			expect(limited.json()).toHaveLength(1);

			// a status of another pipeline is refused, named with the value
			const wrong = await run({
				resource: 'pipelineCard',
				operation: 'update',
				cardId,
				updateFields: { status_id: 21 },
			});
			expect(errorsOf(wrong)).toEqual([
				expect.stringMatching(/Item 0: .*status_id = 21: The selected status id is invalid/),
			]);
		});

		it('says so when the account has pipelines switched off', async () => {
			kc.store.leadsEnabled = false;
			const outcome = await run({ resource: 'pipeline', operation: 'getMany', returnAll: true });
			expect(errorsOf(outcome)).toEqual([expect.stringMatching(/Item 0: .*Leads are not enabled/)]);
		});
	});

	describe('calls', () => {
		it('lists calls with filters, includes and Limit, and refuses a bad date range', async () => {
			const incoming = await run({
				resource: 'call',
				operation: 'getMany',
				returnAll: true,
				filters: { type: 'incoming' },
				include: ['client'],
			});
			expect(incoming.json().map((json) => json.type)).toEqual(['incoming', 'incoming']);
			expect(incoming.json()[0]).toHaveProperty('client.full_name');
			const limited = await run({ resource: 'call', operation: 'getMany', limit: 1 });
			expect(limited.json()).toHaveLength(1);
			const bad = await run({
				resource: 'call',
				operation: 'getMany',
				limit: 5,
				filters: { created_between: 'вчора' },
			});
			expect(errorsOf(bad)).toEqual([expect.stringMatching(/Item 0: .*created between/)]);
		});
	});
});
