import type { INodePropertyOptions } from 'n8n-workflow';

import type { EntitySetModel } from '../odata/model';

/** Objects as dropdown options sorted by their label, each with its OData name under it. */
export function entitySetOptions(
	sets: EntitySetModel[],
	label: (set: EntitySetModel) => string = (set) => set.objectName,
): INodePropertyOptions[] {
	return sets
		.map((set) => ({ name: label(set), value: set.name, description: set.name }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
