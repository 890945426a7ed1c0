/**
 * Look-up rules ("find <entity set> where <field> equals <value> [and …]") compiled against the
 * `$metadata` model into filters that only the OData builder writes.
 */
import { allOf, anyOf, anyRow, eq, type Filter, literal } from '../odata/filter';
import type { MetadataModel } from '../odata/model';
import {
	entitySetOf,
	LookupRuleError,
	type MatchField,
	resolveMatchField,
	type TypedValue,
	typedValue,
} from './fields';

export interface FieldCondition {
	/**
	 * `Артикул`, `Code`, `Description`, a reference `Owner` (or `Owner_Key`), an attribute of a
	 * referenced object `Контрагент/ИНН`, or a column of a tabular section
	 * `КонтактнаяИнформация/НомерТелефона` (matches when some row has the value)
	 */
	field: string;
	value: unknown;
	/** other spellings of the same value that count as a match too (a phone with and without +) */
	alsoMatch?: unknown[];
	/** for a composite field compared with a reference: the value's entity set (`Catalog_Номенклатура`) */
	valueType?: string;
}

export interface LookupRule {
	/** `Catalog_Контрагенты` */
	entitySet: string;
	/** all must hold (and) */
	conditions: FieldCondition[];
	/** rows marked for deletion count too; by default they are ignored */
	includeDeleted?: boolean;
	/** fields to return besides Ref_Key, Code and Description (e.g. `ЕдиницаИзмерения_Key`) */
	returnFields?: string[];
}

/** A condition checked against `$metadata`, its values written as literals. */
export interface CompiledCondition {
	field: MatchField;
	values: TypedValue[];
	valueType?: string;
}

export interface CompiledRule {
	rule: LookupRule;
	conditions: CompiledCondition[];
	/** identifies the look-up within an execution: same set, fields and values (as the base compares them) */
	key: string;
	/** fields with the same shape (set, fields, options) can share one request */
	shapeKey: string;
	/** `$select`: what the look-up reads back */
	select: string[];
	/** whether rows can be matched back to values locally (not through navigation paths) */
	batchable: boolean;
}

/** Standard catalog fields a candidate is described by, where the set has them. */
const DESCRIBING_FIELDS = ['Ref_Key', 'Code', 'Description', 'DeletionMark'];

export function compileRule(model: MetadataModel, rule: LookupRule, timeZone: string): CompiledRule {
	const set = entitySetOf(model, rule.entitySet);
	if (rule.conditions.length === 0) {
		throw new LookupRuleError(`A look-up in ${rule.entitySet} needs at least one field to match`);
	}
	const conditions = rule.conditions.map((condition): CompiledCondition => {
		const field = resolveMatchField(model, rule.entitySet, condition.field);
		if (condition.valueType !== undefined) entitySetOf(model, condition.valueType);
		const values = [condition.value, ...(condition.alsoMatch ?? [])].map((value) =>
			typedValue(field, value, timeZone, condition.valueType),
		);
		return { field, values, valueType: condition.valueType };
	});

	const has = (name: string) => set.properties.some((property) => property.name === name);
	const select = new Set(DESCRIBING_FIELDS.filter(has));
	for (const { field } of conditions) {
		if (field.kind === 'sectionColumn') select.add(`${field.section}/${field.path}`);
		else if (field.kind !== 'navigation') select.add(field.path);
		if (field.kind === 'composite') select.add(`${field.path}_Type`);
	}
	for (const name of rule.returnFields ?? []) {
		const field = resolveMatchField(model, rule.entitySet, name);
		select.add(field.kind === 'sectionColumn' ? `${field.section}/${field.path}` : field.path);
	}

	const fieldsPart = conditions.map((c) => `${c.field.field}${c.valueType ? `:${c.valueType}` : ''}`).join('&');
	const shapeKey = JSON.stringify([rule.entitySet, fieldsPart, rule.includeDeleted === true, [...select]]);
	const key = JSON.stringify([
		rule.entitySet,
		rule.includeDeleted === true,
		conditions.map((c) => [c.field.field, c.valueType ?? '', c.values.map((v) => v.canonical).sort()]),
	]);
	return {
		rule,
		conditions,
		key,
		shapeKey,
		select: [...select],
		batchable: conditions.every((c) => c.field.kind !== 'navigation'),
	};
}

/** One condition: equals its value or one of its other spellings; a section column in some row. */
function conditionFilter(condition: CompiledCondition): Filter {
	const { field } = condition;
	if (field.kind === 'sectionColumn') {
		const row = 'r';
		return anyRow(field.section!, row, anyOf(...condition.values.map((v) => eq(`${row}/${field.path}`, v.literal)))!);
	}
	return anyOf(...condition.values.map((v) => eq(field.path, v.literal)))!;
}

/**
 * The filter that finds the objects one rule matches (deletion marks aside), as short as OData
 * allows: many of them share one URL.
 */
export function matchFilter(rule: CompiledRule): Filter {
	return allOf(...rule.conditions.map(conditionFilter))!;
}

/** `DeletionMark eq false` unless deleted objects count, or the set has no deletion mark. */
export function deletionFilter(model: MetadataModel, rule: CompiledRule): Filter | undefined {
	if (rule.rule.includeDeleted) return undefined;
	const set = entitySetOf(model, rule.rule.entitySet);
	if (!set.properties.some((property) => property.name === 'DeletionMark')) return undefined;
	return eq('DeletionMark', literal.boolean(false));
}

/** `Артикул equals "A" and Owner equals "…"`, for messages. */
export function describeConditions(rule: LookupRule): string {
	return rule.conditions
		.map((condition) => {
			const values = [condition.value, ...(condition.alsoMatch ?? [])].map((v) => JSON.stringify(v));
			return `${condition.field} equals ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`;
		})
		.join(' and ');
}
