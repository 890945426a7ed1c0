/** Tokens of 1C's OData v3 expression syntax (`$filter`, `$orderby`). */
import { parseError } from './errors';

export type Token =
	| { kind: 'identifier'; text: string; position: number }
	| { kind: 'string'; value: string; position: number }
	| { kind: 'number'; value: number; text: string; position: number }
	/** `guid'…'`, `datetime'…'`: prefix lower-cased, body as written */
	| { kind: 'typed'; prefix: 'guid' | 'datetime'; body: string; position: number }
	| { kind: 'punctuation'; text: '(' | ')' | ',' | '/' | ':' | '-'; position: number }
	| { kind: 'end'; position: number };

// letters may carry combining marks (й typed in decomposed form)
const IDENTIFIER = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
// the type suffixes of OData v3 numbers (M decimal, d double, f single, L int64) are tolerated and dropped
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/y;
const IDENTIFIER_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const WHITESPACE = /\s/;
const TYPED_PREFIXES = new Set(['guid', 'datetime']);

function readQuoted(text: string, start: number, option: string): { value: string; end: number } {
	// start points at the opening quote; a doubled quote inside stands for one quote
	let value = '';
	let index = start + 1;
	for (;;) {
		const close = text.indexOf("'", index);
		if (close < 0) throw parseError(option, 'не закрыта строковая константа', start);
		value += text.slice(index, close);
		if (text[close + 1] === "'") {
			value += "'";
			index = close + 2;
			continue;
		}
		return { value, end: close + 1 };
	}
}

export function tokenize(text: string, option = '$filter'): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (WHITESPACE.test(char)) {
			index++;
			continue;
		}
		if (char === "'") {
			const { value, end } = readQuoted(text, index, option);
			tokens.push({ kind: 'string', value, position: index });
			index = end;
			continue;
		}
		if (/\d/.test(char) || (char === '-' && /\d/.test(text[index + 1] ?? ''))) {
			NUMBER.lastIndex = index;
			const match = NUMBER.exec(text)!;
			const end = index + match[0].length;
			if (end < text.length && (IDENTIFIER_CHAR.test(text[end]) || text[end] === '.')) {
				throw parseError(option, `неверная числовая константа "${text.slice(index, end + 1)}"`, index);
			}
			const digits = match[0].replace(/[mMdDfFlL]$/, '');
			tokens.push({ kind: 'number', value: Number(digits), text: match[0], position: index });
			index = end;
			continue;
		}
		IDENTIFIER.lastIndex = index;
		const identifier = IDENTIFIER.exec(text);
		if (identifier) {
			const word = identifier[0];
			const end = index + word.length;
			if (text[end] === "'") {
				// a typed literal: the prefix touches the quote
				const prefix = word.toLowerCase();
				if (!TYPED_PREFIXES.has(prefix)) {
					throw parseError(option, `неподдерживаемый тип константы "${word}"`, index);
				}
				const { value, end: after } = readQuoted(text, end, option);
				tokens.push({ kind: 'typed', prefix: prefix as 'guid' | 'datetime', body: value, position: index });
				index = after;
				continue;
			}
			tokens.push({ kind: 'identifier', text: word, position: index });
			index = end;
			continue;
		}
		if (char === '(' || char === ')' || char === ',' || char === '/' || char === ':' || char === '-') {
			tokens.push({ kind: 'punctuation', text: char, position: index });
			index++;
			continue;
		}
		throw parseError(option, `недопустимый символ "${char}"`, index);
	}
	tokens.push({ kind: 'end', position: text.length });
	return tokens;
}
