/** Syntax tree of a 1C `$filter` (and of `$orderby` keys). Plain data: safe to print and compare. */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type ArithmeticOperator = 'add' | 'sub' | 'mul' | 'div';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ComparisonOperator | ArithmeticOperator | LogicalOperator;

export type LiteralNode =
	| { kind: 'literal'; type: 'string'; value: string }
	| { kind: 'literal'; type: 'number'; value: number }
	| { kind: 'literal'; type: 'boolean'; value: boolean }
	| { kind: 'literal'; type: 'null'; value: null }
	/** lower-cased */
	| { kind: 'literal'; type: 'guid'; value: string }
	/** normalised to `YYYY-MM-DDTHH:MM:SS` */
	| { kind: 'literal'; type: 'datetime'; value: string };

/**
 * A property path from the entity being filtered (`Контрагент/Code`), or, when `variable` is set,
 * from a lambda variable (`d/Цена` → variable `d`, path `['Цена']`).
 */
export interface PropertyNode {
	kind: 'property';
	path: string[];
	variable?: string;
}

/** Navigation from the value of an expression: `cast(Основание,'Document_X')/Склад`. */
export interface MemberNode {
	kind: 'member';
	target: FilterNode;
	path: string[];
}

export interface BinaryNode {
	kind: 'binary';
	operator: BinaryOperator;
	left: FilterNode;
	right: FilterNode;
}

export interface NotNode {
	kind: 'not';
	operand: FilterNode;
}

export interface NegateNode {
	kind: 'negate';
	operand: FilterNode;
}

export interface CallNode {
	kind: 'call';
	name: string;
	args: FilterNode[];
}

/** `Товары/any(d: d/Цена gt 10)`; `any()` without a predicate tests that the collection is not empty. */
export interface LambdaNode {
	kind: 'lambda';
	quantifier: 'any' | 'all';
	collection: FilterNode;
	variable?: string;
	predicate?: FilterNode;
}

export type FilterNode =
	| LiteralNode
	| PropertyNode
	| MemberNode
	| BinaryNode
	| NotNode
	| NegateNode
	| CallNode
	| LambdaNode;
