import type { Icon, ICredentialType, INodePropertyOptions, INodeProperties } from 'n8n-workflow';

/** Where a CRM puts the token (also version 1's trigger parameter). */
export const TOKEN_LOCATIONS: INodePropertyOptions[] = [
	{ name: 'Query Parameter', value: 'query', description: 'For example …/webhook/…?token=SECRET' },
	{ name: 'Header', value: 'header' },
];

/**
 * The shared secret a CRM webhook carries. SalesDrive and KeyCRM sign nothing, so this token in
 * the URL (or a header) is the only proof a call comes from the CRM. As a credential it is stored
 * encrypted and referenced by id: unlike a node parameter it is not copied into the workflow that
 * n8n stores with every execution, nor into an exported workflow.
 */
export class CrmWebhookApi implements ICredentialType {
	name = 'crmWebhookApi';

	// what the CRM must send to be let in (no calls are made with it)
	displayName = 'CRM Webhook API';

	icon: Icon = { light: 'file:../icons/directorymap.svg', dark: 'file:../icons/directorymap.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bas-crm/n8n-nodes-bas-crm#crm-webhook';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random string (for example 32 characters from a password generator). Only calls that carry it start the workflow.',
		},
		{
			displayName: 'Token In',
			name: 'location',
			type: 'options',
			options: TOKEN_LOCATIONS,
			default: 'query',
		},
		{
			displayName: 'Query Parameter or Header Name',
			name: 'name',
			type: 'string',
			default: 'token',
			required: true,
		},
	];
}
