import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getOrderStatuses } from './methods/loadOptions';
import { pollChangedOrders } from './trigger/poll';

/**
 * Polling twin of the SalesDrive Trigger. A separate node because n8n cannot run one node both
 * ways cleanly: it activates a node's webhooks and its poll schedule whenever the node type has
 * them (whatever a "mode" parameter says), and a manual run of a node that has `poll` calls
 * poll() instead of passing on a received test webhook.
 */
export class SalesDrivePollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SalesDrive Poll Trigger',
		name: 'salesDrivePollTrigger',
		icon: { light: 'file:../../icons/salesdrive.svg', dark: 'file:../../icons/salesdrive.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Orders changed',
		description: 'Starts the workflow for orders changed in SalesDrive, by polling (when webhooks cannot be used)',
		defaults: { name: 'SalesDrive Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'salesDriveApi', required: true }],
		properties: [
			{
				displayName:
					'SalesDrive allows 1000 order-list requests a day per key, and every poll uses at least one: poll every few minutes, not every minute. Prefer the SalesDrive Trigger (webhooks) where you can.',
				name: 'budgetNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Max Share of Daily List Budget (%)',
				name: 'maxDailyShare',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 50,
				description:
					"The most of the credential's List Requests per Day this trigger's schedule may use; a schedule that would use more is refused",
			},
			{
				displayName: 'Only Status Names or IDs',
				name: 'statuses',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getOrderStatuses' },
				default: [],
				description:
					'Emit only orders in these statuses; all when empty. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Account Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'Europe/Kyiv',
				description:
					'The time zone SalesDrive shows your times in; the first poll starts watching from now in this zone',
			},
		],
	};

	methods = { loadOptions: { getOrderStatuses } };

	poll = pollChangedOrders;
}
