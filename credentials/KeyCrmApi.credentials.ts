import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class KeyCrmApi implements ICredentialType {
	name = 'keyCrmApi';

	displayName = 'KeyCRM API';

	icon: Icon = { light: 'file:../icons/keycrm.svg', dark: 'file:../icons/keycrm.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bas-crm/n8n-nodes-bas-crm#keycrm';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'KeyCRM → Settings → General → API key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://openapi.keycrm.app/v1',
		},
		{
			displayName: 'Requests per Minute',
			name: 'perMinute',
			type: 'number',
			default: 60,
			description: 'KeyCRM allows 60 requests per minute per API key and IP address',
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
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
				Accept: 'application/json',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/order/status',
			qs: { limit: 1 },
		},
	};
}
