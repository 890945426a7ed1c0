import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxBodySizeOption, noRegistrationMethods, secretProperties, testWebhookSecret } from '../common/webhook';
import { getOrderStatuses } from './methods/loadOptions';
import { receiveOrderWebhook } from './trigger/webhook';

export class SalesDriveTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SalesDrive Trigger',
		name: 'salesDriveTrigger',
		icon: { light: 'file:../../icons/salesdrive.svg', dark: 'file:../../icons/salesdrive.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in the node: for versions above 1 n8n's webhook server skips evaluating a
		// binary-data expression per call (about 13 ms of CPU each) and leaves odd content types to us
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when SalesDrive sends an order webhook (new order, status change)',
		defaults: { name: 'SalesDrive Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// the secret (from 1.1); SalesDrive's API only for the status dropdown
		credentials: [
			{
				name: 'crmWebhookApi',
				required: true,
				testedBy: 'testWebhookSecret',
				displayOptions: { show: { '@version': [1.1] } },
			},
			{ name: 'salesDriveApi', required: false },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'salesdrive' }],
		properties: [
			{
				displayName:
					'SalesDrive has no API to register webhooks: copy the Production URL below, add ?token=YOUR_SECRET_TOKEN (or send the token in the header you choose), and paste it in SalesDrive → Settings → General settings and integrations → Other services → Webhook',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...secretProperties('SalesDrive'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'New Order', value: 'new_order' },
					{ name: 'Status Change', value: 'status_change' },
				],
				default: ['new_order', 'status_change'],
				required: true,
			},
			{
				displayName: 'Only Status Names or IDs',
				name: 'statuses',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: [],
				description:
					'Start only for orders in these statuses; all when empty. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [maxBodySizeOption],
			},
		],
	};

	methods = { loadOptions: { getOrderStatuses }, credentialTest: { testWebhookSecret } };

	webhookMethods = noRegistrationMethods('SalesDrive');

	webhook = receiveOrderWebhook;
}
