import type { INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { copyDocument } from './copy';
import { createOnce, documentSet, existing, readBase, type ScenarioContext, scenarioOutput } from './documents';
import { documentsBasedOn, linkFilter } from './existing';
import type { CopyRule } from './rules';

/**
 * A document copied from its base (the shipment invoice from an order, the return from a
 * shipment), unless one based on it exists already: then that one is the result, so running
 * the scenario again creates nothing.
 */
export async function createCopy(
	scenario: ScenarioContext,
	name: 'shipment' | 'return',
	rule: CopyRule,
): Promise<INodeExecutionData> {
	const { ctx, itemIndex } = scenario;
	const baseSet = documentSet(scenario, rule.base);
	const target = documentSet(scenario, rule.target);
	const link = linkFilter(target, rule.link, baseSet.name, scenario.baseRef);
	if (!link) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${target.name} has no attribute "${rule.link}" to refer to its base`,
			{ itemIndex, description: 'Without it a second run could not tell that the document exists already.' },
		);
	}
	const base = await readBase(scenario, baseSet);
	// 1C returns only what was shipped: a return needs the shipment to be posted
	if (name === 'return' && base.Posted !== true) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${baseSet.name} ${String(base.Number)} is not posted, so nothing was shipped to return`,
			{ itemIndex },
		);
	}
	const basedOnThis = async () => await documentsBasedOn(ctx, scenario.connection, { target, link, itemIndex });
	const [found] = await basedOnThis();
	if (found) {
		const document = await existing(scenario, target, found);
		return scenarioOutput(scenario, { result: 'exists', name, set: target, document, baseSet, base });
	}
	const created = await createOnce(scenario, target, copyDocument(rule, baseSet, target, base), {
		findLive: basedOnThis,
		duplicateOf: `${baseSet.name} ${String(base.Number)}`,
	});
	return scenarioOutput(scenario, { ...created, name, set: target, baseSet, base });
}
