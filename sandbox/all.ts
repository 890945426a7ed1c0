/**
 * The three local stand-ins together, as `npm start` and `npm run sandbox` run them, and the
 * credential data that points n8n at them.
 */
import { randomBytes } from 'node:crypto';

import { type BasSandbox, startBasSandbox } from './bas/server';
import type { ProfileId } from './bas/schema';
import { type KeyCrmSandbox, startKeyCrmSandbox } from './keycrm/server';
import { type SalesDriveSandbox, startSalesDriveSandbox } from './salesdrive/server';

export interface Sandboxes {
	bas: BasSandbox;
	salesDrive: SalesDriveSandbox;
	keyCrm: KeyCrmSandbox;
	/** the secret token the CRM triggers expect in this run (their CRM Webhook API credential) */
	webhookToken: string;
	close(): Promise<void>;
}

export interface SandboxPorts {
	bas?: number;
	salesDrive?: number;
	keyCrm?: number;
}

export async function startSandboxes(
	options: {
		ports?: SandboxPorts;
		profile?: ProfileId;
		/** shortens the CRM sandboxes' limit windows (the credentials then need the same `limitTimeScale`) */
		crmTimeScale?: number;
	} = {},
): Promise<Sandboxes> {
	const bas = await startBasSandbox({ port: options.ports?.bas, profile: options.profile });
	const timeScale = options.crmTimeScale;
	const salesDrive = await startSalesDriveSandbox({ port: options.ports?.salesDrive, timeScale });
	const keyCrm = await startKeyCrmSandbox({ port: options.ports?.keyCrm, timeScale });
	return {
		bas,
		salesDrive,
		keyCrm,
		webhookToken: randomBytes(24).toString('base64url'),
		close: async () => {
			await Promise.all([bas.close(), salesDrive.close(), keyCrm.close()]);
		},
	};
}

/** Ports from BAS_SANDBOX_PORT, SALESDRIVE_SANDBOX_PORT, KEYCRM_SANDBOX_PORT, else 8801–8803. */
export function sandboxPortsFromEnv(): Required<SandboxPorts> {
	return {
		bas: Number(process.env.BAS_SANDBOX_PORT ?? 8801),
		salesDrive: Number(process.env.SALESDRIVE_SANDBOX_PORT ?? 8802),
		keyCrm: Number(process.env.KEYCRM_SANDBOX_PORT ?? 8803),
	};
}

/** A CRM sandbox's shortened limit windows, for the credential to pace the same way. */
const timeScaleOf = (sandbox: { limits: { timeScale: number } }) =>
	sandbox.limits.timeScale === 1 ? {} : { limitTimeScale: sandbox.limits.timeScale };

/** Credential data for each credential type of the package, pointing at the sandboxes. */
export function sandboxCredentials(
	sandboxes: Sandboxes,
): Record<'basODataApi' | 'salesDriveApi' | 'keyCrmApi' | 'crmWebhookApi', Record<string, unknown>> {
	const { bas, salesDrive, keyCrm } = sandboxes;
	return {
		basODataApi: {
			url: bas.publicationUrl,
			user: bas.users[0].name,
			password: bas.users[0].password,
			timeZone: 'Europe/Kyiv',
			preset: bas.profile,
		},
		salesDriveApi: {
			subdomain: salesDrive.account,
			apiKey: salesDrive.apiKey,
			baseUrl: salesDrive.url,
			...timeScaleOf(salesDrive),
		},
		keyCrmApi: { apiKey: keyCrm.apiKey, baseUrl: keyCrm.baseUrl, ...timeScaleOf(keyCrm) },
		// what the CRM sandboxes' webhooks carry as `?token=` (the URLs are set up with it)
		crmWebhookApi: { token: sandboxes.webhookToken, location: 'query', name: 'token' },
	};
}

/** One line per sandbox for people. */
export function describeSandboxes(sandboxes: Sandboxes): string[] {
	const { bas, salesDrive, keyCrm } = sandboxes;
	return [
		`BAS OData (${bas.profile})  ${bas.publicationUrl}/odata/standard.odata   user "${bas.users[0].name}", password "${bas.users[0].password}"`,
		`SalesDrive       ${salesDrive.url}   X-Api-Key: ${salesDrive.apiKey}`,
		`KeyCRM           ${keyCrm.baseUrl}   Bearer ${keyCrm.apiKey}`,
		`Each has /__sandbox/requests, /__sandbox/faults, /__sandbox/state and POST /__sandbox/reset.`,
	];
}
