/**
 * Resolving references by look-up rules, for every BAS node: find one object by fields
 * (`findOne`), many values in few requests (`resolveLookups`), find-or-create (`findOrCreate`),
 * goods lines (`resolveLines`) and counterparties (`findOrCreateCounterparty`). Create one
 * LookupCache per node run and pass it to every call. Batched look-ups split their `or` chains at
 * the connection's `maxUrlLength` (the credential's "Max URL Length"; `LookupOptions.maxUrlLength`
 * overrides it). On the canvas: `lookupRuleProperty` (one rule, or with `writeTo` several rules
 * that each fill a reference field) and `readLookupRule` / `readLookupRules` to read them.
 */
export { LookupCache, type LookupMatch, type LookupOutcome } from './cache';
export { findOrCreate, resolveSettled, type CreateSpec, type FindOrCreateResult } from './create';
export {
	COUNTERPARTY_SET,
	CONTACT_TYPES,
	DEFAULT_COUNTERPARTY_FIELDS,
	findOrCreateCounterparty,
	type CounterpartyKey,
	type CounterpartyLookup,
	type CounterpartyResult,
} from './counterparty';
export {
	lookupRuleProperty,
	readLookupRule,
	readLookupRules,
	type LookupRuleParameter,
	type TargetedLookupRule,
} from './description';
export { LookupRuleError, resolveMatchField, type MatchField } from './fields';
export { resolveLines, type GoodsLine, type GoodsLineRules, type LineLookupError, type ResolvedLine } from './lines';
export {
	findOne,
	lookupFailureMessage,
	lookupNodeError,
	type LookupOptions,
	MAX_LOOKUP_URL_LENGTH,
	resolveLookups,
} from './lookup';
export { normalisePhone, PhoneNumberError, phoneSpellings } from './phone';
export { compileRule, describeConditions, type FieldCondition, type LookupRule } from './rules';
