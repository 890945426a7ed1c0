import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { SalesDriveConnection } from '../../transport';
import { documentFilterProperties, documentQuery } from '../documentFilters';
import { listProperties, readList, simplifyOf } from '../lists';

const show = { resource: ['fiscalCheck'], operation: ['getMany'] };

export const description: INodeProperties[] = [...listProperties(show), ...documentFilterProperties(show)];

/** A receipt's number, money and order, without its lines. */
function simplifyCheck(check: IDataObject): IDataObject {
	return {
		id: check.id,
		number: check.number,
		fiscalNumber: check.fiscalNumber,
		date: check.date,
		type: check.type,
		sum: check.sum,
		paymentType: check.paymentType,
		updatedAt: check.updatedAt,
		organizationId: (check.organization as IDataObject | null)?.id ?? null,
		orderId: (check.order as IDataObject | null)?.id ?? null,
	};
}

/** Fiscal receipts (`/api/check/list/`), newest first. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: SalesDriveConnection,
): Promise<INodeExecutionData[]> {
	const { qs } = documentQuery(this, itemIndex);
	const checks = await readList(this, connection, itemIndex, '/api/check/list/', qs);
	const simplify = simplifyOf(this, itemIndex);
	return checks.map((check) => ({ json: simplify ? simplifyCheck(check) : check, pairedItem: { item: itemIndex } }));
}
