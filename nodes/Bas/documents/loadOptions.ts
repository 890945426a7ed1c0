import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { CONFIGURATION_DEFAULT, resolveDocumentType } from '../actions/document/documentType';
import { basMetadata, getBasConnection } from '../transport';
import { externalIdCandidates, SUGGESTED_EXTERNAL_ID_FIELDS } from './externalId';

/** Text fields of the chosen document that can keep the external id; the suggested one first. */
export async function getExternalIdFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const document = resolveDocumentType(this, connection, model, this.getCurrentNodeParameter('documentType') as string);
	const candidates = externalIdCandidates(document.set);
	const suggested = SUGGESTED_EXTERNAL_ID_FIELDS[document.set.name];
	const byDefault = candidates.some((property) => property.name === suggested)
		? [{ name: `Use Configuration Default (${suggested})`, value: CONFIGURATION_DEFAULT }]
		: [];
	return [
		...byDefault,
		...candidates.map((property) => ({
			name: property.name,
			value: property.name,
			description:
				property.maxLength === undefined
					? 'Text of unlimited length: some bases refuse to search such a field'
					: `Text of up to ${property.maxLength} characters`,
		})),
	];
}
