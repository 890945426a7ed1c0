import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eq, literal } from '../odata/filter';
import { resourcePath } from '../odata/url';
import { basListAll, basRequest } from '../transport';
import { readAttribute, sectionColumns, writeAttribute } from './copy';
import { documentSet, path, post, readBase, type ScenarioContext, scenarioOutput } from './documents';
import { documentsBasedOn, linkFilter } from './existing';
import type { ClosureRule, CopyRule } from './rules';

const NAME = 'closure';

/**
 * Closes a cancelled order that was never shipped, the way the configuration does it, so its
 * reserve and open balance go. An order with a posted shipment is refused: it needs a return.
 * An order already closed is left as it is (`exists`).
 * It needs no duplicate guard across workers: it creates nothing, it sets a state, so two
 * executions that both close the order write the same values and leave one closed order.
 */
export async function closeOrder(
	scenario: ScenarioContext,
	rule: ClosureRule,
	shipment: CopyRule,
): Promise<INodeExecutionData> {
	if (rule.kind === 'none') return scenarioOutput(scenario, { result: 'skipped', name: NAME, reason: rule.reason });
	const { ctx, connection, itemIndex } = scenario;
	const order = documentSet(scenario, rule.order);
	const base = await readBase(scenario, order);
	await refuseWhenShipped(scenario, shipment, base);

	const patch: IDataObject = {};
	let closed: boolean;
	if (rule.kind === 'state') {
		const state = await predefinedState(scenario, rule.catalog, rule.predefined);
		const current = readAttribute(order.properties, base, rule.attribute);
		closed = current !== undefined && 'ref' in current && current.ref === state;
		writeAttribute(order.properties, patch, rule.attribute, { ref: state, set: rule.catalog });
	} else {
		closed = Object.entries(rule.set).every(([attribute, value]) => base[attribute] === value);
		if (rule.lines) patch[rule.lines.section] = cancelledRows(order, base, rule.lines.section, rule.lines.set);
	}
	if (closed) return scenarioOutput(scenario, { result: 'exists', name: NAME, set: order, document: base });
	for (const [attribute, value] of Object.entries(rule.set ?? {})) {
		writeAttribute(order.properties, patch, attribute, { value });
	}
	const updated = (await basRequest(ctx, connection, {
		method: 'PATCH',
		path: path(order, scenario.baseRef),
		body: patch,
		itemIndex,
	})) as IDataObject;
	// posting again is what turns the new state into register movements (the reserve goes)
	if (base.Posted === true) await post(scenario, order, updated);
	return scenarioOutput(scenario, { result: 'closed', name: NAME, set: order, document: updated });
}

async function refuseWhenShipped(scenario: ScenarioContext, shipment: CopyRule, order: IDataObject): Promise<void> {
	const { ctx, connection, itemIndex } = scenario;
	const invoices = scenario.model.entitySets[shipment.target];
	const link = invoices && linkFilter(invoices, shipment.link, shipment.base, scenario.baseRef);
	if (!invoices || !link) return;
	const [posted] = await documentsBasedOn(ctx, connection, { target: invoices, link, posted: true, itemIndex });
	if (posted) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: order ${String(order.Number)} has a posted shipment, ${invoices.name} ${String(posted.Number)}: it is not closed but returned`,
			{ itemIndex, description: `Use the Return scenario with the shipment's Ref_Key ${String(posted.Ref_Key)}.` },
		);
	}
}

/** The Ref_Key of a catalog's predefined item, e.g. the order state `Завершен`. */
async function predefinedState(scenario: ScenarioContext, catalog: string, predefined: string): Promise<string> {
	const { ctx, connection, itemIndex } = scenario;
	const [state] = await basListAll(
		ctx,
		connection,
		resourcePath(catalog),
		{ filter: eq('PredefinedDataName', literal.string(predefined)), select: ['Ref_Key'] },
		{ limit: 1, itemIndex },
	);
	if (!state) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${catalog} has no predefined item "${predefined}"`,
			{
				itemIndex,
			},
		);
	}
	return String(state.Ref_Key);
}

/**
 * The order's lines with the cancel flag set. A tabular section is written whole, so every row
 * goes back with its writable columns as read.
 */
function cancelledRows(
	order: ReturnType<typeof documentSet>,
	base: IDataObject,
	section: string,
	set: IDataObject,
): IDataObject[] {
	const columns = sectionColumns(order, section) ?? [];
	const writable = new Set(
		columns
			.filter(
				(c) => c.kind === 'value' || c.kind === 'reference' || c.kind === 'composite' || c.kind === 'compositeType',
			)
			.map((c) => c.name),
	);
	writable.delete('LineNumber');
	writable.delete('Ref_Key');
	const rows = Array.isArray(base[section]) ? (base[section] as IDataObject[]) : [];
	return rows.map((row) => ({
		...Object.fromEntries(Object.entries(row).filter(([name]) => writable.has(name))),
		...set,
	}));
}
