import { Semaphore } from '../../nodes/common/concurrency';
import { mayRepeatAfterNetworkError } from '../../nodes/common/retry';
import { describeRequest, type TransportResponse } from '../../nodes/common/transport';
import { basFailure, isTransient1CFailure } from '../../nodes/Bas/transport/failures';
import { totalOrder } from '../../nodes/Bas/transport';

function reply(statusCode: number, body: unknown, contentType = 'application/json'): TransportResponse {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { statusCode, headers: { 'content-type': contentType }, text, json };
}

const odataError = (code: string, value: string) => ({ 'odata.error': { code, message: { lang: 'ru', value } } });

describe('BAS replies', () => {
	it('reads an odata.error that came with status 200 as a failure, not as data', () => {
		expect(basFailure(reply(200, odataError('9', 'Не найден экземпляр сущности')), 'json')).toMatchObject({
			message: 'Не найден экземпляр сущности (1C error code 9)',
			code: '9',
			retryable: false,
		});
		const xml =
			'<?xml version="1.0" encoding="utf-8"?><m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><m:code>6</m:code><m:message xml:lang="ru">Неправильный адрес</m:message></m:error>';
		expect(basFailure(reply(200, xml, 'application/xml'), 'xml')).toMatchObject({ code: '6', retryable: false });
	});

	it('takes data that merely mentions errors as data', () => {
		expect(basFailure(reply(200, { value: [{ Description: '<m:error> odata.error' }] }), 'json')).toBeUndefined();
		expect(basFailure(reply(200, '<edmx:Edmx><m:error/></edmx:Edmx>', 'application/xml'), 'xml')).toBeUndefined();
	});

	it('fails at once on 1C codes and refused users, retries only what is transient', () => {
		const permanent: Array<[number, string | undefined]> = [
			[400, '14'],
			[404, '9'],
			[500, '0'],
			[500, '6'],
			[500, '8'],
			[500, '-1'],
			[406, '3'],
			[503, '21'],
			[401, undefined],
			[403, '20'],
			[400, undefined],
			[501, undefined],
		];
		for (const [status, code] of permanent)
			expect([status, code, isTransient1CFailure(status, code)]).toEqual([status, code, false]);
		const transient: Array<[number, string | undefined]> = [
			[406, undefined],
			[500, undefined],
			[502, undefined],
			[503, undefined],
			[504, undefined],
		];
		for (const [status, code] of transient)
			expect([status, code, isTransient1CFailure(status, code)]).toEqual([status, code, true]);
	});
});

describe('repeating a request that got no reply', () => {
	// n8n wraps network errors into a NodeApiError that keeps the original on `cause`
	const wrapped = (code: string, message = '') => Object.assign(new Error('wrapped'), { cause: { code, message } });

	it('repeats anything that never reached the server, and after a reset or timeout only what is idempotent', () => {
		expect(mayRepeatAfterNetworkError(wrapped('ECONNREFUSED'), false)).toBe(true);
		expect(mayRepeatAfterNetworkError(wrapped('ECONNRESET', 'socket hang up'), false)).toBe(false);
		expect(mayRepeatAfterNetworkError(wrapped('ECONNABORTED', 'timeout of 500ms exceeded'), false)).toBe(false);
		expect(mayRepeatAfterNetworkError(wrapped('ECONNRESET'), true)).toBe(true);
		expect(mayRepeatAfterNetworkError(wrapped('ECONNABORTED'), true)).toBe(true);
		expect(mayRepeatAfterNetworkError(wrapped('DEPTH_ZERO_SELF_SIGNED_CERT'), true)).toBe(false);
	});
});

describe('describeRequest', () => {
	it('shows nested query values in bracket notation', () => {
		expect(
			describeRequest({
				method: 'GET',
				url: 'https://crm.example.com/api/order/list/?page=1',
				qs: { filter: { statusId: [1, 2], updateAt: { from: '2026-01-01' } }, ids: [5, 6], empty: undefined },
			}),
		).toBe(
			'GET https://crm.example.com/api/order/list/?page=1&filter[statusId][0]=1&filter[statusId][1]=2&filter[updateAt][from]=2026-01-01&ids[]=5&ids[]=6',
		);
	});

	it('drops a user and password typed into the URL and masks key-like parameters', () => {
		const text = describeRequest({
			method: 'GET',
			url: "https://адмін:secret@bas.example.com/trade/odata/standard.odata/Catalog_Номенклатура?$format=json&$filter=Description eq 'x'&api_key=k1&token=t1",
			qs: { key: 'k2', access_token: 't2', auth: { api_key: 'k3' }, limit: 10 },
		});
		expect(text).toBe(
			"GET https://bas.example.com/trade/odata/standard.odata/Catalog_Номенклатура?$format=json&$filter=Description eq 'x'&api_key=***&token=***&key=***&access_token=***&auth[api_key]=***&limit=10",
		);
		expect(text).not.toMatch(/secret|k1|k2|k3|t1|t2/);
	});
});

describe('paging order', () => {
	it('ends the order in a unique key unless the order already holds every key field', () => {
		expect(totalOrder(undefined, ['Ref_Key'])).toEqual(['Ref_Key']);
		expect(totalOrder(['Date desc'], ['Ref_Key'])).toEqual(['Date desc', 'Ref_Key']);
		expect(totalOrder(['Ref_Key desc'], ['Ref_Key'])).toEqual(['Ref_Key desc']);
		expect(totalOrder(['Period'], ['Recorder', 'LineNumber'])).toEqual(['Period', 'Recorder', 'LineNumber']);
		expect(totalOrder(['LineNumber', 'Period'], ['Recorder', 'LineNumber'])).toEqual([
			'LineNumber',
			'Period',
			'Recorder',
		]);
	});
});

describe('Semaphore', () => {
	it('holds at most its limit, serves waiters in order and gives a place back however a task ends', async () => {
		const semaphore = new Semaphore(2);
		let running = 0;
		let most = 0;
		const order: number[] = [];
		const gates: Array<() => void> = [];
		const task = (n: number) =>
			semaphore.use(async () => {
				running++;
				most = Math.max(most, running);
				order.push(n);
				await new Promise<void>((resolve) => gates.push(resolve));
				running--;
				if (n === 1) throw new Error('task failed');
			});
		const tasks = [1, 2, 3, 4, 5].map((n) => task(n).catch(() => 'failed'));
		while (order.length < 5) {
			await new Promise((resolve) => setImmediate(resolve));
			gates.shift()?.();
		}
		gates.forEach((open) => open());
		expect(await Promise.all(tasks)).toEqual(['failed', undefined, undefined, undefined, undefined]);
		expect(most).toBe(2);
		expect(order).toEqual([1, 2, 3, 4, 5]);
		// all places are free again: two can be taken at once, a double release changes nothing
		const first = await semaphore.acquire();
		first();
		first();
		const [a, b] = await Promise.all([semaphore.acquire(), semaphore.acquire()]);
		let third = false;
		void semaphore.acquire().then(() => (third = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(third).toBe(false);
		a();
		b();
		await new Promise((resolve) => setImmediate(resolve));
		expect(third).toBe(true);
	});

	it('stops waiting when the execution is cancelled, and the place goes to the next waiter', async () => {
		const semaphore = new Semaphore(1);
		const release = await semaphore.acquire();
		const cancel = new AbortController();
		const cancelled = semaphore.acquire(cancel.signal);
		const next = semaphore.acquire();
		cancel.abort(new Error('cancelled'));
		await expect(cancelled).rejects.toThrow('cancelled');
		release();
		await expect(next).resolves.toEqual(expect.any(Function));
	});
});
