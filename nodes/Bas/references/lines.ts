/**
 * Goods lines of a document: the item by SKU and, where a line has one, its characteristic
 * (variant) owned by that item. All lines resolve together — one request per catalog while the
 * `or` chain fits into one URL — so a 100-line order costs the same few requests as a 1-line one.
 */
import type { TransportContext } from '../../common/transport';
import type { MetadataModel } from '../odata/model';
import type { BasConnection } from '../transport';
import type { LookupOutcome } from './cache';
import { LookupRuleError } from './fields';
import { lookupFailureMessage, type LookupOptions, resolveCompiled } from './lookup';
import { compileRule, type CompiledRule, type LookupRule } from './rules';

export interface GoodsLine {
	/** the item's SKU (or whatever `rules.item.field` holds) */
	sku: unknown;
	/** the variant's name (or `rules.characteristic.field`); empty for items without variants */
	characteristic?: unknown;
}

export interface GoodsLineRules {
	item: {
		/** default `Catalog_Номенклатура` */
		entitySet?: string;
		/** default `Артикул` */
		field?: string;
		/** further fields to read back per item (e.g. `ЕдиницаИзмерения_Key`) */
		returnFields?: string[];
	};
	/** how characteristics are found; leave out where the base has none (BAS Accounting) */
	characteristic?: {
		/** default `Catalog_ХарактеристикиНоменклатуры` */
		entitySet?: string;
		/** default `Description` */
		field?: string;
		/** the field pointing at the item: default `Owner` (a reference, or composite when several owners are allowed) */
		ownerField?: string;
	};
	includeDeleted?: boolean;
}

export interface LineLookupError {
	lineIndex: number;
	field: 'sku' | 'characteristic';
	value: unknown;
	message: string;
}

export interface ResolvedLine {
	lineIndex: number;
	/** the item's Ref_Key */
	item?: string;
	/** the characteristic's Ref_Key, when the line has one */
	characteristic?: string;
	/** the item as read (Ref_Key, Code, Description and the return fields) */
	itemEntity?: Record<string, unknown>;
	error?: LineLookupError;
}

const DEFAULT_ITEMS = 'Catalog_Номенклатура';
const DEFAULT_CHARACTERISTICS = 'Catalog_ХарактеристикиНоменклатуры';

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

/** A rule error becomes the line's error; anything else (a bug, the transport) fails the whole call. */
function keepRuleError(error: unknown): LookupRuleError {
	if (error instanceof LookupRuleError) return error;
	throw error;
}

/** Compiles one rule per line, keeping a bad value as that line's error rather than failing all lines. */
function compileEach(
	model: MetadataModel,
	timeZone: string,
	rules: Array<LookupRule | undefined>,
): Array<CompiledRule | LookupRuleError | undefined> {
	return rules.map((rule) => {
		if (!rule) return undefined;
		try {
			return compileRule(model, rule, timeZone);
		} catch (error) {
			return keepRuleError(error);
		}
	});
}

/** Resolves the compiled rules in one batch; entries stay aligned with the input. */
async function resolveAligned(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	compiled: Array<CompiledRule | LookupRuleError | undefined>,
	options: LookupOptions,
): Promise<Array<LookupOutcome | LookupRuleError | undefined>> {
	const valid = compiled.filter(
		(rule): rule is CompiledRule => rule !== undefined && !(rule instanceof LookupRuleError),
	);
	const outcomes = await resolveCompiled(ctx, connection, model, valid, options);
	let next = 0;
	return compiled.map((rule) => (rule === undefined || rule instanceof LookupRuleError ? rule : outcomes[next++]));
}

/**
 * Item and characteristic Ref_Keys for every line, or per line an error naming the line, the
 * field and the value (not found, several found, a bad value). Two rounds at most: items, then
 * the characteristics of the items found; each round is one request per catalog unless the URL
 * limit splits it. Pass the execution's cache in `options` so lines repeated across items cost nothing.
 */
export async function resolveLines(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	lines: GoodsLine[],
	rules: GoodsLineRules,
	options: LookupOptions = {},
): Promise<ResolvedLine[]> {
	const itemSet = rules.item.entitySet ?? DEFAULT_ITEMS;
	const itemField = rules.item.field ?? 'Артикул';
	const results: ResolvedLine[] = lines.map((_line, lineIndex) => ({ lineIndex }));
	const fail = (lineIndex: number, field: LineLookupError['field'], value: unknown, message: string) => {
		results[lineIndex].error = { lineIndex, field, value, message: `Line ${lineIndex + 1}: ${message}` };
	};

	const itemRules = lines.map(
		(line): LookupRule => ({
			entitySet: itemSet,
			conditions: [{ field: itemField, value: typeof line.sku === 'number' ? String(line.sku) : line.sku }],
			includeDeleted: rules.includeDeleted,
			returnFields: rules.item.returnFields,
		}),
	);
	const items = await resolveAligned(
		ctx,
		connection,
		model,
		compileEach(model, connection.timeZone, itemRules),
		options,
	);
	items.forEach((outcome, index) => {
		if (outcome instanceof LookupRuleError) fail(index, 'sku', lines[index].sku, outcome.message);
		else if (outcome?.status === 'found') {
			results[index].item = outcome.match.ref;
			results[index].itemEntity = outcome.match.entity;
		} else if (outcome) fail(index, 'sku', lines[index].sku, lookupFailureMessage(itemRules[index], outcome));
	});

	const wanted = lines.map((line, index) => !isBlank(line.characteristic) && results[index].item !== undefined);
	if (!wanted.some(Boolean)) return results;
	const setting = rules.characteristic;
	const characteristicSet = setting?.entitySet ?? DEFAULT_CHARACTERISTICS;
	if (!setting || !model.entitySets[characteristicSet]) {
		lines.forEach((line, index) => {
			if (wanted[index]) {
				fail(index, 'characteristic', line.characteristic, `this base has no characteristics (${characteristicSet})`);
			}
		});
		return results;
	}
	const characteristicRules = lines.map((line, index): LookupRule | undefined =>
		wanted[index]
			? {
					entitySet: characteristicSet,
					conditions: [
						{ field: setting.ownerField ?? 'Owner', value: results[index].item, valueType: itemSet },
						{ field: setting.field ?? 'Description', value: line.characteristic },
					],
					includeDeleted: rules.includeDeleted,
				}
			: undefined,
	);
	const characteristics = await resolveAligned(
		ctx,
		connection,
		model,
		compileEach(model, connection.timeZone, characteristicRules),
		options,
	);
	characteristics.forEach((outcome, index) => {
		const value = lines[index].characteristic;
		if (outcome instanceof LookupRuleError) fail(index, 'characteristic', value, outcome.message);
		else if (outcome?.status === 'found') results[index].characteristic = outcome.match.ref;
		else if (outcome) {
			const message = lookupFailureMessage(characteristicRules[index]!, outcome);
			fail(
				index,
				'characteristic',
				value,
				`characteristic ${JSON.stringify(value)} of the item ${JSON.stringify(lines[index].sku)}: ${message}`,
			);
		}
	});
	return results;
}
