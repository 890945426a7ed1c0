/**
 * What BAS Document's Upsert stands on: where the external (CRM) id is kept and how a document is
 * found by it (externalId), the in-process lock (lock) and the cross-process guard (guard) that
 * keep one document per id, and the amount check (amount).
 */
export { additionalPropertyKey } from './additionalProperty';
export {
	type AmountCheck,
	checkAmount,
	currencyField,
	currencyLabel,
	DEFAULT_AMOUNT_FIELD,
	documentCurrency,
} from './amount';
export {
	ADDITIONAL_ATTRIBUTES_CHART,
	ADDITIONAL_ATTRIBUTES_SECTION,
	carriesExternalId,
	describeLocation,
	externalIdCandidates,
	type ExternalIdLocation,
	externalIdFilter,
	externalIdRow,
	locationProblem,
	SUGGESTED_EXTERNAL_ID_FIELDS,
} from './externalId';
export {
	findByExternalId,
	type FoundDocuments,
	keepOldest,
	noteField,
	oldestDocumentFirst,
	type Settled,
	settleAfterCreate,
} from './guard';
export { getExternalIdFields } from './loadOptions';
export { lockedKeys, withKeyLock } from './lock';
