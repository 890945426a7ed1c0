import type { INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { isNumericType, type MetadataModel, type PropertyModel } from '../odata/model';
import { enumMembers, enumName, type FieldTarget, fieldRole, isRequiredField } from './properties';

/** What kind of value a field takes, as its label shows it. */
function kindLabel(property: PropertyModel, target: FieldTarget, model: MetadataModel): string {
	switch (property.kind) {
		case 'reference':
			return property.target ? `reference → ${property.target}` : 'reference (GUID)';
		case 'composite':
			return `composite: value or GUID, its type in ${property.name}_Type`;
		case 'compositeType':
			return `type of ${property.attribute}, e.g. StandardODATA.Catalog_…`;
		case 'valueStorage':
			return 'stored value, base64';
		default:
			break;
	}
	const enumeration = enumName(property, target, model);
	if (enumeration) return `enum ${enumeration}`;
	if (isNumericType(property.type)) return 'number';
	if (property.type === 'Edm.Boolean') return 'true/false';
	if (property.type === 'Edm.DateTime' || property.type === 'Edm.DateTimeOffset') return 'date';
	if (property.type === 'Edm.Guid') return 'GUID';
	return property.maxLength === undefined ? 'text' : `text, up to ${property.maxLength}`;
}

function fieldType(property: PropertyModel, members: string[] | undefined): ResourceMapperField['type'] {
	if (members) return 'options';
	if (property.kind !== 'value') return 'string';
	if (isNumericType(property.type)) return 'number';
	if (property.type === 'Edm.Boolean') return 'boolean';
	if (property.type === 'Edm.DateTime' || property.type === 'Edm.DateTimeOffset') return 'dateTime';
	return 'string';
}

/**
 * The columns n8n's resource mapper offers for writing the target, from `$metadata`: each field
 * with its kind in the label ("Контрагент_Key (reference → Catalog_Контрагенты)"), its input type,
 * enumeration members as options, and, when adding, the fields `$metadata` requires marked.
 * In `update` mode `Ref_Key` is the one column to match on. Fields 1C fills itself and tabular
 * sections (written as lines) are not offered; `DeletionMark` is offered but hidden at first.
 */
export function mapperFields(target: FieldTarget, model: MetadataModel, mode: 'add' | 'update'): ResourceMapperField[] {
	const fields: ResourceMapperField[] = [];
	for (const property of target.properties) {
		const role = fieldRole(property);
		if (role === 'readOnly' || role === 'rows') continue;
		if (role === 'key') {
			fields.push({
				id: property.name,
				displayName: mode === 'update' ? 'Ref_Key (which object to update)' : 'Ref_Key (GUID of the new object)',
				required: mode === 'update',
				defaultMatch: mode === 'update',
				canBeUsedToMatch: mode === 'update',
				display: true,
				type: 'string',
				removed: mode === 'add',
			});
			continue;
		}
		const members = enumMembers(property, target, model);
		const options: INodePropertyOptions[] | undefined = members?.map((member) => ({ name: member, value: member }));
		fields.push({
			id: property.name,
			displayName: `${property.name} (${kindLabel(property, target, model)})`,
			required: mode === 'add' && isRequiredField(property),
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: fieldType(property, members),
			...(options ? { options } : {}),
			...(property.name === 'DeletionMark' ? { removed: true } : {}),
		});
	}
	return fields;
}
