import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as keyCrm from '../../KeyCrm/methods/loadOptions';
import * as salesDrive from '../../SalesDrive/methods/loadOptions';
import { getSalesDriveConnection, salesDriveRequest } from '../../SalesDrive/transport';
import { type DirectoryKind, kindName } from '../kinds';

/** Where the CRM side's values come from; `none` means they are typed. */
export type CrmSource = 'salesDrive' | 'keyCrm' | 'none';

/** SalesDrive lists and webhooks name methods by id, while an order is created with a method's parameter. */
export type SalesDriveMethodValue = 'id' | 'parameter';

type Loader = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

const CRM_NAMES = { salesDrive: 'SalesDrive', keyCrm: 'KeyCRM' } as const;

/**
 * SalesDrive has no list endpoint for sites or organisations; its order list describes them as
 * select fields under `meta.fields` (value and text of every option), so one row's page is read.
 */
function salesDriveOrderField(field: string): Loader {
	return async function (this: ILoadOptionsFunctions) {
		const connection = await getSalesDriveConnection(this);
		const reply = await salesDriveRequest(this, connection, {
			method: 'GET',
			path: '/api/order/list/',
			qs: { page: 1, limit: 1 },
			paced: true,
			idempotent: true,
		});
		const fields = ((reply.meta as IDataObject | undefined)?.fields ?? {}) as IDataObject;
		const options = (fields[field] as IDataObject | undefined)?.options;
		if (!Array.isArray(options)) {
			throw new NodeOperationError(this.getNode(), `SalesDrive's order list does not describe the field "${field}"`, {
				description: 'Type the values instead (as an expression).',
			});
		}
		return (options as IDataObject[])
			.map((option) => ({
				name: `${String(option.text ?? option.value)} (${String(option.value)})`,
				value: /^\d+$/.test(String(option.value)) ? Number(option.value) : String(option.value),
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
	};
}

function salesDriveLoader(kind: DirectoryKind, methodValue: SalesDriveMethodValue): Loader | undefined {
	const byParameter = methodValue === 'parameter';
	switch (kind) {
		case 'orderStatus':
			return salesDrive.getOrderStatuses;
		case 'paymentMethod':
			return byParameter ? salesDrive.getPaymentMethodParameters : salesDrive.getPaymentMethods;
		case 'deliveryMethod':
			return byParameter ? salesDrive.getDeliveryMethodParameters : salesDrive.getDeliveryMethods;
		case 'source':
			return salesDriveOrderField('sajt');
		case 'organisation':
			return salesDriveOrderField('organizationId');
		default:
			return undefined;
	}
}

const KEYCRM_LOADERS: Partial<Record<DirectoryKind, Loader>> = {
	orderStatus: keyCrm.getOrderStatuses,
	source: keyCrm.getSources,
	paymentMethod: keyCrm.getPaymentMethods,
	deliveryMethod: keyCrm.getDeliveryServices,
	// KeyCRM has no warehouse list: the loader reads them from the stock breakdown
	warehouse: keyCrm.getWarehouses,
};

/**
 * A CRM directory as dropdown options (`Label (id)` → id), read with the CRM node's own loaders.
 * A directory the CRM's API does not list is refused with what to do instead.
 */
export async function crmDirectoryOptions(
	ctx: ILoadOptionsFunctions,
	crm: CrmSource,
	kind: DirectoryKind,
	methodValue: SalesDriveMethodValue = 'id',
): Promise<INodePropertyOptions[]> {
	if (crm === 'none' || kind === 'custom') return [];
	const loader = crm === 'salesDrive' ? salesDriveLoader(kind, methodValue) : KEYCRM_LOADERS[kind];
	if (!loader) {
		throw new NodeOperationError(ctx.getNode(), `${CRM_NAMES[crm]} has no list of ${kindName(kind)} in its API`, {
			description: 'Type the CRM values instead (as an expression), e.g. the ids shown in the CRM.',
		});
	}
	return await loader.call(ctx);
}

/** The label part of an option named `Label (value)`. */
export function optionLabel(option: INodePropertyOptions): string {
	// the name ends with the entry's id in brackets, which is not the value when values are SalesDrive method parameters
	return option.name.replace(/ \([^()]*\)$/, '');
}
