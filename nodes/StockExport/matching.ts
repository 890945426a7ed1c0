import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { refsByName } from './basCatalogs';
import type { BasReader } from './basRequests';

/**
 * The CRM key of an item or one of its characteristics: the item's SKU, or the Variant Key
 * template (`{sku}-{characteristic}`) for a characteristic. Undefined when the item has no SKU.
 */
export function crmKeyOf(sku: string | undefined, characteristic: string, template: string): string | undefined {
	if (!sku) return undefined;
	if (!characteristic) return sku;
	return template.replace(/\{sku\}/g, sku).replace(/\{characteristic\}/g, characteristic);
}

/**
 * BAS warehouse GUID → CRM warehouse id, from the table or from the input items (one pair per
 * item, e.g. a Directory Map's output). BAS warehouses may be given by name; a name that is
 * not exactly one warehouse stops the run rather than exporting to the wrong place.
 */
export async function readWarehouseMap(
	ctx: IExecuteFunctions,
	reader: BasReader,
	catalog: string,
): Promise<Map<string, string>> {
	const pairs: Array<{ bas: string; crm: string; itemIndex: number }> = [];
	if (ctx.getNodeParameter('warehousesFrom', 0, 'table') === 'input') {
		const basField = String(ctx.getNodeParameter('basWarehouseField', 0, 'bas'));
		const crmField = String(ctx.getNodeParameter('crmWarehouseField', 0, 'crm'));
		ctx.getInputData().forEach((item, itemIndex) => {
			const json = item.json as IDataObject;
			pairs.push({ bas: String(json[basField] ?? '').trim(), crm: String(json[crmField] ?? '').trim(), itemIndex });
		});
	} else {
		const rows = ctx.getNodeParameter('warehouses.warehouse', 0, []) as IDataObject[];
		rows.forEach((row) =>
			pairs.push({ bas: String(row.bas ?? '').trim(), crm: String(row.crm ?? '').trim(), itemIndex: 0 }),
		);
	}
	const empty = pairs.find((pair) => !pair.bas || !pair.crm);
	if (pairs.length === 0 || empty) {
		throw new NodeOperationError(
			ctx.getNode(),
			empty ? `A warehouse pair is incomplete (BAS "${empty.bas}", CRM "${empty.crm}")` : 'No warehouses to export',
			{ itemIndex: empty?.itemIndex ?? 0, description: 'Map each BAS warehouse to a CRM warehouse ID' },
		);
	}
	const { refs, unknown } = await refsByName(
		reader,
		catalog,
		pairs.map((pair) => pair.bas),
	);
	if (unknown.length > 0) {
		throw new NodeOperationError(ctx.getNode(), `${catalog} has no single warehouse named "${unknown[0]}"`, {
			itemIndex: 0,
			description: 'Give the warehouse’s exact name or its GUID (Ref_Key)',
		});
	}
	return new Map(pairs.map((pair) => [refs.get(pair.bas)!, pair.crm]));
}
