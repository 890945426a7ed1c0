import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readAttribute, sectionColumns, writeAttribute } from './copy';
import { createOnce, documentSet, existing, readBase, type ScenarioContext, scenarioOutput } from './documents';
import { documentsBasedOn, linkFilter } from './existing';
import type { PaymentRule } from './rules';

const NAME = 'payment';

export interface PaymentInput {
	amount: number;
	/** the CRM's payment id: what makes a second run find the receipt instead of making another */
	paymentId: string;
	/** the receipt's header text attribute that keeps it; the configuration's default when blank */
	paymentIdField?: string;
}

/**
 * A cash or bank receipt for (part of) an order's amount, referring to the order in its header
 * and in its payment breakdown. The CRM payment id is kept in a text attribute of the receipt;
 * the receipts of the order are read (an order has few) and compared on it, which also works
 * for attributes of unlimited length that 1C cannot compare in a `$filter`.
 */
export async function createPayment(
	scenario: ScenarioContext,
	rule: PaymentRule,
	input: PaymentInput,
): Promise<INodeExecutionData> {
	const { ctx, itemIndex } = scenario;
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex, description });
	const order = documentSet(scenario, rule.base);
	const target = documentSet(scenario, rule.target);
	const paymentId = input.paymentId.trim();
	if (paymentId === '') {
		throw fail('no payment ID given', 'The CRM payment id tells a new payment from one already in BAS.');
	}
	if (!Number.isFinite(input.amount) || input.amount <= 0) {
		throw fail(`the payment amount "${input.amount}" is not a positive number`);
	}
	const idField = input.paymentIdField?.trim() || rule.paymentIdField;
	const idProperty = target.properties.find((p) => p.name === idField);
	if (idProperty?.kind !== 'value' || idProperty.type !== 'Edm.String') {
		throw fail(`${target.name} has no text attribute "${idField}" to keep the payment ID in`);
	}
	if (idProperty.maxLength !== undefined && paymentId.length > idProperty.maxLength) {
		throw fail(`the payment ID "${paymentId}" is longer than ${idField} holds (${idProperty.maxLength} characters)`);
	}
	const link = linkFilter(target, rule.link, order.name, scenario.baseRef);
	if (!link) throw fail(`${target.name} has no attribute "${rule.link}" to refer to the order`);

	const base = await readBase(scenario, order);
	const receiptsOfPayment = async () =>
		(await documentsBasedOn(ctx, scenario.connection, { target, link, itemIndex })).filter(
			(receipt) => String(receipt[idField] ?? '').trim() === paymentId,
		);
	const [found] = await receiptsOfPayment();
	if (found) {
		const document = await existing(scenario, target, found);
		return scenarioOutput(scenario, { result: 'exists', name: NAME, set: target, document, baseSet: order, base });
	}

	const body: IDataObject = {};
	for (const [to, from] of Object.entries(rule.header)) {
		writeAttribute(target.properties, body, to, readAttribute(order.properties, base, from));
	}
	for (const [attribute, value] of Object.entries(rule.fixed ?? {})) {
		writeAttribute(target.properties, body, attribute, { value });
	}
	const orderRef = { ref: scenario.baseRef, set: order.name };
	writeAttribute(target.properties, body, rule.link, orderRef);
	writeAttribute(target.properties, body, 'СуммаДокумента', { value: input.amount });
	body[idField] = paymentId;
	const columns = sectionColumns(target, rule.breakdown.section);
	if (columns) {
		const row: IDataObject = {};
		for (const [to, from] of Object.entries(rule.breakdown.columns)) {
			writeAttribute(columns, row, to, readAttribute(order.properties, base, from));
		}
		writeAttribute(columns, row, rule.breakdown.link, orderRef);
		for (const column of rule.breakdown.amount) writeAttribute(columns, row, column, { value: input.amount });
		body[rule.breakdown.section] = [row];
	}
	const created = await createOnce(scenario, target, body, {
		findLive: receiptsOfPayment,
		duplicateOf: `payment ${paymentId} of ${order.name} ${String(base.Number)}`,
		keyField: idField,
	});
	return scenarioOutput(scenario, { ...created, name: NAME, set: target, baseSet: order, base });
}
