import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyCrmConnection } from '../../transport';
import { compact, outputItem, writeForItem } from '../shared';
import { cardBody, cardFieldsProperty, cardOf } from './fields';

const show = { resource: ['pipelineCard'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Pipeline Name or ID',
		name: 'pipelineId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPipelines' },
		default: '',
		description:
			'The account\'s first pipeline when empty. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	},
	{
		displayName: 'Contact',
		name: 'contact',
		type: 'collection',
		placeholder: 'Add Contact Field',
		default: {},
		description: 'Who the card is about: an existing buyer by ID, or a name, phone or email',
		displayOptions: { show },
		options: [
			{ displayName: 'Buyer ID', name: 'client_id', type: 'number', default: 0 },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Full Name', name: 'full_name', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
		],
	},
	cardFieldsProperty('create'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const contact = compact(this.getNodeParameter('contact', itemIndex, {}) as IDataObject);
	if (contact.client_id === 0) delete contact.client_id;
	if (Object.keys(contact).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: contact = {}: a card needs a buyer ID or a name, phone or email`,
			{
				itemIndex,
			},
		);
	}
	const body: IDataObject = {
		contact,
		...cardBody(this, itemIndex, this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	const pipeline = this.getNodeParameter('pipelineId', itemIndex, '') as string | number;
	if (pipeline !== '' && pipeline !== null) body.pipeline_id = Number(pipeline) || pipeline;
	const card = await writeForItem(this, connection, itemIndex, { method: 'POST', path: '/pipelines/cards', body });
	return [outputItem(cardOf(card), itemIndex)];
}
