import type { ObjectKind } from './model';

// longest first, so DocumentJournal_ is not read as Document_
const KIND_PREFIXES: ObjectKind[] = [
	'ChartOfCharacteristicTypes',
	'ChartOfCalculationTypes',
	'AccumulationRegister',
	'InformationRegister',
	'CalculationRegister',
	'AccountingRegister',
	'DocumentJournal',
	'ChartOfAccounts',
	'BusinessProcess',
	'ExchangePlan',
	'Constant',
	'Document',
	'Catalog',
	'Task',
];

/** The metadata classes that can have tabular sections (registers, constants and journals cannot). */
const TABULAR_SECTION_OWNERS = new Set<ObjectKind>([
	'Catalog',
	'Document',
	'ExchangePlan',
	'ChartOfAccounts',
	'ChartOfCalculationTypes',
	'ChartOfCharacteristicTypes',
	'BusinessProcess',
	'Task',
]);

export interface EntitySetName {
	kind: ObjectKind;
	/** name without the kind prefix; for a tabular section the section's own name */
	objectName: string;
	/** for a tabular section: the owner's set */
	owner?: string;
}

/**
 * `Document_ЗаказПокупателя` → kind Document, object name ЗаказПокупателя. By the prefix alone:
 * `Catalog_A_B` may be the catalog `A_B` or the tabular section `B` of `Catalog_A`, which only the
 * other names of the publication tell (`classifyEntitySets`).
 */
export function objectKindOf(entitySet: string): EntitySetName {
	for (const kind of KIND_PREFIXES) {
		if (entitySet.startsWith(`${kind}_`)) return { kind, objectName: entitySet.slice(kind.length + 1) };
	}
	return { kind: 'Other', objectName: entitySet };
}

/**
 * Classifies all sets of one publication. `Catalog_A_B` is the tabular section `B` of `Catalog_A`
 * when `Catalog_A` is among the names and, where the caller knows (from `$metadata`),
 * `hasTabularSection('Catalog_A', 'B')` says it has that section. Without that knowledge (a
 * service document lists names only) a catalog really named `A_B` next to a catalog `A` reads
 * as a section; 1C's own set names collide in that case too.
 */
export function classifyEntitySets(
	names: Iterable<string>,
	hasTabularSection?: (owner: string, section: string) => boolean,
): Map<string, EntitySetName> {
	const classified = new Map<string, EntitySetName>();
	// an owner's name is shorter than its sections' names, so it is classified before them
	const byLength = [...new Set(names)].sort((a, b) => a.length - b.length);
	for (const name of byLength) {
		const byPrefix = objectKindOf(name);
		classified.set(name, sectionOf(name, byPrefix, classified, hasTabularSection) ?? byPrefix);
	}
	return classified;
}

function sectionOf(
	name: string,
	byPrefix: EntitySetName,
	classified: Map<string, EntitySetName>,
	hasTabularSection: ((owner: string, section: string) => boolean) | undefined,
): EntitySetName | undefined {
	if (!TABULAR_SECTION_OWNERS.has(byPrefix.kind)) return undefined;
	const prefixLength = byPrefix.kind.length + 1;
	// object and section names may contain `_` themselves: try the longest owner first
	for (let cut = name.lastIndexOf('_'); cut > prefixLength; cut = name.lastIndexOf('_', cut - 1)) {
		const owner = name.slice(0, cut);
		const section = name.slice(cut + 1);
		if (section === '' || classified.get(owner)?.kind !== byPrefix.kind) continue;
		if (hasTabularSection && !hasTabularSection(owner, section)) continue;
		return { kind: 'TabularSection', objectName: section, owner };
	}
	return undefined;
}
