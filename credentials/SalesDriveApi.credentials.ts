import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SalesDriveApi implements ICredentialType {
	name = 'salesDriveApi';

	displayName = 'SalesDrive API';

	icon: Icon = { light: 'file:../icons/salesdrive.svg', dark: 'file:../icons/salesdrive.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bas-crm/n8n-nodes-bas-crm#salesdrive';

	properties: INodeProperties[] = [
		{
			displayName: 'Account Subdomain',
			name: 'subdomain',
			type: 'string',
			default: '',
			placeholder: 'myshop',
			description: 'The part before .salesdrive.me in your account address',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Settings → General settings and integrations → Other services → API. Order lists need a key created at the order-database level with "Orders - read".',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8081',
			description: 'Use instead of https://SUBDOMAIN.salesdrive.me, for example for a proxy or the local sandbox',
		},
		{
			displayName: 'List Requests per Minute',
			name: 'listPerMinute',
			type: 'number',
			default: 10,
			description: 'SalesDrive allows 10 calls per minute to order, payment and document lists',
		},
		{
			displayName: 'List Requests per Hour',
			name: 'listPerHour',
			type: 'number',
			default: 100,
		},
		{
			displayName: 'List Requests per Day',
			name: 'listPerDay',
			type: 'number',
			default: 1000,
		},
		{
			// the sandboxes can shorten their limit windows for fast tests; 1 for the real service
			displayName: 'Limit Time Scale',
			name: 'limitTimeScale',
			type: 'hidden',
			default: 1,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'X-Api-Key': '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://" + $credentials.subdomain + ".salesdrive.me"}}',
			url: '/api/statuses/',
		},
		// SalesDrive can refuse inside a 200: `success: false` (order endpoints) or `status: "error"`
		// (directories); n8n fails the test when the body's key has the rule's value
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'SalesDrive did not accept the API key (check the key and its permissions)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message: 'SalesDrive did not accept the API key (check the key and its permissions)',
				},
			},
		],
	};
}
