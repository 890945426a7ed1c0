import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { maxBodySizeOption, noRegistrationMethods, secretProperties, testWebhookSecret } from '../common/webhook';
import { KEYCRM_EVENTS } from './trigger/event';
import { receiveKeyCrmWebhook } from './trigger/webhook';

export class KeyCrmTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'KeyCRM Trigger',
		name: 'keyCrmTrigger',
		icon: { light: 'file:../../icons/keycrm.svg', dark: 'file:../../icons/keycrm.dark.svg' },
		group: ['trigger'],
		// 1.1 changes nothing in the node: for versions above 1 n8n's webhook server skips evaluating a
		// binary-data expression per call (about 13 ms of CPU each) and leaves odd content types to us
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a KeyCRM automation sends a webhook (order or payment status, lead status)',
		defaults: { name: 'KeyCRM Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'crmWebhookApi',
				required: true,
				testedBy: 'testWebhookSecret',
				displayOptions: { show: { '@version': [1.1] } },
			},
			{ name: 'keyCrmApi', required: true, displayOptions: { show: { fetchFullOrder: [true] } } },
		],
		// KeyCRM's "Send webhook" action can use either method
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'keycrm' },
			{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: 'keycrm' },
		],
		properties: [
			{
				displayName:
					'KeyCRM has no API to register webhooks: copy the Production URL below, add ?token=YOUR_SECRET_TOKEN (or send the token in the header you choose), and use it in a KeyCRM automation with the action "Send webhook"',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...secretProperties('KeyCRM'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Lead Status Changed', value: 'lead.change_lead_status' },
					{ name: 'Order Payment Status Changed', value: 'order.change_payment_status' },
					{ name: 'Order Status Changed', value: 'order.change_order_status' },
				],
				default: [...KEYCRM_EVENTS],
				required: true,
			},
			{
				displayName: 'Fetch Full Order',
				name: 'fetchFullOrder',
				type: 'boolean',
				default: true,
				description:
					'Whether to read the whole order (lines with offers, buyer, payments, shipping, custom fields, status, marketing) from KeyCRM, since the webhook carries only its flat row. Order events only; uses one API request per webhook.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					maxBodySizeOption,
					{
						displayName: 'If the Order Cannot Be Read',
						name: 'onFetchFailure',
						type: 'options',
						options: [
							{
								name: 'Start With the Error',
								value: 'emit',
								description:
									'Start the workflow with order empty and orderFetchError set, so the event is kept in n8n and can be handled or re-run',
							},
							{
								name: 'Refuse the Webhook (500)',
								value: 'refuse',
								description: 'Answer 500 and start nothing; only safe if KeyCRM sends the webhook again',
							},
						],
						default: 'emit',
						description:
							'What to do when the re-read of the order fails (KeyCRM down, key revoked, order deleted). KeyCRM does not document whether it retries a refused webhook.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { testWebhookSecret } };

	webhookMethods = noRegistrationMethods('KeyCRM');

	webhook = receiveKeyCrmWebhook;
}
