import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { CONFIGURATION_DEFAULT, NO_SECTION, resolveDocumentType } from '../actions/document/documentType';
import { setsOfKind } from '../odata/model';
import { configurationPreset } from '../presets';
import { basMetadata, getBasConnection } from '../transport';
import { entitySetOptions } from './entitySetOptions';

/** Document types for the dropdown: the preset's order first (as "Use Configuration Default"), then every published document. */
export async function getDocumentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const documents = entitySetOptions(setsOfKind(model, 'Document'));
	const order = configurationPreset(connection.preset)?.customerOrder.document;
	const byDefault =
		order && model.entitySets[order]
			? [{ name: `Use Configuration Default (${model.entitySets[order].objectName})`, value: CONFIGURATION_DEFAULT }]
			: [];
	return [...byDefault, ...documents];
}

/** The tabular sections of the chosen document, for the lines; "none" leaves the lines as they are. */
export async function getDocumentSections(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const document = resolveDocumentType(this, connection, model, this.getCurrentNodeParameter('documentType') as string);
	const sections = document.set.properties
		.filter((property) => property.kind === 'tabularSection')
		.map((property) => ({ name: property.name, value: property.name }));
	const order = configurationPreset(connection.preset)?.customerOrder;
	const byDefault =
		order?.document === document.set.name
			? [{ name: `Use Configuration Default (${order.goodsSection})`, value: CONFIGURATION_DEFAULT }]
			: [];
	return [...byDefault, { name: 'None', value: NO_SECTION }, ...sections];
}

/** Header fields of the chosen document that a filter can compare. */
export async function getDocumentFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const document = resolveDocumentType(this, connection, model, this.getCurrentNodeParameter('documentType') as string);
	return document.set.properties
		.filter((property) => property.kind === 'value' || property.kind === 'reference' || property.kind === 'composite')
		.map((property) => ({
			name: property.kind === 'reference' ? `${property.name} (→ ${property.target ?? 'reference'})` : property.name,
			value: property.name,
		}));
}
