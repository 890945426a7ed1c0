import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { acceptWebhook, answer } from '../../common/webhook';
import { normalizeOrder, SALESDRIVE_EVENTS, salesDriveEventKey, type SalesDriveEvent } from './normalize';

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * One SalesDrive order webhook (`{info, data, meta}`): checked (see acceptWebhook), filtered by
 * event and status — a filtered delivery is answered 200 so SalesDrive does not log a failure,
 * and starts nothing — then emitted as the order as sent, its normalised view and its event key.
 */
export async function receiveOrderWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const accepted = await acceptWebhook(this);
	if ('response' in accepted) return accepted.response;
	const { info, data, meta } = accepted.payload;
	const event = isObject(info) ? info.webhookEvent : undefined;
	if (!isObject(data) || data.id === undefined || typeof event !== 'string') {
		return answer(this, 400, 'Not a SalesDrive order webhook: info.webhookEvent and data.id were expected');
	}

	const events = this.getNodeParameter('events', SALESDRIVE_EVENTS) as SalesDriveEvent[];
	if (!events.includes(event as SalesDriveEvent)) {
		return answer(this, 200, `Ignored: the trigger does not listen for ${event}`);
	}
	const statuses = (this.getNodeParameter('statuses', []) as Array<string | number>).map(String);
	if (statuses.length > 0 && !statuses.includes(String(data.statusId))) {
		return answer(this, 200, `Ignored: status ${String(data.statusId)} is not one of the chosen statuses`);
	}

	const order = data;
	return {
		workflowData: [
			this.helpers.returnJsonArray({
				eventKey: salesDriveEventKey(order, event),
				event,
				account: isObject(info) ? (info.account ?? null) : null,
				order,
				normalized: normalizeOrder(order, meta) as unknown as IDataObject,
				meta: isObject(meta) ? meta : {},
			}),
		],
	};
}
