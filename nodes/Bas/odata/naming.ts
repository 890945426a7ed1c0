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

/** `Document_ЗаказПокупателя` → kind Document, object name ЗаказПокупателя. */
export function objectKindOf(entitySet: string): { kind: ObjectKind; objectName: string } {
	for (const kind of KIND_PREFIXES) {
		if (entitySet.startsWith(`${kind}_`)) return { kind, objectName: entitySet.slice(kind.length + 1) };
	}
	return { kind: 'Other', objectName: entitySet };
}
