/**
 * What the CRM webhook triggers share: the secret check, the body size limit, reading the JSON
 * body, and answering a refusal so that no workflow starts. SalesDrive and KeyCRM have no API
 * to register webhooks, so the webhook methods only guard publishing (see noRegistrationMethods).
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { DEFAULT_MAX_BODY_KB, loadRawBody, queryPayload, readJsonBody, type WebhookRequestLike } from './body';
import { assertSecretSet, givenSecret, secretsMatch, secretSettings } from './secret';

export { DEFAULT_MAX_BODY_KB, queryPayload, readJsonBody } from './body';
export { secretProperties, secretsMatch, testWebhookSecret } from './secret';

/** The option (inside the trigger's Options collection) that caps the body size. */
export const maxBodySizeOption: INodeProperties = {
	displayName: 'Max Body Size (KB)',
	name: 'maxBodySizeKb',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_MAX_BODY_KB,
	description: 'Bodies over this size are refused with HTTP 413 and start nothing',
};

/** Answers the request with `status` and `{message}`; n8n then sends nothing more and starts no workflow. */
export function answer(ctx: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	ctx.getResponseObject().status(status).json({ message });
	return { noWebhookResponse: true };
}

export type AcceptedWebhook = { payload: IDataObject } | { response: IWebhookResponseData };

/**
 * Checks a delivery before anything else reads it: the secret (401 when missing or wrong),
 * then the size (413), then the body (400 when it is not a JSON object). A GET delivery's
 * payload is its query, without the secret.
 */
export async function acceptWebhook(ctx: IWebhookFunctions): Promise<AcceptedWebhook> {
	const settings = await secretSettings(ctx);
	if (!secretsMatch(settings.token, givenSecret(ctx, settings))) {
		return { response: answer(ctx, 401, 'Missing or wrong secret token') };
	}
	const request = ctx.getRequestObject() as unknown as WebhookRequestLike;
	if (String(request.method).toUpperCase() === 'GET') {
		const secretParameter = settings.location === 'query' ? settings.name : undefined;
		return { payload: queryPayload(ctx.getQueryData() as IDataObject, secretParameter) };
	}
	const options = ctx.getNodeParameter('options', {}) as { maxBodySizeKb?: number };
	const maxBytes = Math.max(1, Number(options.maxBodySizeKb) || DEFAULT_MAX_BODY_KB) * 1024;
	await loadRawBody(request, maxBytes);
	const reading = readJsonBody(request, maxBytes);
	if ('refusal' in reading) return { response: answer(ctx, reading.refusal.status, reading.refusal.message) };
	return { payload: reading.json };
}

/**
 * Webhook methods for a service with no registration API: the URL is pasted into the CRM by
 * hand, so there is nothing to create or delete, and checkExists answers true so n8n does not
 * "re-register" on every publish. It refuses to publish without a secret.
 */
export function noRegistrationMethods(service: string) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertSecretSet(this, service);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertSecretSet(this, service);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
