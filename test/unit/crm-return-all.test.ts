/**
 * Return All over the CRM transports on a virtual clock: a list that outlasts the limits' short
 * windows waits for the long ones by default, and a Max Total Wait stops it with what was read
 * and where to continue. The HTTP helper is a stand-in that serves numbered pages.
 */
import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import { keyCrmListAll, type KeyCrmConnection } from '../../nodes/KeyCrm/transport';
import { clientWindows, DAY, HOUR, MINUTE, RateLimiter, type RateWindow } from '../../nodes/common/pacing';
import { partialItemsOf } from '../../nodes/common/pagination';
import type { TransportContext } from '../../nodes/common/transport';
import { type SalesDriveConnection, salesDriveListAll } from '../../nodes/SalesDrive/transport';

const node: INode = {
	id: 'n',
	name: 'CRM',
	type: 'test.crm',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A limiter whose waits advance a virtual clock instead of sleeping. */
function virtualLimiter(windows: RateWindow[]) {
	const clock = { now: 0 };
	const limiter = new RateLimiter(
		clientWindows(windows),
		() => clock.now,
		async (ms) => {
			clock.now += ms;
		},
	);
	return { clock, limiter };
}

/** A node context whose HTTP helper answers page `page` with `reply(page)`, logging the pages asked for. */
function pagesContext(reply: (page: number) => IDataObject) {
	const asked: number[] = [];
	const ctx = {
		getNode: () => node,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const page = Number((options.qs as IDataObject).page);
				asked.push(page);
				return { statusCode: 200, headers: {}, body: JSON.stringify(reply(page)) };
			},
		},
	} as unknown as TransportContext;
	return { ctx, asked };
}

const salesDrivePages = (pageCount: number) => (page: number) => ({
	status: 'success',
	data: [{ id: page, updateAt: `2026-01-01 00:${String(page % 60).padStart(2, '0')}:00` }],
	pagination: { currentPage: page, pageCount, perPage: 1 },
});

describe('SalesDrive Return All', () => {
	const limits = [
		{ limit: 10, periodMs: MINUTE },
		{ limit: 100, periodMs: HOUR },
		{ limit: 1000, periodMs: DAY },
	];

	it('waits for the next hour when a list has more than 100 pages, and loses nothing', async () => {
		const { clock, limiter } = virtualLimiter(limits);
		const connection: SalesDriveConnection = { baseUrl: 'https://shop.salesdrive.me', listLimiter: limiter };
		const { ctx, asked } = pagesContext(salesDrivePages(130));

		const rows = await salesDriveListAll(ctx, connection, '/api/order/list/');

		expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
		expect(asked).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
		// page 101 had to wait for the first hour's window to free a slot
		expect(clock.now).toBeGreaterThanOrEqual(HOUR);
	});

	it('with a Max Total Wait, stops at the cap naming the limit, what was read and where to continue', async () => {
		const { limiter } = virtualLimiter(limits);
		const connection: SalesDriveConnection = { baseUrl: 'https://shop.salesdrive.me', listLimiter: limiter };
		const { ctx, asked } = pagesContext(salesDrivePages(130));

		const failure = await salesDriveListAll(ctx, connection, '/api/order/list/', {}, { maxWaitMs: 30 * MINUTE }).then(
			() => undefined,
			(error: unknown) => error as { message: string; description: string; context: IDataObject },
		);

		// 100 pages take nine one-minute waits; the 101st would need about 50 minutes more
		expect(asked).toHaveLength(100);
		expect(failure?.message).toMatch(/^SalesDrive Return All stopped: .*100 per hour.*Max Total Wait of 1800 s$/);
		expect(failure?.description).toBe(
			'Read 100 pages (100 rows) before stopping; a next run can continue from page 101 (the latest update time read is 2026-01-01 00:59:00).',
		);
		expect(failure?.context.returnAll).toEqual({
			pagesRead: 100,
			rowsRead: 100,
			nextPage: 101,
			latestUpdate: '2026-01-01 00:59:00',
		});
		expect(partialItemsOf(failure)?.map((row) => row.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
	});
});

describe('KeyCRM Return All', () => {
	const keyCrmPages = (pageCount: number) => (page: number) => ({
		current_page: page,
		data: [{ id: page }, { id: page + 1000 }],
		next_page_url: page < pageCount ? `https://openapi.keycrm.app/v1/order?page=${page + 1}` : null,
	});

	it('waits as long as 60 per minute requires by default', async () => {
		const { clock, limiter } = virtualLimiter([{ limit: 60, periodMs: MINUTE }]);
		const connection: KeyCrmConnection = { baseUrl: 'https://openapi.keycrm.app/v1', limiter };
		const { ctx, asked } = pagesContext(keyCrmPages(200));

		const rows = await keyCrmListAll(ctx, connection, '/order');

		expect(rows).toHaveLength(400);
		expect(asked).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
		expect(clock.now).toBeGreaterThanOrEqual(3 * MINUTE);
	});

	it('with a Max Total Wait, stops naming 60 per minute and keeps the rows read', async () => {
		const { limiter } = virtualLimiter([{ limit: 60, periodMs: MINUTE }]);
		const connection: KeyCrmConnection = { baseUrl: 'https://openapi.keycrm.app/v1', limiter };
		const { ctx, asked } = pagesContext(keyCrmPages(200));

		const failure = await keyCrmListAll(ctx, connection, '/order', {}, { maxWaitMs: 90_000 }).then(
			() => undefined,
			(error: unknown) => error as { message: string; description: string },
		);

		// 60 pages at once, 60 more after one minute's wait; the third minute would exceed 90 s
		expect(asked).toHaveLength(120);
		expect(failure?.message).toMatch(/^KeyCRM Return All stopped: .*60 per minute.*Max Total Wait of 90 s$/);
		expect(failure?.description).toBe(
			'Read 120 pages (240 rows) before stopping; a next run can continue from page 121.',
		);
		expect(partialItemsOf(failure)).toHaveLength(240);
	});
});
