import type { IDataObject } from 'n8n-workflow';

import { type FieldPath, getPath, parsePath, setPath } from './paths';
import {
	compileTable,
	type CompiledTable,
	type Direction,
	type DirectoryTable,
	isEmptyValue,
	lookupKey,
} from './table';

/** What happens to a value the table does not map. */
export type WhenUnmapped = 'route' | 'default' | 'fail';

/** One field to translate: where the value is read, which table translates it, where the result goes. */
export interface MappingRule {
	/** the table's id, a key of the tables passed to compileMapping */
	table: string;
	inputField: string;
	/** defaults to the input field (the value is replaced in place) */
	outputField?: string;
	/** where the row's flags go; defaults to the output field's name + `Flags`; never written for a table without flags */
	flagsField?: string;
	whenUnmapped: WhenUnmapped;
	defaultValue?: unknown;
	/** an empty or missing value is left as it is instead of counting as unmapped */
	ignoreEmpty?: boolean;
	/** a field of the item holding the value's label (e.g. a webhook's `meta.fields.statusId.options[0].text`) */
	labelField?: string;
}

export interface UnmappedValue {
	/** the rule's input field */
	field: string;
	/** the table's name */
	table: string;
	/** the table's id */
	tableId: string;
	value: unknown;
	/** from the rule's label field, when it has one */
	label?: unknown;
}

export interface MappedItem {
	/** the item with every mapped value (and its flags) set; the input json is not changed */
	json: IDataObject;
	/** values the table did not map and their rules route to the Unmapped output */
	unmapped: UnmappedValue[];
	/** the first value whose rule says fail */
	failure?: UnmappedValue;
}

interface CompiledRule {
	rule: MappingRule;
	table: CompiledTable;
	input: FieldPath;
	output: FieldPath;
	flags?: FieldPath;
	label?: FieldPath;
	/** flags for a default value: every flag of the table false */
	noFlags: IDataObject;
}

/** `basStatus` → `basStatusFlags`, `order.status` → `order.statusFlags`: the flags beside the value. */
function besideOutput(output: FieldPath): FieldPath {
	return [...output.slice(0, -1), `${String(output[output.length - 1])}Flags`];
}

/** A rule whose table is missing or whose paths do not parse; names the rule as a person counts them. */
export class MappingRuleError extends Error {
	constructor(rule: number, problem: string) {
		super(`Field ${rule}: ${problem}`);
		this.name = 'MappingRuleError';
	}
}

/**
 * Compiles the tables the rules use (each once, for the direction) and the rules' paths, and
 * returns the per-item mapper: one Map look-up per field.
 */
export function compileMapping(
	tables: Record<string, DirectoryTable>,
	rules: MappingRule[],
	direction: Direction,
): (json: IDataObject) => MappedItem {
	const compiledTables = new Map<string, CompiledTable>();
	const compiled = rules.map((rule, index): CompiledRule => {
		const source = tables[rule.table];
		if (!source) throw new MappingRuleError(index + 1, `no directory table "${rule.table}" is set up`);
		let table = compiledTables.get(rule.table);
		if (!table) compiledTables.set(rule.table, (table = compileTable(source, direction)));
		const path = (name: string, text: string): FieldPath => {
			const parsed = parsePath(text);
			if (!parsed) throw new MappingRuleError(index + 1, `the ${name} "${text}" is not a field path`);
			return parsed;
		};
		const input = path('input field', rule.inputField);
		const output = rule.outputField?.trim() ? path('output field', rule.outputField) : input;
		const paths = {
			input,
			output,
			flags: !table.flagNames.length
				? undefined
				: rule.flagsField?.trim()
					? path('flags field', rule.flagsField)
					: besideOutput(output),
			label: rule.labelField?.trim() ? path('label field', rule.labelField) : undefined,
		};
		const noFlags = Object.fromEntries(table.flagNames.map((name) => [name, false]));
		return { rule, table, ...paths, noFlags };
	});

	return (json) => {
		let out: IDataObject | undefined;
		const unmapped: UnmappedValue[] = [];
		for (const { rule, table, input, output, flags, label, noFlags } of compiled) {
			const value = getPath(json, input);
			if (rule.ignoreEmpty && isEmptyValue(value)) continue;
			const entry = table.entries.get(lookupKey(value));
			if (entry) {
				out ??= { ...json };
				setPath(out, output, entry.value);
				if (flags) setPath(out, flags, { ...entry.flags });
				continue;
			}
			if (rule.whenUnmapped === 'default') {
				out ??= { ...json };
				setPath(out, output, rule.defaultValue);
				if (flags) setPath(out, flags, { ...noFlags });
				continue;
			}
			const missing: UnmappedValue = { field: rule.inputField, table: table.name, tableId: rule.table, value };
			if (label) missing.label = getPath(json, label);
			if (rule.whenUnmapped === 'fail') return { json: out ?? json, unmapped, failure: missing };
			unmapped.push(missing);
		}
		return { json: out ?? { ...json }, unmapped };
	};
}
