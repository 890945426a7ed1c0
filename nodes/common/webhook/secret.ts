import { createHash, timingSafeEqual } from 'crypto';
import type { IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Where the CRM puts the shared secret: a query parameter of the webhook URL, or a header. */
export type SecretLocation = 'query' | 'header';

export interface SecretSettings {
	token: string;
	location: SecretLocation;
	/** the query parameter's or header's name */
	name: string;
}

/** The trigger parameters that set the secret (the CRMs sign nothing, so this is their only proof). */
export function secretProperties(service: string): INodeProperties[] {
	return [
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: `A long random string. ${service} signs nothing, so only calls that carry this token start the workflow; put it into the webhook URL you paste into ${service} (or into the header you chose).`,
		},
		{
			displayName: 'Token In',
			name: 'secretLocation',
			type: 'options',
			options: [
				{ name: 'Query Parameter', value: 'query', description: 'For example …/webhook/…?token=SECRET' },
				{ name: 'Header', value: 'header' },
			],
			default: 'query',
		},
		{
			displayName: 'Query Parameter or Header Name',
			name: 'carrierName',
			type: 'string',
			default: 'token',
			required: true,
		},
	];
}

export function secretSettings(ctx: IWebhookFunctions | IHookFunctions): SecretSettings {
	return {
		token: String(ctx.getNodeParameter('secretToken', '') ?? ''),
		location: ctx.getNodeParameter('secretLocation', 'query') as SecretLocation,
		name: String(ctx.getNodeParameter('carrierName', 'token') ?? 'token').trim() || 'token',
	};
}

/** Refuses to publish (or listen for a test event) with no secret: every caller would be let in. */
export function assertSecretSet(ctx: IHookFunctions, service: string): void {
	if (secretSettings(ctx).token.trim() === '') {
		throw new NodeOperationError(ctx.getNode(), 'Set a Secret Token before publishing this workflow', {
			description: `${service} signs nothing, so the token in the webhook URL (or header) is the only thing that tells its calls from anyone else's. Put a long random string into Secret Token and the same token into the webhook you set up in ${service}.`,
		});
	}
}

/** The secret the request carries, from where the settings say; the first value when repeated. */
export function givenSecret(ctx: IWebhookFunctions, settings: SecretSettings): string | undefined {
	const source =
		settings.location === 'header'
			? (ctx.getHeaderData() as Record<string, unknown>)[settings.name.toLowerCase()]
			: (ctx.getQueryData() as Record<string, unknown>)[settings.name];
	const value = Array.isArray(source) ? source[0] : source;
	return typeof value === 'string' ? value : undefined;
}

/**
 * Compares in constant time: both sides are hashed to the same length first, so neither the
 * position of the first difference nor the token's length shows in the time taken.
 */
export function secretsMatch(expected: string, given: string | undefined): boolean {
	if (given === undefined || expected === '') return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(given));
}
