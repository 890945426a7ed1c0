import type { TransportResponse } from '../../nodes/common/transport';
import { keyCrmFailure } from '../../nodes/KeyCrm/transport';
import { isRateLimitAnswer, salesDriveFailure } from '../../nodes/SalesDrive/transport';

function reply(statusCode: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { statusCode, headers, text, json };
}

describe('SalesDrive replies', () => {
	it('accepts successes', () => {
		expect(salesDriveFailure(reply(200, { success: true, data: { orderId: 1 } }))).toBeUndefined();
		expect(salesDriveFailure(reply(200, { status: 'success', data: [] }))).toBeUndefined();
		expect(salesDriveFailure(reply(201, { success: true, data: { paymentId: 5 } }))).toBeUndefined();
	});

	it('reads errors carried in a 200', () => {
		expect(salesDriveFailure(reply(200, { success: false, message: 'Order not found' }))).toMatchObject({
			message: 'Order not found',
			retryable: false,
		});
		expect(salesDriveFailure(reply(200, { status: 'error', errorMessage: 'bad product' }))?.message).toBe(
			'bad product',
		);
		expect(salesDriveFailure(reply(200, { error: 'Phone is required' }))?.message).toBe('Phone is required');
		expect(salesDriveFailure(reply(200, { message: 'api key is invalid' }))?.message).toBe('api key is invalid');
	});

	it('accepts an empty (null) body and `error: false`', () => {
		expect(salesDriveFailure(reply(200, 'null'))).toBeUndefined();
		expect(salesDriveFailure(reply(200, { success: true, error: false }))).toBeUndefined();
		expect(salesDriveFailure(reply(200, { error: false, data: [] }))).toBeUndefined();
		expect(salesDriveFailure(reply(200, { error: true }))).toBeDefined();
	});

	it('treats 429 and a 400 that plainly says the request limit was hit as rate limiting', () => {
		expect(salesDriveFailure(reply(429, { message: 'Too many requests' }))?.rateLimited).toBe(true);
		expect(salesDriveFailure(reply(400, { status: 'error', message: 'Request limit exceeded' }))?.rateLimited).toBe(
			true,
		);
		expect(isRateLimitAnswer(400, 'Too Many Requests')).toBe(true);
		expect(isRateLimitAnswer(400, 'Перевищено ліміт запитів')).toBe(true);
		expect(isRateLimitAnswer(400, 'Превышен лимит запросов')).toBe(true);
		expect(salesDriveFailure(reply(400, { status: 'error', message: 'Wrong filter' }))?.rateLimited).toBe(false);
	});

	it('reads a 400 about the `limit` parameter as a validation error: not rate limiting, not retryable', () => {
		for (const message of ['limit must be ≤ 100', 'Invalid limit', 'Parameter limit should be at most 100']) {
			const failure = salesDriveFailure(reply(400, { status: 'error', message }));
			expect(failure).toMatchObject({ message, rateLimited: false });
			expect(failure?.retryable).not.toBe(true);
		}
		expect(isRateLimitAnswer(400, 'request limit must be ≤ 100')).toBe(false);
		// a 200 is never a rate-limit answer, whatever it says
		expect(salesDriveFailure(reply(200, { success: false, message: 'Too many requests' }))?.rateLimited).toBe(false);
	});

	it('refuses non-JSON replies', () => {
		expect(salesDriveFailure(reply(200, '<html>login</html>'))?.message).toContain('other than JSON');
	});
});

describe('KeyCRM replies', () => {
	it('lists the fields of a 422 validation error', () => {
		const failure = keyCrmFailure(
			reply(422, {
				message: 'The given data was invalid.',
				errors: { source_id: ['The source id field is required.'], 'buyer.full_name': 'required' },
			}),
		);
		expect(failure?.message).toBe(
			'The given data was invalid. (source_id: The source id field is required., buyer.full_name: required)',
		);
	});

	it('explains 401 and refuses HTML in a 200', () => {
		expect(keyCrmFailure(reply(401, { message: 'Unauthenticated.' }))).toMatchObject({
			message: 'Unauthenticated.',
			detail: 'Check the API key.',
		});
		expect(keyCrmFailure(reply(200, '<!doctype html><html></html>'))?.message).toContain('other than JSON');
		expect(keyCrmFailure(reply(202, { status: true }))).toBeUndefined();
	});
});
