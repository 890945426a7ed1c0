/**
 * Polling for orders changed in SalesDrive, for accounts that cannot send webhooks: the order
 * list by `filter[updateAt][from]`, within the share of the daily list budget the user allows.
 *
 * SalesDrive's times have whole seconds, so an order changed in the same second as the cursor,
 * after the previous poll read that second, would be lost by a filter that starts after the
 * cursor. The poll starts AT the cursor second (the filter includes it) and drops only what it
 * already emitted for the same order id and updateAt.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getSalesDriveConnection, SALESDRIVE_CREDENTIAL, salesDriveListAll } from '../transport';
import { normalizeOrder, salesDriveEventKey } from './normalize';
import { pollsPerDay } from './schedule';

export const POLL_EVENT = 'order_changed';

interface PollState {
	/** the latest updateAt emitted or skipped, `YYYY-MM-DD HH:MM:SS` in the account's time */
	cursor?: string;
	/** `id|updateAt` of the orders already handled whose updateAt is the cursor */
	handledAtCursor?: string[];
}

/** Now as SalesDrive writes times: `YYYY-MM-DD HH:MM:SS` on the account's wall clock. */
export function accountNow(timeZone: string, now = new Date()): string {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
		hourCycle: 'h23',
	}).formatToParts(now);
	const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '00';
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

const handledKey = (order: IDataObject) => `${String(order.id)}|${String(order.updateAt)}`;

/**
 * Which of the rows read from the cursor are new, and the state after them: the cursor moves to
 * the latest updateAt read, and the orders at that second are remembered (with those remembered
 * before when the cursor did not move).
 */
export function advanceCursor(state: PollState, rows: IDataObject[]): { fresh: IDataObject[]; next: PollState } {
	const cursor = state.cursor ?? '';
	const handled = new Set(state.handledAtCursor ?? []);
	const fresh = rows.filter((row) => {
		const updateAt = String(row.updateAt ?? '');
		if (updateAt < cursor) return false;
		return !(updateAt === cursor && handled.has(handledKey(row)));
	});
	const latest = rows.reduce((max, row) => (String(row.updateAt ?? '') > max ? String(row.updateAt) : max), cursor);
	const atLatest = new Set(latest === cursor ? handled : []);
	for (const row of rows) if (String(row.updateAt ?? '') === latest) atLatest.add(handledKey(row));
	return { fresh, next: { cursor: latest, handledAtCursor: [...atLatest] } };
}

/** Refuses a schedule that would spend more than `sharePercent` of the daily list budget. */
async function assertWithinBudget(ctx: IPollFunctions, sharePercent: number): Promise<void> {
	const credentials = await ctx.getCredentials(SALESDRIVE_CREDENTIAL);
	const perDay = Number(credentials.listPerDay) || 1000;
	const allowed = Math.floor((perDay * sharePercent) / 100);
	const polls = pollsPerDay(ctx.getNodeParameter('pollTimes', {}) as IDataObject);
	if (polls <= allowed) return;
	const everyMinutes = allowed > 0 ? Math.ceil((24 * 60) / allowed) : undefined;
	throw new NodeOperationError(
		ctx.getNode(),
		`This schedule polls ${polls} times a day; SalesDrive allows ${perDay} order-list requests a day and this trigger may use ${sharePercent}% of them (${allowed})`,
		{
			description:
				'Each poll costs at least one list request, and other nodes on the same key share the budget. ' +
				(everyMinutes
					? `Poll every ${everyMinutes} minutes or less often, or raise Max Share of Daily List Budget.`
					: 'Raise Max Share of Daily List Budget.'),
		},
	);
}

export async function pollChangedOrders(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const sharePercent = this.getNodeParameter('maxDailyShare', 50) as number;
	await assertWithinBudget(this, sharePercent);
	const statuses = (this.getNodeParameter('statuses', []) as Array<string | number>).map(String);
	const timeZone = (this.getNodeParameter('timeZone', 'Europe/Kyiv') as string) || 'Europe/Kyiv';
	const state = this.getWorkflowStaticData('node') as PollState;
	const manual = this.getMode() === 'manual';

	if (!state.cursor && !manual) {
		// the first poll after publishing only marks where changes start
		state.cursor = accountNow(timeZone);
		state.handledAtCursor = [];
		return null;
	}
	const from = state.cursor ?? accountNow(timeZone, new Date(Date.now() - 24 * 60 * 60 * 1000));
	const connection = await getSalesDriveConnection(this);
	// the list describes its select fields in `meta.fields`: the labels of the normalised view
	let meta: IDataObject = {};
	const rows = await salesDriveListAll(
		this,
		connection,
		'/api/order/list/',
		{ 'filter[updateAt][from]': from },
		{
			// a test run shows a few recent changes; a published poll reads them all
			...(manual ? { limit: 10 } : {}),
			onMeta: (pageMeta) => (meta = { ...pageMeta, ...meta }),
		},
	);
	const { fresh, next } = advanceCursor({ ...state, cursor: from }, rows);
	if (!manual) Object.assign(state, next);

	const items = fresh
		.filter((order) => statuses.length === 0 || statuses.includes(String(order.statusId)))
		.map((order) => ({
			json: {
				eventKey: salesDriveEventKey(order, POLL_EVENT),
				event: POLL_EVENT,
				order,
				normalized: normalizeOrder(order, meta) as unknown as IDataObject,
				meta,
			},
		}));
	return items.length > 0 ? [items] : null;
}
