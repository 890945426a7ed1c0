/**
 * The pure pieces of the CRM triggers: the secret comparison, body reading, SalesDrive's
 * normalised order view over the shapes SalesDrive may send, event keys, the poll schedule's
 * daily cost and the poll cursor.
 */
import type { ICredentialTestFunctions } from 'n8n-workflow';

import { queryPayload, readJsonBody, secretsMatch, testWebhookSecret } from '../../nodes/common/webhook';
import { keyCrmEventKey } from '../../nodes/KeyCrm/trigger/event';
import { labelOf, normalizeOrder, salesDriveEventKey } from '../../nodes/SalesDrive/trigger/normalize';
import { accountNow, advanceCursor } from '../../nodes/SalesDrive/trigger/poll';
import { cronPollsPerDay, pollsPerDay } from '../../nodes/SalesDrive/trigger/schedule';

describe('secret check', () => {
	it('accepts only the exact token, whatever the lengths', () => {
		expect(secretsMatch('s3cret', 's3cret')).toBe(true);
		expect(secretsMatch('s3cret', 's3cre')).toBe(false);
		expect(secretsMatch('s3cret', 's3cret ')).toBe(false);
		expect(secretsMatch('s3cret', undefined)).toBe(false);
		// an unset token lets nobody in
		expect(secretsMatch('', '')).toBe(false);
	});
});

describe('the CRM Webhook API credential test', () => {
	const test = async (data: Record<string, unknown>) =>
		await testWebhookSecret.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'CRM webhook',
			type: 'crmWebhookApi',
			data: { location: 'query', name: 'token', ...data },
		});

	it('refuses a short token and a name a query or header cannot carry, and passes a usable secret', async () => {
		expect(await test({ token: 'short' })).toEqual({
			status: 'Error',
			message: 'The secret token has 5 characters; use at least 16 random ones',
		});
		expect(await test({ token: 'x'.repeat(32), name: 'my token' })).toMatchObject({
			status: 'Error',
			message: expect.stringContaining('"my token" cannot name a query parameter or header'),
		});
		expect(await test({ token: 'x'.repeat(32), name: 'X-Webhook-Token' })).toEqual({
			status: 'OK',
			message: 'The secret is usable',
		});
	});
});

describe('readJsonBody', () => {
	const request = (text: string, body?: unknown) => ({ headers: {}, rawBody: Buffer.from(text), body });

	it('reads a JSON object from the raw bytes, BOM and content type notwithstanding', () => {
		expect(readJsonBody(request('\uFEFF{"a":1}'), 100)).toEqual({ json: { a: 1 } });
	});

	it('refuses what is not a JSON object with 400, and a body over the limit with 413', () => {
		expect(readJsonBody(request('{"a":'), 100)).toMatchObject({ refusal: { status: 400 } });
		expect(readJsonBody(request('"text"'), 100)).toEqual({
			refusal: { status: 400, message: 'The body is a string; a JSON object was expected' },
		});
		expect(readJsonBody(request(''), 100)).toEqual({
			refusal: { status: 400, message: 'The body is empty; a JSON object was expected' },
		});
		expect(readJsonBody(request(`{"a":"${'x'.repeat(200)}"}`), 100)).toMatchObject({ refusal: { status: 413 } });
		// no raw bytes kept: the declared length decides
		expect(readJsonBody({ headers: { 'content-length': '5000' }, body: { a: 1 } }, 100)).toMatchObject({
			refusal: { status: 413 },
		});
	});

	it('takes a GET payload from the query without the secret, parsing JSON text', () => {
		expect(queryPayload({ token: 's', event: 'order.change_order_status', context: '{"id":5}' }, 'token')).toEqual({
			event: 'order.change_order_status',
			context: { id: 5 },
		});
	});
});

describe('SalesDrive normalised order', () => {
	const meta = {
		fields: {
			statusId: { options: [{ value: 4, text: 'Виконано' }] },
			sajt: { options: [{ value: 149, text: 'kava-lviv.com.ua' }] },
			shipping_method: { options: [{ value: '2', text: 'Нова Пошта' }] },
			campaignId: { options: [{ value: 7, text: 'Осінь' }] },
			dzherelo: { label: 'Джерело', options: [{ value: 'id_2', text: 'Instagram' }] },
			contacts: { fields: {} },
		},
	};

	it('reads every shape SalesDrive may send: phones as list or text, numbers as text, name or text', () => {
		const normalized = normalizeOrder(
			{
				id: 42957,
				updateAt: '2025-09-18 13:46:35',
				statusId: 4,
				sajt: 149,
				shipping_method: 2,
				campaignId: 7,
				utmSource: 'google',
				utmCampaign: 'autumn',
				utmMedium: 'cpc',
				utmPage: 'https://shop/p/1',
				dzherelo: 'id_2',
				contacts: [
					{ id: 1, fName: 'Юлія', lName: 'Олійник', mName: null, phone: ['380501234567'], email: [] },
					{ id: 2, fName: null, lName: 'Бойко', phone: '380671112233, 380931112233', email: 'b@example.com' },
				],
				products: [
					{
						text: 'Кава',
						sku: 'KV-1',
						parameter: '108',
						amount: '2',
						price: '340.50',
						discount: '10',
						percentDiscount: 1,
					},
					{ name: 'Набір', sku: '', parameter: '200', amount: 1, price: 500, complect: [{ sku: 'A' }] },
				],
				ord_delivery_data: [{ provider: 'novaposhta', trackingNumber: '20450000012345', senderId: 3 }],
			},
			meta,
		);
		expect(normalized.contact).toMatchObject({ fullName: 'Олійник Юлія', phones: ['380501234567'], emails: [] });
		expect(normalized.contacts[1]).toMatchObject({
			firstName: null,
			phones: ['380671112233', '380931112233'],
			emails: ['b@example.com'],
		});
		expect(normalized.lines).toEqual([
			expect.objectContaining({
				name: 'Кава',
				sku: 'KV-1',
				parameter: '108',
				amount: 2,
				price: 340.5,
				discount: 10,
				discountIsPercent: true,
			}),
			expect.objectContaining({ name: 'Набір', sku: null, isKit: true }),
		]);
		expect(normalized.status).toEqual({ value: 4, label: 'Виконано' });
		expect(normalized.delivery).toMatchObject({ ttn: '20450000012345', method: { value: 2, label: 'Нова Пошта' } });
		expect(normalized.characteristics).toEqual({
			deliveryMethod: { value: 2, label: 'Нова Пошта' },
			sender: { value: 3, label: null },
			site: { value: 149, label: 'kava-lviv.com.ua' },
			page: { value: 'https://shop/p/1', label: null },
			advertisingCampaign: { value: 7, label: 'Осінь' },
			source: { value: 'google', label: null },
			utmCampaign: { value: 'autumn', label: null },
			channel: { value: 'cpc', label: null },
		});
		expect(normalized.customFields).toEqual({ dzherelo: { value: 'id_2', label: 'Instagram', name: 'Джерело' } });
	});

	it('survives an order with almost nothing', () => {
		expect(normalizeOrder({ id: 1 })).toMatchObject({
			contact: null,
			lines: [],
			delivery: { ttn: null },
			customFields: {},
		});
		expect(labelOf(undefined, 'statusId', 4)).toBeNull();
	});
});

describe('event keys', () => {
	it('SalesDrive: order id, updateAt, event and status, the same for a repeated delivery', () => {
		const order = { id: 5, updateAt: '2025-09-18 13:46:35', statusId: 2 };
		expect(salesDriveEventKey(order, 'status_change')).toBe('5|2025-09-18 13:46:35|status_change|2');
		// two status changes within one second
		expect(salesDriveEventKey({ ...order, statusId: 3 }, 'status_change')).not.toBe(
			salesDriveEventKey(order, 'status_change'),
		);
		expect(salesDriveEventKey({ ...order }, 'status_change')).toBe(salesDriveEventKey(order, 'status_change'));
		expect(salesDriveEventKey(order, 'new_order')).not.toBe(salesDriveEventKey(order, 'status_change'));
	});

	it('KeyCRM: order id, status_changed_at and status; the payment status for payment events', () => {
		const context = { id: 9, status_changed_at: '2026-01-29T18:53:35.000000Z', status_id: 3, payment_status: 'paid' };
		expect(keyCrmEventKey('order.change_order_status', context)).toBe('9|2026-01-29T18:53:35.000000Z|3');
		expect(keyCrmEventKey('order.change_payment_status', context)).toBe('9|2026-01-29T18:53:35.000000Z|payment:paid');
		expect(keyCrmEventKey('order.change_payment_status', { ...context, payment_status: 'not_paid' })).not.toBe(
			keyCrmEventKey('order.change_payment_status', context),
		);
	});
});

describe('poll schedule cost', () => {
	it('counts polls a day for every Poll Times mode', () => {
		expect(pollsPerDay(undefined)).toBe(1440);
		expect(pollsPerDay({ item: [{ mode: 'everyX', unit: 'minutes', value: 5 }] })).toBe(288);
		expect(pollsPerDay({ item: [{ mode: 'everyX', unit: 'hours', value: 2 }] })).toBe(12);
		expect(
			pollsPerDay({
				item: [
					{ mode: 'everyHour', minute: 5 },
					{ mode: 'everyDay', hour: 9, minute: 0 },
				],
			}),
		).toBe(25);
		expect(pollsPerDay({ item: [{ mode: 'custom', cronExpression: '*/10 9-17 * * 1-5' }] })).toBe(54);
	});

	it('reads cron seconds, steps and lists', () => {
		expect(cronPollsPerDay('0 */15 * * * *')).toBe(96);
		expect(cronPollsPerDay('*/30 * * * * *')).toBe(2880);
		expect(cronPollsPerDay('0,30 8,20 * * *')).toBe(4);
	});
});

describe('poll cursor', () => {
	it('re-reads the cursor second and emits only what it has not handled there', () => {
		const first = advanceCursor({ cursor: '2025-01-01 10:00:00', handledAtCursor: [] }, [
			{ id: 1, updateAt: '2025-01-01 10:00:05' },
			{ id: 2, updateAt: '2025-01-01 10:00:03' },
		]);
		expect(first.fresh.map((row) => row.id)).toEqual([1, 2]);
		expect(first.next).toEqual({ cursor: '2025-01-01 10:00:05', handledAtCursor: ['1|2025-01-01 10:00:05'] });

		// order 3 changed in the same second, after the previous read
		const second = advanceCursor(first.next, [
			{ id: 1, updateAt: '2025-01-01 10:00:05' },
			{ id: 3, updateAt: '2025-01-01 10:00:05' },
		]);
		expect(second.fresh.map((row) => row.id)).toEqual([3]);
		expect(second.next.handledAtCursor).toEqual(['1|2025-01-01 10:00:05', '3|2025-01-01 10:00:05']);

		// order 1 changed again later: a new updateAt, so a new key
		const third = advanceCursor(second.next, [{ id: 1, updateAt: '2025-01-01 10:00:09' }]);
		expect(third.fresh.map((row) => row.id)).toEqual([1]);
		expect(third.next).toEqual({ cursor: '2025-01-01 10:00:09', handledAtCursor: ['1|2025-01-01 10:00:09'] });
	});

	it('writes now on the account wall clock', () => {
		expect(accountNow('Europe/Kyiv', new Date('2025-07-01T09:00:07Z'))).toBe('2025-07-01 12:00:07');
		expect(accountNow('Europe/Kyiv', new Date('2025-01-01T23:30:00Z'))).toBe('2025-01-02 01:30:00');
	});
});
