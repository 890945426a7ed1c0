import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { entityTarget, type FieldTarget, sectionTarget } from '../../fields';
import type { EntitySetModel, MetadataModel } from '../../odata/model';
import { configurationPreset, presetEnumFields } from '../../presets';
import type { BasConnection } from '../../transport';

/** The dropdown entry that stands for the credential's configuration preset. */
export const CONFIGURATION_DEFAULT = 'configurationDefault';
/** The lines dropdown entry for "do not write a tabular section". */
export const NO_SECTION = 'none';

/** A document type as the node works with it: its set, and its fields as a write target. */
export interface DocumentType {
	set: EntitySetModel;
	target: FieldTarget;
	model: MetadataModel;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * The document set chosen in the node, with "Use Configuration Default" resolved from the
 * credential's preset (the usual customer order). Refuses names that are not documents the base
 * publishes.
 */
export function resolveDocumentType(
	ctx: Context,
	connection: BasConnection,
	model: MetadataModel,
	chosen: string,
	itemIndex?: number,
): DocumentType {
	let name = chosen;
	if (chosen === CONFIGURATION_DEFAULT || chosen === '') {
		const preset = configurationPreset(connection.preset);
		if (!preset) {
			throw new NodeOperationError(
				ctx.getNode(),
				'The credential\'s configuration is "Custom", so there is no default document type: choose one',
				{ itemIndex },
			);
		}
		name = preset.customerOrder.document;
	}
	const set = model.entitySets[name];
	if (!set || set.kind !== 'Document') {
		// an expression may choose the type per item: say which item and which parameter
		const message =
			itemIndex === undefined
				? `The publication has no document "${name}"`
				: `Item ${itemIndex}: Document Type: the publication has no document "${name}"`;
		throw new NodeOperationError(ctx.getNode(), message, {
			itemIndex,
			description:
				'Choose a document from the list; objects appear only when they are included in the OData interface of the base.',
		});
	}
	return { set, model, target: entityTarget(set, presetEnumFields(connection.preset, set.name)) };
}

/**
 * The tabular section chosen for the lines: "Use Configuration Default" is the preset's goods
 * section when the document is the preset's order; undefined for "none".
 */
export function resolveLinesSection(
	ctx: Context,
	connection: BasConnection,
	document: DocumentType,
	chosen: string,
	itemIndex?: number,
): { name: string; target: FieldTarget } | undefined {
	if (chosen === NO_SECTION || chosen === '') return undefined;
	let name = chosen;
	if (chosen === CONFIGURATION_DEFAULT) {
		const order = configurationPreset(connection.preset)?.customerOrder;
		if (order?.document !== document.set.name) {
			throw new NodeOperationError(
				ctx.getNode(),
				`There is no default lines section for ${document.set.name}: choose one of its tabular sections`,
				{ itemIndex },
			);
		}
		name = order.goodsSection;
	}
	const target = sectionTarget(document.set, name, presetEnumFields(connection.preset, `${document.set.name}.${name}`));
	if (!target) {
		throw new NodeOperationError(ctx.getNode(), `${document.set.name} has no tabular section "${name}"`, { itemIndex });
	}
	return { name, target };
}

/** The tabular sections of a document as write targets, by name (for rows given among the fields). */
export function sectionTargets(connection: BasConnection, document: DocumentType) {
	return (section: string) =>
		sectionTarget(document.set, section, presetEnumFields(connection.preset, `${document.set.name}.${section}`));
}
