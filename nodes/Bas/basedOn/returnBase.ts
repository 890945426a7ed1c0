import { NodeOperationError } from 'n8n-workflow';

import { eq, literal } from '../odata/filter';
import { resourcePath } from '../odata/url';
import { basListAll } from '../transport';
import type { ScenarioContext } from './documents';
import { documentsBasedOn, linkFilter } from './existing';
import type { CopyRule } from './rules';

/**
 * The Ref_Key of the shipment invoice a return is based on. A CRM knows only its order, so the
 * base may be the order too: then it is the order's one posted shipment (by the shipment
 * scenario's link). Any other Ref_Key is taken as the invoice itself.
 */
export async function returnBaseRef(scenario: ScenarioContext, shipment: CopyRule): Promise<string> {
	const { ctx, connection, itemIndex, baseRef } = scenario;
	const orders = scenario.model.entitySets[shipment.base];
	const invoices = scenario.model.entitySets[shipment.target];
	const link = invoices && linkFilter(invoices, shipment.link, shipment.base, baseRef);
	if (!orders || !invoices || !link) return baseRef;
	// a filter, not a read by key: a Ref_Key that is no order comes back empty, not as an error
	const [order] = await basListAll(
		ctx,
		connection,
		resourcePath(orders.name),
		{ filter: eq('Ref_Key', literal.guid(baseRef)), select: ['Ref_Key', 'Number'] },
		{ limit: 1, itemIndex },
	);
	if (!order) return baseRef;
	const shipped = await documentsBasedOn(ctx, connection, { target: invoices, link, posted: true, itemIndex });
	if (shipped.length === 1) return String(shipped[0].Ref_Key).toLowerCase();
	if (shipped.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: order ${String(order.Number)} has no posted shipment to return`,
			{ itemIndex },
		);
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: order ${String(order.Number)} has ${shipped.length} posted shipments (${invoices.name} ${shipped
			.map((invoice) => String(invoice.Number))
			.join(', ')}): give the Ref_Key of the one to return`,
		{
			itemIndex,
			description: shipped.map((invoice) => `${String(invoice.Number)}: ${String(invoice.Ref_Key)}`).join('\n'),
		},
	);
}
