import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class BasODataApi implements ICredentialType {
	name = 'basODataApi';

	displayName = 'BAS (1C:Enterprise) OData API';

	icon: Icon = { light: 'file:../icons/bas.svg', dark: 'file:../icons/bas.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-bas-crm/n8n-nodes-bas-crm#bas-odata';

	properties: INodeProperties[] = [
		{
			displayName: 'Publication URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://bas.example.com/trade',
			description:
				'Address of the published infobase, the part before /odata/standard.odata (the same address the web client opens)',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'Infobase user with the rights to read and write the published objects (Cyrillic names work)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Server Time Zone',
			name: 'timeZone',
			type: 'string',
			default: 'Europe/Kyiv',
			description:
				'IANA time zone of the BAS server. 1C dates carry no offset, so dates sent and read are converted to and from this zone.',
		},
		{
			displayName: 'Configuration',
			name: 'preset',
			type: 'options',
			default: 'unf',
			description: 'Which configuration the base runs; it only sets defaults (object names), everything stays editable',
			options: [
				{ name: 'BAS Small Business (UNF)', value: 'unf' },
				{ name: 'BAS UT 3 (UT 11)', value: 'ut' },
				{ name: 'BAS KUP / ERP', value: 'erp' },
				{ name: 'BAS Accounting', value: 'bp' },
				{ name: 'Custom', value: 'custom' },
			],
		},
		{
			displayName: 'Condition Quoting',
			name: 'conditionQuoting',
			type: 'options',
			default: 'asIs',
			description:
				'How the filter inside a virtual-table Condition (stock balances, price slices) is quoted. Switch only if the base refuses the documented form.',
			options: [
				{ name: 'As Documented (Inner Quotes As Is)', value: 'asIs' },
				{ name: 'Inner Quotes Doubled', value: 'doubled' },
			],
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 4,
			description:
				'Requests sent to this publication at once, shared by all workflows running in this n8n process; each one holds an OData session and a licence of the base while it runs',
		},
		{
			displayName: 'Max URL Length',
			name: 'maxUrlLength',
			type: 'number',
			typeOptions: { minValue: 500 },
			default: 2000,
			description:
				'Longest request URL the BAS nodes send, in characters as encoded (Cyrillic takes 6 per letter). Look-ups of many values are split into requests of at most this length. Raise it only as far as the web server in front of 1C allows: IIS refuses query strings over 2,048 bytes by default (maxQueryString), Apache request lines over 8,190 (LimitRequestLine).',
		},
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the SSL certificate cannot be verified (self-signed certificates on local servers); applies to every request of the BAS nodes',
		},
	];

	// axios turns `auth` into Basic with the user and password encoded as UTF-8, as 1C expects
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.user}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.url.replace(/\\/+$/, "")}}/odata/standard.odata',
			url: '/',
			qs: { $format: 'json' },
			skipSslCertificateValidation: '={{$credentials.ignoreSslIssues}}',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'value',
					value: undefined,
					message:
						'The address answered, but not with the OData service document: check that the publication URL is right and that the standard OData interface is published',
				},
			},
		],
	};
}
