import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TOKEN_LOCATIONS } from '../../../credentials/CrmWebhookApi.credentials';

/** Where the CRM puts the shared secret: a query parameter of the webhook URL, or a header. */
export type SecretLocation = 'query' | 'header';

export interface SecretSettings {
	token: string;
	location: SecretLocation;
	/** the query parameter's or header's name */
	name: string;
}

/** The credential that holds the secret from version 1.1 (stored encrypted, referenced by id). */
export const SECRET_CREDENTIAL = 'crmWebhookApi';

/** From this version on the secret is a credential (the triggers' `crmWebhookApi`); version 1 kept it in node parameters. */
const CREDENTIAL_FROM_VERSION = 1.1;

/** Shorter tokens are refused by the credential's test: the token is the CRM's only proof. */
const MIN_TOKEN_LENGTH = 16;

/**
 * The credential's Test: nothing is called with it, so the test checks what would make it weak
 * or unusable: a short token, or a name a URL query or an HTTP header cannot carry.
 */
export async function testWebhookSecret(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const token = String(data.token ?? '');
	const name = String(data.name ?? '').trim();
	if (token.length < MIN_TOKEN_LENGTH) {
		return {
			status: 'Error',
			message: `The secret token has ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} random ones`,
		};
	}
	if (!/^[A-Za-z0-9_.~-]+$/.test(name)) {
		return {
			status: 'Error',
			message: `"${name}" cannot name a query parameter or header: use letters, digits, - _ . ~`,
		};
	}
	return { status: 'OK', message: 'The secret is usable' };
}

/**
 * Version 1's parameters for the secret. A node parameter is copied into the workflow n8n stores
 * with every execution, which is why 1.1 moved it into a credential.
 */
export function secretProperties(service: string): INodeProperties[] {
	const version1 = { show: { '@version': [1] } };
	return [
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: version1,
			description: `A long random string. ${service} signs nothing, so only calls that carry this token start the workflow; put it into the webhook URL you paste into ${service} (or into the header you chose).`,
		},
		{
			displayName: 'Token In',
			name: 'secretLocation',
			type: 'options',
			options: TOKEN_LOCATIONS,
			default: 'query',
			displayOptions: version1,
		},
		{
			displayName: 'Query Parameter or Header Name',
			name: 'carrierName',
			type: 'string',
			default: 'token',
			required: true,
			displayOptions: version1,
		},
	];
}

/** The secret's settings: from the credential (1.1), or from version 1's parameters. */
export async function secretSettings(ctx: IWebhookFunctions | IHookFunctions): Promise<SecretSettings> {
	if (ctx.getNode().typeVersion >= CREDENTIAL_FROM_VERSION) {
		const credential = await ctx.getCredentials<{ token?: string; location?: string; name?: string }>(
			SECRET_CREDENTIAL,
		);
		return {
			token: String(credential.token ?? ''),
			location: credential.location === 'header' ? 'header' : 'query',
			name: String(credential.name ?? '').trim() || 'token',
		};
	}
	return {
		token: String(ctx.getNodeParameter('secretToken', '') ?? ''),
		location: ctx.getNodeParameter('secretLocation', 'query') as SecretLocation,
		name: String(ctx.getNodeParameter('carrierName', 'token') ?? 'token').trim() || 'token',
	};
}

/** Refuses to publish (or listen for a test event) with no secret: every caller would be let in. */
export async function assertSecretSet(ctx: IHookFunctions, service: string): Promise<void> {
	let token = '';
	try {
		token = (await secretSettings(ctx)).token;
	} catch {
		// no credential chosen: the same answer as an empty token
	}
	if (token.trim() === '') {
		const where =
			ctx.getNode().typeVersion >= CREDENTIAL_FROM_VERSION
				? 'Choose a CRM Webhook API credential with a Secret Token'
				: 'Set a Secret Token';
		throw new NodeOperationError(ctx.getNode(), `${where} before publishing this workflow`, {
			description: `${service} signs nothing, so the token in the webhook URL (or header) is the only thing that tells its calls from anyone else's. Use a long random string, and the same token in the webhook you set up in ${service}.`,
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
