/**
 * Evaluates a parsed `$filter` against entities exactly as the server serves them (plain JSON).
 *
 * Logic is three-valued like 1C's query language, which `$filter` is translated into: a
 * comparison involving NULL or a missing property is *unknown*; `not unknown` stays unknown;
 * only rows whose filter is true are returned. So a misspelled property yields an empty result
 * instead of an error (as 1C does), unless `strict` asks for error 10.
 */
import type { FilterNode, PropertyNode } from './ast';
import { notImplementedError, ODataQueryError, parseError, propertyNotFoundError } from './errors';
import { IMPLEMENTATIONS } from './functions';
import {
	asDateText,
	compareValues,
	DateTimeValue,
	GuidValue,
	isGuidText,
	type StringComparison,
	toPlain,
} from './values';

export type Entity = Record<string, unknown>;

/** Reads `path` from an entity; undefined means "no such property", null an empty value. */
export type PathResolver = (row: Entity, path: string[]) => unknown;

export interface QueryContext {
	/**
	 * Follows a property path from an entity or a tabular-section row. The server supplies one that
	 * turns a navigation step (`Контрагент`) into the referenced entity via `Контрагент_Key`
	 * (see `createResolver`); the default only reads nested plain properties. A resolver that knows
	 * the metadata may itself throw `propertyNotFoundError` for names the type does not have.
	 */
	resolve?: PathResolver;
	/** looks up an object by type and key, for navigation after `cast(…,'Catalog_X')` */
	resolveReference?: (entityType: string, key: string) => Entity | null | undefined;
	/** throw error 10 when a path resolves to nothing instead of treating the comparison as unknown */
	strict?: boolean;
	/**
	 * How `eq`/`gt`/… compare strings. Default 'ordinal' (case-sensitive). 1C compares strings
	 * with the DBMS collation, which is usually case-insensitive — UNCERTAIN; set 'ignoreCase' to model that.
	 */
	stringComparison?: StringComparison;
}

/** Reads a path through nested plain objects; null part-way (an empty reference) gives null. */
export const defaultResolve: PathResolver = (row, path) => {
	let current: unknown = row;
	for (const step of path) {
		if (current === null) return null;
		if (typeof current !== 'object' || Array.isArray(current)) return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, step)) return undefined;
		current = (current as Entity)[step];
	}
	return current;
};

/**
 * A resolver for the server: own properties are read directly; a step that is not a property
 * is handed to `navigate(owner, name)` — typically "find the entity whose Ref_Key is owner[name + '_Key']",
 * returning null for an empty reference and undefined when `name` is no navigation property either.
 * A composite attribute holds the GUID itself (with `name_Type` beside it): when the path goes on
 * past such a value, `navigate(owner, name)` is asked for the entity as well.
 */
export function createResolver(navigate: (owner: Entity, name: string) => unknown): PathResolver {
	return (row, path) => {
		let current: unknown = row;
		for (let index = 0; index < path.length; index++) {
			if (current === null) return null;
			if (typeof current !== 'object' || Array.isArray(current)) return undefined;
			const owner = current as Entity;
			const step = path[index];
			if (!Object.prototype.hasOwnProperty.call(owner, step)) current = navigate(owner, step);
			else {
				current = owner[step];
				if (index < path.length - 1 && isGuidText(current)) current = navigate(owner, step);
			}
		}
		return current;
	};
}

/** true/false, or null for unknown */
type Truth = boolean | null;

interface Scope {
	row: Entity;
	/** lambda variables bound to tabular-section rows */
	variables: Map<string, unknown>;
	context: QueryContext;
	resolve: PathResolver;
	mode: StringComparison;
}

const OPTION = '$filter';

function resolveStrictly(scope: Scope, base: unknown, path: string[], shownPath: string[]): unknown {
	if (path.length === 0) return base;
	if (base === null) return null;
	if (base === undefined || typeof base !== 'object' || Array.isArray(base)) {
		if (scope.context.strict) throw propertyNotFoundError(OPTION, shownPath);
		return undefined;
	}
	const value = scope.resolve(base as Entity, path);
	if (value === undefined && scope.context.strict) throw propertyNotFoundError(OPTION, shownPath);
	return value;
}

function propertyValue(node: PropertyNode, scope: Scope): unknown {
	if (node.variable === undefined) return resolveStrictly(scope, scope.row, node.path, node.path);
	return resolveStrictly(scope, scope.variables.get(node.variable), node.path, [node.variable, ...node.path]);
}

/**
 * The `X_Type` companion of a composite attribute reached by a path, if any. Read without
 * `strict`: most attributes have no such companion.
 */
function compositeType(node: FilterNode, scope: Scope): string | undefined {
	if (node.kind !== 'property' || node.path.length === 0) return undefined;
	const base = node.variable === undefined ? scope.row : scope.variables.get(node.variable);
	if (base === null || typeof base !== 'object') return undefined;
	const path = [...node.path.slice(0, -1), `${node.path[node.path.length - 1]}_Type`];
	try {
		const type = scope.resolve(base as Entity, path);
		return typeof type === 'string' ? type : undefined;
	} catch (error) {
		// a metadata-aware resolver may refuse the companion name: then there is none
		if (error instanceof ODataQueryError) return undefined;
		throw error;
	}
}

const TYPE_NAMESPACE = 'StandardODATA.';

function sameEntityType(composite: string, entityType: string): boolean {
	const bare = composite.startsWith(TYPE_NAMESPACE) ? composite.slice(TYPE_NAMESPACE.length) : composite;
	return bare === entityType;
}

function castValue(target: FilterNode, typeName: string, scope: Scope): unknown {
	const value = evaluateValue(target, scope);
	if (value === undefined || value === null) return value;
	const plain = toPlain(value);
	switch (typeName) {
		case 'Edm.String':
			return typeof plain === 'object' ? null : String(plain);
		case 'Edm.Int16':
		case 'Edm.Int32':
		case 'Edm.Int64':
		case 'Edm.Decimal':
		case 'Edm.Double':
		case 'Edm.Single': {
			const number = typeof plain === 'number' ? plain : typeof plain === 'string' ? Number(plain) : Number.NaN;
			if (!Number.isFinite(number)) return null;
			return typeName.startsWith('Edm.Int') ? Math.trunc(number) : number;
		}
		case 'Edm.Boolean':
			return typeof plain === 'boolean' ? plain : null;
		case 'Edm.Guid':
			return isGuidText(plain) ? new GuidValue(plain.toLowerCase()) : null;
		case 'Edm.DateTime': {
			const text = asDateText(value);
			return text === undefined ? null : new DateTimeValue(text);
		}
	}
	// a reference type (Catalog_X, Document_Y): the value stays the GUID, now knowing what it points to;
	// a composite attribute holding another type casts to NULL, as ВЫРАЗИТЬ does
	const composite = compositeType(target, scope);
	if (composite !== undefined && !sameEntityType(composite, typeName)) return null;
	if (!isGuidText(plain)) return typeof plain === 'object' ? plain : null;
	return new GuidValue(plain.toLowerCase(), typeName);
}

function isOfType(target: FilterNode, typeName: string, scope: Scope): Truth {
	const value = evaluateValue(target, scope);
	if (value === undefined || value === null) return null;
	const composite = compositeType(target, scope);
	if (composite !== undefined) return sameEntityType(composite, typeName);
	if (value instanceof GuidValue && value.entityType !== undefined) return value.entityType === typeName;
	// without type information the value is taken to be of the asked type (UNCERTAIN)
	return true;
}

function memberValue(node: Extract<FilterNode, { kind: 'member' }>, scope: Scope): unknown {
	const target = evaluateValue(node.target, scope);
	if (target === undefined || target === null) return target;
	if (target instanceof GuidValue) {
		if (target.entityType !== undefined && scope.context.resolveReference) {
			const entity = scope.context.resolveReference(target.entityType, target.text);
			return resolveStrictly(scope, entity, node.path, node.path);
		}
		// no reference lookup: let the path resolver navigate through the cast's own argument
		const inner = node.target.kind === 'call' ? node.target.args[0] : undefined;
		if (inner?.kind === 'property') {
			const base = inner.variable === undefined ? scope.row : scope.variables.get(inner.variable);
			return resolveStrictly(scope, base, [...inner.path, ...node.path], [...inner.path, ...node.path]);
		}
		return scope.context.strict ? resolveStrictly(scope, undefined, node.path, node.path) : undefined;
	}
	return resolveStrictly(scope, target, node.path, node.path);
}

function arithmetic(operator: 'add' | 'sub' | 'mul' | 'div', left: unknown, right: unknown): unknown {
	if (left === undefined || right === undefined) return undefined;
	if (typeof left !== 'number' || typeof right !== 'number') return null;
	switch (operator) {
		case 'add':
			return left + right;
		case 'sub':
			return left - right;
		case 'mul':
			return left * right;
		case 'div':
			// 1C raises "division by zero" in the query; here the row just does not match (UNCERTAIN)
			return right === 0 ? null : left / right;
	}
}

function literalValue(node: Extract<FilterNode, { kind: 'literal' }>): unknown {
	if (node.type === 'guid') return new GuidValue(node.value);
	if (node.type === 'datetime') return new DateTimeValue(node.value);
	return node.value;
}

function comparison(node: Extract<FilterNode, { kind: 'binary' }>, scope: Scope): Truth {
	const left = evaluateValue(node.left, scope);
	const right = evaluateValue(node.right, scope);
	if (left === undefined || right === undefined) return null;
	const operator = node.operator;
	if (operator === 'eq' || operator === 'ne') {
		// `X eq null` is the test for NULL (ЕСТЬ NULL); NULL against anything else is unknown
		const nullLiteral =
			(node.left.kind === 'literal' && node.left.type === 'null') ||
			(node.right.kind === 'literal' && node.right.type === 'null');
		if (nullLiteral) return (left === null && right === null) === (operator === 'eq');
		if (left === null || right === null) return null;
		// 1C: a composite attribute compared with a bare guid literal never matches — it needs
		// cast(guid'…','Document_X'); a cast to another type does not match either
		const guidSide = right instanceof GuidValue ? right : left instanceof GuidValue ? left : undefined;
		if (guidSide) {
			const composite = compositeType(guidSide === right ? node.left : node.right, scope);
			if (composite !== undefined) {
				if (guidSide.entityType === undefined) return null;
				if (!sameEntityType(composite, guidSide.entityType)) return operator === 'ne';
			}
		}
		const order = compareValues(left, right, scope.mode);
		return (order === 0) === (operator === 'eq');
	}
	if (left === null || right === null) return null;
	const order = compareValues(left, right, scope.mode);
	if (order === undefined) return null;
	switch (operator) {
		case 'gt':
			return order > 0;
		case 'ge':
			return order >= 0;
		case 'lt':
			return order < 0;
		default:
			return order <= 0;
	}
}

function asTruth(value: unknown): Truth {
	if (value === undefined || value === null) return null;
	if (typeof value === 'boolean') return value;
	throw parseError(OPTION, 'выражение фильтра должно быть логическим');
}

function lambda(node: Extract<FilterNode, { kind: 'lambda' }>, scope: Scope): Truth {
	const collection = evaluateValue(node.collection, scope);
	if (collection === undefined || collection === null) return null;
	if (!Array.isArray(collection)) {
		throw notImplementedError(OPTION, 'Лямбда-выражение применимо только к табличной части');
	}
	if (!node.predicate || node.variable === undefined) return collection.length > 0;
	const variable = node.variable;
	const previous = scope.variables.get(variable);
	const hadPrevious = scope.variables.has(variable);
	try {
		// any: some row satisfies the predicate; all: every row does (an empty section satisfies all)
		for (const item of collection) {
			scope.variables.set(variable, item);
			const result = truthOf(node.predicate, scope);
			if (node.quantifier === 'any' && result === true) return true;
			if (node.quantifier === 'all' && result !== true) return false;
		}
		return node.quantifier === 'all';
	} finally {
		if (hadPrevious) scope.variables.set(variable, previous);
		else scope.variables.delete(variable);
	}
}

function truthOf(node: FilterNode, scope: Scope): Truth {
	if (node.kind === 'binary' && (node.operator === 'and' || node.operator === 'or')) {
		const left = truthOf(node.left, scope);
		// Kleene logic, short-circuiting when the left side decides
		if (node.operator === 'and') {
			if (left === false) return false;
			const right = truthOf(node.right, scope);
			if (right === false) return false;
			return left === null || right === null ? null : true;
		}
		if (left === true) return true;
		const right = truthOf(node.right, scope);
		if (right === true) return true;
		return left === null || right === null ? null : false;
	}
	if (node.kind === 'not') {
		const operand = truthOf(node.operand, scope);
		return operand === null ? null : !operand;
	}
	return asTruth(evaluateValue(node, scope));
}

function evaluateValue(node: FilterNode, scope: Scope): unknown {
	switch (node.kind) {
		case 'literal':
			return literalValue(node);
		case 'property':
			return propertyValue(node, scope);
		case 'member':
			return memberValue(node, scope);
		case 'negate': {
			const operand = evaluateValue(node.operand, scope);
			if (operand === undefined || operand === null) return operand;
			return typeof operand === 'number' ? -operand : null;
		}
		case 'not':
			return truthOf(node, scope);
		case 'lambda':
			return lambda(node, scope);
		case 'binary':
			switch (node.operator) {
				case 'and':
				case 'or':
					return truthOf(node, scope);
				case 'add':
				case 'sub':
				case 'mul':
				case 'div':
					return arithmetic(node.operator, evaluateValue(node.left, scope), evaluateValue(node.right, scope));
				default:
					return comparison(node, scope);
			}
		case 'call': {
			const typeName = node.args[1]?.kind === 'literal' ? String(node.args[1].value) : '';
			if (node.name === 'cast') return castValue(node.args[0], typeName, scope);
			if (node.name === 'isof') return isOfType(node.args[0], typeName, scope);
			return IMPLEMENTATIONS[node.name](node.args.map((arg) => evaluateValue(arg, scope)));
		}
	}
}

function makeScope(row: Entity, context: QueryContext): Scope {
	return {
		row,
		variables: new Map(),
		context,
		resolve: context.resolve ?? defaultResolve,
		mode: context.stringComparison ?? 'ordinal',
	};
}

/** True when the row passes the filter (unknown counts as not passing). */
export function evaluateFilter(node: FilterNode, row: Entity, context: QueryContext = {}): boolean {
	return truthOf(node, makeScope(row, context)) === true;
}

/**
 * The value of an expression for a row, as plain JSON (used for `$orderby` keys). undefined
 * means a missing property.
 */
export function evaluateExpression(node: FilterNode, row: Entity, context: QueryContext = {}): unknown {
	return toPlain(evaluateValue(node, makeScope(row, context)));
}
