/**
 * Recursive-descent parser of 1C's `$filter` dialect (OData v3 syntax plus 1C's functions and
 * lambdas). Precedence, loosest first:
 *
 *   or → and → not → eq/ne → gt/ge/lt/le → add/sub → mul/div → unary minus → path / call / literal
 *
 * `not` sits between `and` and the comparisons, so `not A eq B` reads `not (A eq B)`. The OData
 * grammar binds `not` tighter than `eq`, but 1C translates `$filter` into its query language,
 * where НЕ binds looser than `=`; for boolean operands both readings give the same result
 * (UNCERTAIN how 1C treats `not` over a non-boolean operand — here it is simply the comparison).
 */
import type { BinaryOperator, FilterNode, LiteralNode, PropertyNode } from './ast';
import { notImplementedError, parseError } from './errors';
import { FUNCTIONS, UNSUPPORTED_FUNCTIONS } from './functions';
import { type Token, tokenize } from './lexer';
import { dateParts, formatDate, isGuidText } from './values';

const EQUALITY = new Set(['eq', 'ne']);
const RELATIONAL = new Set(['gt', 'ge', 'lt', 'le']);
const ADDITIVE = new Set(['add', 'sub']);
const MULTIPLICATIVE = new Set(['mul', 'div']);
/** OData operators 1C does not implement */
const UNSUPPORTED_OPERATORS = new Set(['mod', 'has', 'in']);

export class ExpressionParser {
	private readonly tokens: Token[];
	private index = 0;
	/** lambda variables visible at the current point, innermost last */
	private readonly scope: string[] = [];

	constructor(
		readonly text: string,
		readonly option = '$filter',
	) {
		this.tokens = tokenize(text, option);
	}

	get current(): Token {
		return this.tokens[this.index];
	}

	atEnd(): boolean {
		return this.current.kind === 'end';
	}

	/** the next token if it is the identifier `word` (operators and keywords are lower-case in OData) */
	isWord(word: string, token: Token = this.current): boolean {
		return token.kind === 'identifier' && token.text === word;
	}

	isPunctuation(text: string, token: Token = this.current): boolean {
		return token.kind === 'punctuation' && token.text === text;
	}

	advance(): Token {
		const token = this.current;
		if (token.kind !== 'end') this.index++;
		return token;
	}

	fail(message: string, token: Token = this.current): never {
		throw parseError(this.option, message, token.position);
	}

	expectPunctuation(text: string): void {
		if (!this.isPunctuation(text)) this.fail(`ожидается "${text}", найдено ${describe(this.current)}`);
		this.advance();
	}

	/** A whole expression; stops at the first token that cannot continue it. */
	parseExpression(): FilterNode {
		return this.parseOr();
	}

	private parseOr(): FilterNode {
		let left = this.parseAnd();
		while (this.isWord('or')) {
			this.advance();
			left = this.logical('or', left, this.parseAnd());
		}
		return left;
	}

	private parseAnd(): FilterNode {
		let left = this.parseNot();
		while (this.isWord('and')) {
			this.advance();
			left = this.logical('and', left, this.parseNot());
		}
		return left;
	}

	private parseNot(): FilterNode {
		if (this.isWord('not')) {
			const token = this.advance();
			const operand = this.parseNot();
			this.requireBoolean(operand, token);
			return { kind: 'not', operand };
		}
		return this.parseBinaryLevel(0);
	}

	private logical(operator: 'and' | 'or', left: FilterNode, right: FilterNode): FilterNode {
		this.requireBoolean(left);
		this.requireBoolean(right);
		return { kind: 'binary', operator, left, right };
	}

	/** Refuses operands that can never be true/false (`1 and …`, `year(Date) or …`). */
	requireBoolean(node: FilterNode, token: Token = this.current): void {
		if (!mayBeBoolean(node)) this.fail('ожидается логическое выражение', token);
	}

	private static readonly LEVELS = [EQUALITY, RELATIONAL, ADDITIVE, MULTIPLICATIVE];

	private parseBinaryLevel(level: number): FilterNode {
		if (level === ExpressionParser.LEVELS.length) return this.parseUnary();
		const operators = ExpressionParser.LEVELS[level];
		let left = this.parseBinaryLevel(level + 1);
		for (;;) {
			const token = this.current;
			if (token.kind === 'identifier' && UNSUPPORTED_OPERATORS.has(token.text)) {
				throw notImplementedError(this.option, `Операция "${token.text}" не поддерживается`, token.position);
			}
			if (token.kind !== 'identifier' || !operators.has(token.text)) return left;
			this.advance();
			const right = this.parseBinaryLevel(level + 1);
			left = { kind: 'binary', operator: token.text as BinaryOperator, left, right };
		}
	}

	private parseUnary(): FilterNode {
		if (this.isPunctuation('-')) {
			this.advance();
			return { kind: 'negate', operand: this.parseUnary() };
		}
		return this.parsePostfix(this.parsePrimary());
	}

	private parsePrimary(): FilterNode {
		const token = this.current;
		switch (token.kind) {
			case 'string':
				this.advance();
				return { kind: 'literal', type: 'string', value: token.value };
			case 'number':
				this.advance();
				if (!Number.isFinite(token.value)) this.fail(`неверная числовая константа "${token.text}"`, token);
				return { kind: 'literal', type: 'number', value: token.value };
			case 'typed':
				this.advance();
				return this.typedLiteral(token);
			case 'punctuation':
				if (token.text === '(') {
					this.advance();
					const inner = this.parseExpression();
					this.expectPunctuation(')');
					return inner;
				}
				return this.fail(`неожиданный символ "${token.text}"`);
			case 'end':
				return this.fail('неожиданный конец выражения');
			case 'identifier':
				break;
		}
		const word = token.text;
		if (word === 'true' || word === 'false') {
			this.advance();
			return { kind: 'literal', type: 'boolean', value: word === 'true' };
		}
		if (word === 'null') {
			this.advance();
			return { kind: 'literal', type: 'null', value: null };
		}
		if (this.isPunctuation('(', this.tokens[this.index + 1])) return this.parseCall();
		if (isReservedWord(word)) this.fail(`неожиданное слово "${word}"`);
		this.advance();
		const node: PropertyNode = { kind: 'property', path: [word] };
		// the innermost lambda variable of that name shadows a property
		if (this.scope.includes(word)) return { kind: 'property', variable: word, path: [] };
		return node;
	}

	private typedLiteral(token: Extract<Token, { kind: 'typed' }>): LiteralNode {
		if (token.prefix === 'guid') {
			if (!isGuidText(token.body)) this.fail(`неверная константа guid'${token.body}'`, token);
			return { kind: 'literal', type: 'guid', value: token.body.toLowerCase() };
		}
		// 1C dates have whole seconds: seconds may be omitted, a fraction is dropped (UNCERTAIN whether 1C accepts one)
		const parts = dateParts(token.body);
		if (!parts) this.fail(`неверная константа datetime'${token.body}'`, token);
		return { kind: 'literal', type: 'datetime', value: formatDate(parts) };
	}

	private parseCall(): FilterNode {
		const nameToken = this.advance() as Extract<Token, { kind: 'identifier' }>;
		const name = nameToken.text;
		const spec = FUNCTIONS[name];
		if (!spec) {
			const hint = UNSUPPORTED_FUNCTIONS[name] ? ` (используйте ${UNSUPPORTED_FUNCTIONS[name]})` : '';
			throw notImplementedError(this.option, `Функция "${name}" не поддерживается${hint}`, nameToken.position);
		}
		this.expectPunctuation('(');
		const args: FilterNode[] = [];
		if (!this.isPunctuation(')')) {
			for (;;) {
				args.push(this.parseExpression());
				if (!this.isPunctuation(',')) break;
				this.advance();
			}
		}
		this.expectPunctuation(')');
		if (args.length < spec.minArgs || args.length > spec.maxArgs) {
			throw notImplementedError(
				this.option,
				`Неверное количество параметров функции "${name}": ${args.length}`,
				nameToken.position,
			);
		}
		if ((name === 'cast' || name === 'isof') && !(args[1].kind === 'literal' && args[1].type === 'string')) {
			throw notImplementedError(
				this.option,
				`Второй параметр функции "${name}" должен быть строкой с именем типа`,
				nameToken.position,
			);
		}
		return { kind: 'call', name, args };
	}

	/** `/Name` steps and `/any(…)`, `/all(…)` after a primary expression. */
	private parsePostfix(node: FilterNode): FilterNode {
		while (this.isPunctuation('/')) {
			this.advance();
			const token = this.current;
			if (token.kind !== 'identifier') this.fail(`ожидается имя свойства, найдено ${describe(token)}`);
			this.advance();
			if (this.isPunctuation('(')) {
				if (token.text !== 'any' && token.text !== 'all') {
					throw notImplementedError(this.option, `Функция "${token.text}" не поддерживается`, token.position);
				}
				if (node.kind === 'literal') this.fail('лямбда-выражение применимо только к коллекции', token);
				return this.parseLambda(token.text, node);
			}
			if (node.kind === 'property') node = { ...node, path: [...node.path, token.text] };
			else if (node.kind === 'member') node = { ...node, path: [...node.path, token.text] };
			else if (node.kind === 'call') node = { kind: 'member', target: node, path: [token.text] };
			else this.fail(`переход по свойству "${token.text}" здесь невозможен`, token);
		}
		return node;
	}

	private parseLambda(quantifier: 'any' | 'all', collection: FilterNode): FilterNode {
		this.expectPunctuation('(');
		if (this.isPunctuation(')')) {
			if (quantifier === 'all') this.fail('у all() должно быть условие');
			this.advance();
			return { kind: 'lambda', quantifier, collection };
		}
		const variableToken = this.current;
		if (variableToken.kind !== 'identifier' || isReservedWord(variableToken.text)) {
			this.fail('ожидается имя переменной лямбда-выражения');
		}
		this.advance();
		this.expectPunctuation(':');
		this.scope.push(variableToken.text);
		const predicateStart = this.current;
		const predicate = this.parseExpression();
		this.scope.pop();
		this.requireBoolean(predicate, predicateStart);
		this.expectPunctuation(')');
		return { kind: 'lambda', quantifier, collection, variable: variableToken.text, predicate };
	}
}

const RESERVED = new Set(['and', 'or', 'not', 'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'add', 'sub', 'mul', 'div', 'mod']);

function isReservedWord(word: string): boolean {
	return RESERVED.has(word);
}

function describe(token: Token): string {
	switch (token.kind) {
		case 'end':
			return 'конец выражения';
		case 'identifier':
			return `"${token.text}"`;
		case 'punctuation':
			return `"${token.text}"`;
		case 'number':
			return `"${token.text}"`;
		default:
			return 'константа';
	}
}

/** False only for expressions that certainly yield something other than true/false/null. */
export function mayBeBoolean(node: FilterNode): boolean {
	switch (node.kind) {
		case 'literal':
			return node.type === 'boolean' || node.type === 'null';
		case 'binary':
			return !['add', 'sub', 'mul', 'div'].includes(node.operator);
		case 'negate':
			return false;
		case 'call':
			return FUNCTIONS[node.name]?.boolean === true || node.name === 'cast';
		default:
			return true;
	}
}

/** Parses a `$filter` value. Throws ODataQueryError: code 14 for syntax, 21 for what 1C does not implement. */
export function parseFilter(text: string): FilterNode {
	const parser = new ExpressionParser(text, '$filter');
	if (parser.atEnd()) parser.fail('пустое выражение');
	const start = parser.current;
	const node = parser.parseExpression();
	if (!parser.atEnd()) parser.fail(`ожидается операция или конец выражения, найдено ${describe(parser.current)}`);
	parser.requireBoolean(node, start);
	return node;
}
