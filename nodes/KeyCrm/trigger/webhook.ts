import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { asNodeError } from '../../common/nodeErrors';
import { acceptWebhook, answer } from '../../common/webhook';
import { getKeyCrmConnection, keyCrmRequest } from '../transport';
import { KEYCRM_EVENTS, type KeyCrmEvent, keyCrmEventKey, ORDER_INCLUDES } from './event';

const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * One KeyCRM automation webhook (`{event, context}`, POST body or GET query): checked (see
 * acceptWebhook), filtered by event (a filtered delivery is answered 200 and starts nothing),
 * and for order events re-fetched with the includes the webhook's flat row lacks (lines,
 * buyer, payments…) when the user wants that.
 */
export async function receiveKeyCrmWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const accepted = await acceptWebhook(this);
	if ('response' in accepted) return accepted.response;
	const { event, context } = accepted.payload;
	if (typeof event !== 'string' || !isObject(context) || context.id === undefined) {
		return answer(this, 400, 'Not a KeyCRM webhook: event and context.id were expected');
	}
	const events = this.getNodeParameter('events', KEYCRM_EVENTS) as KeyCrmEvent[];
	if (!events.includes(event as KeyCrmEvent)) {
		return answer(this, 200, `Ignored: the trigger does not listen for ${event}`);
	}

	const refetch = this.getNodeParameter('fetchFullOrder', true) as boolean;
	const output: IDataObject = { eventKey: keyCrmEventKey(event, context), event, context, order: null };
	if (refetch && event.startsWith('order.')) {
		try {
			const connection = await getKeyCrmConnection(this);
			output.order = await keyCrmRequest(this, connection, {
				method: 'GET',
				path: `/order/${encodeURIComponent(String(context.id))}`,
				qs: { include: ORDER_INCLUDES.join(',') },
				idempotent: true,
			});
		} catch (error) {
			const { onFetchFailure = 'emit' } = this.getNodeParameter('options', {}) as { onFetchFailure?: string };
			if (onFetchFailure === 'refuse') throw asNodeError(this.getNode(), error);
			// whether KeyCRM sends a refused webhook again is not documented: keep the event in n8n instead
			const { message, description } = error as { message?: string; description?: string | null };
			output.orderFetchError = { message: String(message ?? error), description: description ?? null };
		}
	}
	return { workflowData: [this.helpers.returnJsonArray(output)] };
}
