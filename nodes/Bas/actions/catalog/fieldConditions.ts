import type { INode, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	and,
	compare,
	type ComparisonOperator,
	type Filter,
	literal,
	type Literal,
	or,
	startsWith,
	substringOf,
} from '../../odata/filter';
import { EMPTY_GUID, isGuid } from '../../odata/literals';
import { isNumericType, type MetadataModel, type PropertyModel } from '../../odata/model';
import { compositeReference } from '../conditionRows';

/** Where a condition is built: for errors that name the node, the item and the object. */
export interface ConditionContext {
	node: INode;
	itemIndex: number;
	/** the catalog or register the fields belong to, e.g. `Catalog_Контрагенты` */
	objectName: string;
	metadata: MetadataModel;
	/** the base's time zone, for dates (the credentials' server time zone) */
	timeZone: string;
}

export type ConditionOperator = ComparisonOperator | 'contains' | 'startsWith';

/** One filter row as the user set it on the canvas. */
export interface FieldCondition {
	field: string;
	operator?: ConditionOperator;
	value: unknown;
	/** the type of a reference in a composite field, e.g. `Catalog_Склады` */
	valueType?: string;
}

/**
 * Fields a filter can compare: plain values, references (`X_Key`) and composite attributes (`X`:
 * text, or a reference together with its Value Type). Value storage cannot be compared in 1C and
 * tabular sections are no single value.
 */
export function filterableProperties(properties: PropertyModel[]): PropertyModel[] {
	return properties.filter((p) => p.kind === 'value' || p.kind === 'reference' || p.kind === 'composite');
}

function fail(context: ConditionContext, message: string, description?: string): never {
	throw new NodeOperationError(context.node, message, { itemIndex: context.itemIndex, description });
}

function shown(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/**
 * The property a user named, by its OData name (`Склад_Key`) or by its attribute name (`Склад`);
 * names not in `$metadata` are refused, since 1C would answer an unknown name with an error or,
 * worse, ignore it.
 */
export function findProperty(
	context: ConditionContext,
	properties: PropertyModel[],
	name: string,
	value?: unknown,
): PropertyModel {
	const trimmed = String(name ?? '').trim();
	const property =
		properties.find((p) => p.name === trimmed) ??
		properties.find((p) => p.attribute === trimmed && p.kind === 'reference');
	if (property) return property;
	const known = properties.map((p) => p.name);
	const withValue = value === undefined ? '' : ` (value ${shown(value)})`;
	const exists =
		known.length > 0 ? `Fields it has: ${known.slice(0, 40).join(', ')}${known.length > 40 ? ', …' : ''}` : undefined;
	return fail(context, `${context.objectName} has no field "${trimmed}" to filter on${withValue}`, exists);
}

function enumMembers(context: ConditionContext, property: PropertyModel): string[] | undefined {
	if (property.type.startsWith('Edm.')) return undefined;
	const name = property.type.slice(property.type.lastIndexOf('.') + 1);
	return context.metadata.enums[name]?.members;
}

/**
 * A value from the canvas as the literal its property's type needs: a GUID for references (an
 * empty value is the empty reference; in a composite field cast to its value type), a number, a
 * boolean, a date in the base's time zone, an enum member, or a string.
 */
export function propertyLiteral(
	context: ConditionContext,
	property: PropertyModel,
	value: unknown,
	valueType?: string,
): Literal {
	const bad = (why: string): never =>
		fail(context, `The value ${shown(value)} for ${property.name} in ${context.objectName} ${why}`);
	const text = value === null || value === undefined ? '' : String(value).trim();
	if (property.kind === 'composite') {
		const typed = String(valueType ?? '').trim() !== '';
		return isGuid(text) || typed ? compositeReference(context, property, value, valueType) : literal.string(text);
	}
	if (property.kind === 'reference' || property.type === 'Edm.Guid') {
		if (text === '') return literal.guid(EMPTY_GUID);
		return isGuid(text) ? literal.guid(text) : bad('is not a reference key (a GUID such as Ref_Key)');
	}
	if (isNumericType(property.type)) {
		const number = typeof value === 'number' ? value : Number(text.replace(',', '.'));
		return text !== '' && Number.isFinite(number) ? literal.number(number) : bad('is not a number');
	}
	if (property.type === 'Edm.Boolean') {
		if (value === true || /^true$/i.test(text)) return literal.boolean(true);
		if (value === false || /^false$/i.test(text)) return literal.boolean(false);
		return bad('is not true or false');
	}
	if (property.type === 'Edm.DateTime' || property.type === 'Edm.DateTimeOffset') {
		try {
			return literal.dateTime(value instanceof Date ? value : text, context.timeZone);
		} catch (error) {
			return bad(`is not a date: ${(error as Error).message}`);
		}
	}
	const members = enumMembers(context, property);
	if (members && !members.includes(text)) return bad(`is not one of its values: ${members.join(', ')}`);
	return literal.string(typeof value === 'string' ? value : text);
}

/** One row as a filter; contains and starts-with are text comparisons only. */
function conditionFilter(context: ConditionContext, property: PropertyModel, condition: FieldCondition): Filter {
	const operator = condition.operator ?? 'eq';
	if (operator === 'contains' || operator === 'startsWith') {
		if (property.type !== 'Edm.String') {
			fail(context, `"${operator}" compares text, but ${property.name} in ${context.objectName} is ${property.type}`);
		}
		const text = String(condition.value ?? '');
		return operator === 'contains' ? substringOf(text, property.name) : startsWith(property.name, text);
	}
	return compare(property.name, operator, propertyLiteral(context, property, condition.value, condition.valueType));
}

/**
 * The rows as one filter: rows on different fields must all hold; several equality rows on the
 * same field are alternatives (warehouse A or warehouse B), which is how such a row list reads.
 */
export function conditionsFilter(
	context: ConditionContext,
	properties: PropertyModel[],
	conditions: FieldCondition[],
): Filter | undefined {
	const equalities = new Map<string, Filter[]>();
	const others: Filter[] = [];
	for (const condition of conditions) {
		const property = findProperty(context, properties, condition.field, condition.value);
		const filter = conditionFilter(context, property, condition);
		if ((condition.operator ?? 'eq') === 'eq') {
			equalities.set(property.name, [...(equalities.get(property.name) ?? []), filter]);
		} else {
			others.push(filter);
		}
	}
	return and(...[...equalities.values()].map((alternatives) => or(...alternatives)), ...others);
}

/** `ИНН = "3000000", Description = "…"`, for messages about a look-up. */
export function describeConditions(conditions: FieldCondition[]): string {
	return conditions.map((c) => `${String(c.field).trim()} = ${shown(c.value)}`).join(' and ');
}

/** `Склад (reference to Catalog_Склады)`: a field named the way a person reads it, with its kind. */
export function fieldOption(property: PropertyModel): INodePropertyOptions {
	const kind =
		property.kind === 'reference'
			? `reference${property.target ? ` to ${property.target}` : ''}`
			: property.type.replace(/^Edm\./, '');
	return { name: `${property.attribute} (${kind})`, value: property.name, description: property.name };
}
