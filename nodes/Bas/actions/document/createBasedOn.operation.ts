import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { closeOrder } from '../../basedOn/closure';
import { createCopy } from '../../basedOn/copyScenario';
import type { ScenarioContext } from '../../basedOn/documents';
import { createPayment } from '../../basedOn/payment';
import { returnBaseRef } from '../../basedOn/returnBase';
import { withKeyLock } from '../../documents';
import { isGuid, toBasDateTime } from '../../odata/literals';
import { basedOnPreset } from '../../presets/basedOn';
import { type BasConnection, basMetadata } from '../../transport';

const show = { resource: ['document'], operation: ['createBasedOn'] };
const forScenarios = (...scenario: string[]) => ({ show: { ...show, scenario } });

export const description: INodeProperties[] = [
	{
		displayName: 'Scenario',
		name: 'scenario',
		type: 'options',
		noDataExpression: true,
		default: 'shipment',
		description:
			"What to create, as the credential's configuration does it; the document types come from the configuration preset",
		displayOptions: { show },
		options: [
			{
				name: 'Order Closure',
				value: 'closure',
				description:
					'Close a cancelled order that was not shipped, releasing its reserve (UNF: completed state; UT: status Закрыт, lines cancelled; Accounting: nothing to close)',
			},
			{
				name: 'Payment Receipt',
				value: 'payment',
				description: 'Cash or bank receipt for a CRM payment of the order, linked to the order',
			},
			{
				name: 'Return From Customer',
				value: 'return',
				description:
					'Return of the goods of a posted shipment invoice (the base is the invoice, or the order when it has exactly one posted shipment)',
			},
			{
				name: 'Shipment Invoice',
				value: 'shipment',
				description: 'Shipment invoice with the goods of the order, clearing its reserve',
			},
		],
	},
	{
		displayName: 'Base Document Ref_Key',
		name: 'baseRefKey',
		type: 'string',
		default: '={{ $json.Ref_Key }}',
		required: true,
		placeholder: 'e.g. 5f0e3b2a-…',
		description:
			"The GUID of the base: the customer order (in BAS Accounting the customer's invoice for payment); for a return also the posted shipment invoice",
		displayOptions: { show },
	},
	{
		displayName: 'Payment Method',
		name: 'paymentMethod',
		type: 'options',
		default: 'cash',
		options: [
			{ name: 'Cash', value: 'cash', description: 'A cash receipt (to the cash desk)' },
			{ name: 'Bank', value: 'bank', description: 'A bank receipt (to the bank account)' },
		],
		displayOptions: forScenarios('payment'),
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'The amount paid; less than the order amount for a partial payment',
		displayOptions: forScenarios('payment'),
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SD-PAY-1042',
		description:
			'The CRM\'s ID of this payment, kept in the receipt (see "Payment ID Field") so the same payment is never entered twice',
		displayOptions: forScenarios('payment'),
	},
	{
		displayName: 'Post',
		name: 'post',
		type: 'boolean',
		default: true,
		description:
			'Whether to post the new document (1C checks it and makes its register movements); an existing unposted one is posted too',
		displayOptions: forScenarios('shipment', 'return', 'payment'),
	},
	{
		displayName: 'Options',
		name: 'basedOnOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forScenarios('shipment', 'return', 'payment'),
		options: [
			{
				displayName: 'Date',
				name: 'date',
				type: 'dateTime',
				default: '',
				description: "The new document's date, in the base's time zone unless it has an offset; now when empty",
			},
			{
				displayName: 'Payment ID Field',
				name: 'paymentIdField',
				type: 'string',
				default: '',
				placeholder: 'e.g. Основание',
				description:
					"The receipt's text attribute that keeps the payment ID. Empty: the configuration's choice (cash: Основание; bank: НомерВходящегоДокумента, or НазначениеПлатежа in Accounting).",
			},
		],
	},
];

interface BasedOnOptions {
	date?: string;
	paymentIdField?: string;
}

/**
 * Creates the follow-up document of a base document by one of the configuration's scenarios.
 * Each first looks for the document it would make (one referring to the same base, not marked
 * for deletion; for payments also with the same payment ID), so running it again creates nothing;
 * one created at the same time by another worker is marked for deletion in favour of the oldest.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const preset = basedOnPreset(connection.preset);
	if (!preset) {
		throw new NodeOperationError(
			this.getNode(),
			'The credential\'s configuration is "Custom", so there are no Create Based On scenarios: choose the configuration in the credential',
			{ itemIndex },
		);
	}
	const scenarioName = this.getNodeParameter('scenario', itemIndex) as 'shipment' | 'closure' | 'return' | 'payment';
	const baseRef = String(this.getNodeParameter('baseRefKey', itemIndex, '')).trim();
	if (!isGuid(baseRef)) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the base Ref_Key "${baseRef}" is not a GUID`, {
			itemIndex,
		});
	}
	const creates = scenarioName !== 'closure';
	const options = creates ? (this.getNodeParameter('basedOnOptions', itemIndex, {}) as BasedOnOptions) : {};
	let date: string | undefined;
	try {
		date = options.date ? toBasDateTime(options.date, connection.timeZone) : undefined;
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: the date "${options.date}": ${(error as Error).message}`,
			{
				itemIndex,
			},
		);
	}
	const scenario: ScenarioContext = {
		ctx: this,
		connection,
		model: await basMetadata(this, connection, itemIndex),
		itemIndex,
		baseRef: baseRef.toLowerCase(),
		post: creates && (this.getNodeParameter('post', itemIndex, true) as boolean),
		date,
	};
	// executions at the same moment for the same base and scenario (a status webhook delivered twice)
	// queue here, so the second finds what the first created; across workers each create is read
	// back and only the oldest document kept (createOnce in ../../basedOn/documents.ts)
	const payment = scenarioName === 'payment' ? String(this.getNodeParameter('paymentId', itemIndex, '')) : '';
	const key = [connection.root, 'basedOn', scenarioName, scenario.baseRef, payment].join('\n');
	return await withKeyLock(key, async () => {
		switch (scenarioName) {
			case 'closure':
				return [await closeOrder(scenario, preset.closure, preset.shipment)];
			case 'payment': {
				const method = this.getNodeParameter('paymentMethod', itemIndex, 'cash') as 'cash' | 'bank';
				return [
					await createPayment(scenario, preset.payment[method], {
						amount: Number(this.getNodeParameter('amount', itemIndex, 0)),
						paymentId: String(this.getNodeParameter('paymentId', itemIndex, '')),
						paymentIdField: options.paymentIdField,
					}),
				];
			}
			case 'return': {
				const shipmentRef = await returnBaseRef(scenario, preset.shipment);
				return [await createCopy({ ...scenario, baseRef: shipmentRef }, 'return', preset.return)];
			}
			default:
				return [await createCopy(scenario, 'shipment', preset.shipment)];
		}
	});
}
