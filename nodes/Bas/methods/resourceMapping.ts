import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { resolveDocumentType } from '../actions/document/documentType';
import { mapperFields } from '../fields';
import { basMetadata, getBasConnection } from '../transport';

/** The chosen document's header fields for n8n's resource mapper: required ones when creating, Ref_Key to match when updating. */
export async function getDocumentFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const connection = await getBasConnection(this);
	const model = await basMetadata(this, connection);
	const document = resolveDocumentType(this, connection, model, this.getNodeParameter('documentType', '') as string);
	const mode = this.getNodeParameter('operation', 'create') === 'update' ? 'update' : 'add';
	return { fields: mapperFields(document.target, model, mode) };
}
