/**
 * Payments of a record that carries them — an order (`/order/{id}/payment`) or a pipeline card
 * (`/pipelines/cards/{id}/payment`): the same body and rules for both, so one definition makes
 * both resources' Add Payment and Update Payment Status.
 */
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { KeyCrmConnection } from '../transport';
import { amountProperty, moneyBody, moneyDetailsProperty } from './money';
import { idParameter, outputItem, writeForItem } from './shared';

export interface PaymentOwner {
	resource: 'order' | 'pipelineCard';
	/** the owner's id parameter, e.g. `orderId` / Order ID */
	idName: string;
	idLabel: string;
	/** the owner's path, e.g. `/order/12` */
	path(id: number): string;
	/** the key of the owner's id on the output, e.g. `order_id` */
	outputKey: string;
}

type Show = NonNullable<IDisplayOptions['show']>;

type Operation = {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, connection: KeyCrmConnection): Promise<INodeExecutionData[]>;
};

const PAYMENT_STATUSES = [
	{ name: 'Canceled', value: 'canceled' },
	{ name: 'Not Paid', value: 'not_paid' },
	{ name: 'Paid', value: 'paid' },
];

function ownerIdProperty(owner: PaymentOwner, show: Show): INodeProperties {
	return {
		displayName: owner.idLabel,
		name: owner.idName,
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
	};
}

function statusProperty(show: Show, required: boolean): INodeProperties {
	return {
		displayName: 'Status',
		name: 'paymentStatus',
		type: 'options',
		options: PAYMENT_STATUSES,
		default: 'paid',
		required,
		displayOptions: { show },
	};
}

export function addPaymentOperation(owner: PaymentOwner): Operation {
	const show: Show = { resource: [owner.resource], operation: ['addPayment'] };
	return {
		description: [
			ownerIdProperty(owner, show),
			{
				displayName: 'Payment Method Name or ID',
				name: 'paymentMethodId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPaymentMethods' },
				required: true,
				default: '',
				description:
					'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				displayOptions: { show },
			},
			amountProperty(show),
			statusProperty(show, false),
			moneyDetailsProperty(show),
		],
		async execute(this: IExecuteFunctions, itemIndex: number, connection: KeyCrmConnection) {
			const ownerId = idParameter(this, owner.idName, owner.idLabel, itemIndex);
			const method = this.getNodeParameter('paymentMethodId', itemIndex) as string | number;
			const body: IDataObject = {
				...moneyBody(this, itemIndex),
				payment_method_id: Number(method) || method,
				status: this.getNodeParameter('paymentStatus', itemIndex, 'paid') as string,
			};
			const payment = await writeForItem(this, connection, itemIndex, {
				method: 'POST',
				path: `${owner.path(ownerId)}/payment`,
				body,
			});
			return [outputItem({ [owner.outputKey]: ownerId, ...payment }, itemIndex)];
		},
	};
}

/** KeyCRM lets a payment's status and description change, never its amount. */
export function updatePaymentOperation(owner: PaymentOwner): Operation {
	const show: Show = { resource: [owner.resource], operation: ['updatePayment'] };
	return {
		description: [
			ownerIdProperty(owner, show),
			{
				displayName: 'Payment ID',
				name: 'paymentId',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show },
			},
			statusProperty(show, true),
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: 'Left as it is when empty',
				displayOptions: { show },
			},
		],
		async execute(this: IExecuteFunctions, itemIndex: number, connection: KeyCrmConnection) {
			const ownerId = idParameter(this, owner.idName, owner.idLabel, itemIndex);
			const paymentId = idParameter(this, 'paymentId', 'Payment ID', itemIndex);
			const body: IDataObject = { status: this.getNodeParameter('paymentStatus', itemIndex) as string };
			const text = this.getNodeParameter('description', itemIndex, '') as string;
			if (text) body.description = text;
			const payment = await writeForItem(this, connection, itemIndex, {
				method: 'PUT',
				path: `${owner.path(ownerId)}/payment/${paymentId}`,
				body,
			});
			return [outputItem({ [owner.outputKey]: ownerId, ...payment }, itemIndex)];
		},
	};
}
