import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { KeyCrmConnection } from '../transport';
import { keyCrmRequest } from '../transport';
import { explainRefusal } from './errors';
import { idParameter, outputItem } from './shared';

export interface LinkSpec {
	resource: string;
	operation: string;
	/** e.g. `{ name: 'orderId', label: 'Order ID' }` */
	owner: { name: string; label: string };
	/** what is attached: a tag or a stored file */
	linked: { name: string; label: string; property?: Partial<INodeProperties> };
	method: 'POST' | 'DELETE';
	/** the path from both ids */
	path: (ownerId: number, linkedId: number) => string;
}

/**
 * Attaching something to a record or taking it off (a tag to an order, a stored file to an order
 * or a pipeline card): two ids, no body, and KeyCRM answers `{status: true}` or nothing. The
 * output says what was done, for the next node.
 */
export function linkOperation(spec: LinkSpec) {
	const show = { resource: [spec.resource], operation: [spec.operation] };
	const description: INodeProperties[] = [
		{
			displayName: spec.owner.label,
			name: spec.owner.name,
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
		},
		{
			displayName: spec.linked.label,
			name: spec.linked.name,
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
			...spec.linked.property,
		} as INodeProperties,
	];

	async function execute(
		this: IExecuteFunctions,
		itemIndex: number,
		connection: KeyCrmConnection,
	): Promise<INodeExecutionData[]> {
		const ownerId = idParameter(this, spec.owner.name, spec.owner.label, itemIndex);
		const linkedId = idParameter(this, spec.linked.name, spec.linked.label, itemIndex);
		const sent = { [spec.owner.name]: ownerId, [spec.linked.name]: linkedId };
		try {
			await keyCrmRequest(this, connection, { method: spec.method, path: spec.path(ownerId, linkedId), itemIndex });
		} catch (error) {
			throw explainRefusal(this.getNode(), error, itemIndex, sent);
		}
		return [outputItem({ ...sent, [spec.method === 'POST' ? 'attached' : 'detached']: true }, itemIndex)];
	}

	return { description, execute };
}
