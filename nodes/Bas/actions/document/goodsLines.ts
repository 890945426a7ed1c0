/**
 * Goods lines of a document write given by SKU (`sku`, the item's Артикул) and, where the line
 * has one, `characteristic` (the variant's name) instead of Ref_Keys. All lines of an item
 * resolve together through the look-up library — one request per catalog while the `or` chain
 * fits into the credential's URL limit, each value once per execution — and then become the
 * section's columns: the item (a reference, or UNF's composite `Номенклатура` + `_Type`), the
 * characteristic, the item's own unit where the line names none (read with the item, no extra
 * request) and the node's line defaults (VAT rate, price type, discount, other columns).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldValueError, type FieldTarget, isBlank } from '../../fields';
import { isGuid } from '../../odata/literals';
import type { PropertyModel } from '../../odata/model';
import {
	type GoodsLineRules,
	type LookupCache,
	lookupFailureMessage,
	lookupNodeError,
	resolveLines,
	resolveLookups,
} from '../../references';
import type { BasConnection } from '../../transport';
import type { DocumentType } from './documentType';

/** The keys of a line that are looked up rather than written. */
export const SKU_KEY = 'sku';
export const CHARACTERISTIC_KEY = 'characteristic';

/** Column attributes by what they are: the same meaning goes by different names per configuration. */
const ITEM = 'Номенклатура';
const CHARACTERISTIC = 'Характеристика';
const UNIT = 'ЕдиницаИзмерения';
const VAT_RATE = 'СтавкаНДС';
const PRICE_TYPE = 'ВидЦены';
/** UNF, UT, Accounting */
const DISCOUNT_PERCENT = ['ПроцентСкидкиНаценки', 'ПроцентРучнойСкидки', 'ПроцентСкидки'];

const DEFAULT_ITEM_SET = 'Catalog_Номенклатура';

export function lineDefaultsProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Line Defaults',
		name: 'lineDefaults',
		type: 'collection',
		placeholder: 'Add Default',
		default: {},
		description:
			'Values for every line that does not give its own. Lines may name their item by "sku" (Артикул) and "characteristic" (the variant\'s name) instead of Ref_Keys; each line also gets its item\'s unit where the section has a unit column.',
		displayOptions: { show: { resource: ['document'], operation: operations } },
		options: [
			{
				displayName: 'Discount (%)',
				name: 'discountPercent',
				type: 'number',
				default: 0,
				description:
					"The line's manual discount percentage (ПроцентСкидкиНаценки in UNF, ПроцентРучнойСкидки in UT, ПроцентСкидки in Accounting)",
			},
			{
				displayName: 'Other Columns (JSON)',
				name: 'otherColumns',
				type: 'json',
				default: '{}',
				description: 'Further columns of every line by OData name, e.g. {"ВариантОбеспечения": "Отгрузить"}',
			},
			{
				displayName: 'Price Type',
				name: 'priceType',
				type: 'string',
				default: '',
				description:
					"The line's price type (ВидЦены, in UT): its Ref_Key or its name as in BAS (looked up once per run)",
			},
			{
				displayName: 'SKU Field',
				name: 'skuField',
				type: 'string',
				default: 'Артикул',
				description: 'The item field the lines\' "sku" is compared with, e.g. Артикул or Code',
			},
			{
				displayName: 'VAT Rate',
				name: 'vatRate',
				type: 'string',
				default: '',
				placeholder: '20%',
				description:
					"The line's VAT rate (СтавкаНДС): in UNF and UT a rate of the catalog СтавкиНДС, by Ref_Key or name (looked up once per run); in Accounting a value of the enumeration СтавкиНДС, e.g. НДС20",
			},
		],
	};
}

interface LineDefaultsParameter {
	discountPercent?: number;
	otherColumns?: string | IDataObject;
	priceType?: string;
	skuField?: string;
	vatRate?: string;
}

/** The section's column for an attribute: `X_Key` (reference), `X` (composite or value), or undefined. */
function columnOf(section: FieldTarget, attribute: string): PropertyModel | undefined {
	return section.properties.find(
		(p) => p.attribute === attribute && (p.kind === 'reference' || p.kind === 'composite' || p.kind === 'value'),
	);
}

/** Whether a line already gives a value for the attribute, under either of its names. */
function lineHas(line: IDataObject, attribute: string): boolean {
	return [attribute, `${attribute}_Key`].some((name) => !isBlank(line[name]));
}

/** A reference as the column takes it: `X_Key`, or `X` + `X_Type` for a composite. */
function writeReference(line: IDataObject, column: PropertyModel, ref: string, entitySet: string | undefined): void {
	if (column.kind === 'composite') {
		line[column.name] = ref;
		if (entitySet) line[`${column.name}_Type`] = entitySet;
	} else line[column.name] = ref;
}

export interface GoodsLinesInput {
	section: { name: string; target: FieldTarget };
	/** the lines as given: objects keyed by column names, plus `sku` / `characteristic` */
	rows: IDataObject[];
}

/** The rows as the section takes them: every `sku` and `characteristic` replaced by Ref_Keys, defaults filled in. */
export async function resolveGoodsLines(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	input: GoodsLinesInput,
	itemIndex: number,
	cache: LookupCache,
): Promise<IDataObject[]> {
	const { section, rows } = input;
	const { model } = document;
	const where = `${document.set.name}.${section.name}`;
	const fail = (message: string) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, {
			itemIndex,
			description: 'Nothing was sent to BAS.',
		});
	const defaults = ctx.getNodeParameter('lineDefaults', itemIndex, {}) as LineDefaultsParameter;

	const itemColumn = columnOf(section.target, ITEM);
	const characteristicColumn = columnOf(section.target, CHARACTERISTIC);
	const unitColumn = columnOf(section.target, UNIT);
	const itemSet = (itemColumn?.kind === 'reference' && itemColumn.target) || DEFAULT_ITEM_SET;
	const itemUnit = model.entitySets[itemSet]?.properties.find((p) => p.name === `${UNIT}_Key`);
	const byLookup = rows.map((row) => !isBlank(row[SKU_KEY]));

	const lines = rows.map((row, index) => {
		const { [SKU_KEY]: sku, [CHARACTERISTIC_KEY]: characteristic, ...columns } = row;
		if (byLookup[index] && lineHas(columns, ITEM)) {
			throw fail(`${section.name} line ${index + 1} gives both "sku" ${JSON.stringify(sku)} and ${ITEM}: keep one`);
		}
		if (!byLookup[index] && !isBlank(characteristic)) {
			throw fail(`${section.name} line ${index + 1}: "characteristic" ${JSON.stringify(characteristic)} needs "sku"`);
		}
		if (byLookup[index] && !itemColumn) throw fail(`${where} has no ${ITEM} column for "sku"`);
		return columns;
	});

	if (byLookup.some(Boolean)) {
		const rules: GoodsLineRules = {
			item: {
				entitySet: itemSet,
				field: String(defaults.skuField ?? '').trim() || undefined,
				// the unit comes with the item: no request of its own
				returnFields: unitColumn && itemUnit ? [itemUnit.name] : undefined,
			},
			characteristic: characteristicColumn
				? { entitySet: characteristicColumn.kind === 'reference' ? characteristicColumn.target : undefined }
				: undefined,
		};
		const indexes = rows.map((_row, index) => index).filter((index) => byLookup[index]);
		let resolved;
		try {
			resolved = await resolveLines(
				ctx,
				connection,
				model,
				indexes.map((index) => ({ sku: rows[index][SKU_KEY], characteristic: rows[index][CHARACTERISTIC_KEY] })),
				rules,
				{ cache, itemIndex },
			);
		} catch (error) {
			throw lookupNodeError(ctx, error, itemIndex);
		}
		const errors: string[] = [];
		resolved.forEach((result, position) => {
			const index = indexes[position];
			if (result.error) {
				// the library counts the lines it was given; the message names the line as the user wrote it
				const message = result.error.message.replace(/^Line \d+: /, '');
				errors.push(
					`${section.name} line ${index + 1}, ${result.error.field} ${JSON.stringify(result.error.value)}: ${message}`,
				);
				return;
			}
			const line = lines[index];
			writeReference(line, itemColumn!, result.item!, itemSet);
			if (result.characteristic) {
				writeReference(line, characteristicColumn!, result.characteristic, rules.characteristic?.entitySet);
			}
			const unit = result.itemEntity?.[`${UNIT}_Key`];
			if (unitColumn && itemUnit && !lineHas(line, UNIT) && typeof unit === 'string' && !/^0{8}-/.test(unit)) {
				writeReference(line, unitColumn, unit, itemUnit.target);
			}
		});
		if (errors.length > 0) {
			const count = errors.length === 1 ? 'a line' : `${errors.length} of ${rows.length} lines`;
			throw fail(`${count} could not be resolved: ${errors.join('; ')}`);
		}
	}

	const fill = await lineDefaults(ctx, connection, document, section.target, defaults, itemIndex, cache);
	return lines.map((line) => {
		for (const [attribute, value] of Object.entries(fill)) {
			if (!lineHas(line, attribute.replace(/_Key$/, ''))) line[attribute] = value;
		}
		return line;
	});
}

/** The default columns by OData name; names of reference values looked up by Description (cached for the run). */
async function lineDefaults(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	section: FieldTarget,
	defaults: LineDefaultsParameter,
	itemIndex: number,
	cache: LookupCache,
): Promise<IDataObject> {
	const fill: IDataObject = {};
	const missing = (what: string, column: string) =>
		new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: Line Defaults: ${section.entitySet} has no column ${column} for the ${what}`,
			{
				itemIndex,
				description: 'Remove the default, or give the value in the lines under the column the section has.',
			},
		);

	const other = defaults.otherColumns;
	if (other !== undefined && other !== '' && other !== '{}') {
		const parsed = typeof other === 'string' ? safeJson(other) : other;
		if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new FieldValueError(
				'Other Columns (JSON)',
				other,
				'is not a JSON object of column values',
				'Line Defaults',
			);
		}
		Object.assign(fill, parsed);
	}
	if (defaults.discountPercent !== undefined && defaults.discountPercent !== 0) {
		const column = DISCOUNT_PERCENT.map((name) => columnOf(section, name)).find(Boolean);
		if (!column) throw missing('discount', DISCOUNT_PERCENT.join(' / '));
		fill[column.name] = defaults.discountPercent;
	}

	// a reference given by name costs one look-up per value and run; a Ref_Key or an enum value none
	const byName: Array<{ column: PropertyModel; name: string }> = [];
	for (const [attribute, value, what] of [
		[VAT_RATE, defaults.vatRate, 'VAT rate'],
		[PRICE_TYPE, defaults.priceType, 'price type'],
	] as const) {
		const text = String(value ?? '').trim();
		if (text === '') continue;
		const column = columnOf(section, attribute);
		if (!column) throw missing(what, attribute);
		if (column.kind !== 'reference' || isGuid(text)) fill[column.name] = text;
		else if (!column.target) {
			throw new FieldValueError(
				column.name,
				text,
				'is no Ref_Key, and $metadata does not say which catalog to find it in',
			);
		} else byName.push({ column, name: text });
	}
	if (byName.length > 0) {
		const rules = byName.map(({ column, name }) => ({
			entitySet: column.target!,
			conditions: [{ field: 'Description', value: name }],
		}));
		let outcomes;
		try {
			outcomes = await resolveLookups(ctx, connection, document.model, rules, { cache, itemIndex });
		} catch (error) {
			throw lookupNodeError(ctx, error, itemIndex);
		}
		outcomes.forEach((outcome, index) => {
			if (outcome.status === 'found') fill[byName[index].column.name] = outcome.match.ref;
			else {
				throw new NodeOperationError(
					ctx.getNode(),
					`Item ${itemIndex}: Line Defaults, ${byName[index].column.name}: ${lookupFailureMessage(rules[index], outcome)}`,
					{ itemIndex },
				);
			}
		});
	}
	return fill;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
