import type { IDataObject, IExecuteFunctions, INodeProperties, ResourceMapperValue } from 'n8n-workflow';

import { FieldValueError, isBlank, toODataBody, toODataRows } from '../../fields';
import type { BasConnection } from '../../transport';
import { type DocumentType, resolveLinesSection, sectionTargets } from './documentType';
import { lineDefaultsProperty, resolveGoodsLines } from './goodsLines';
import { lookupCacheOf, readHeaderReferences, referenceProperties, resolveHeaderReferences } from './references';
import { fieldError, operationalPostingProperty } from './shared';

/** The resource mapper of the header fields: `add` marks what a new document requires, `update` matches on Ref_Key. */
export function fieldsProperty(operation: 'create' | 'update'): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['documentType'],
			resourceMapper: {
				resourceMapperMethod: 'getDocumentFields',
				mode: operation === 'create' ? 'add' : 'update',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
				matchingFieldsLabels:
					operation === 'update'
						? { title: 'Document to Update', description: 'The document is found by its Ref_Key' }
						: undefined,
			},
		},
		displayOptions: { show: { resource: ['document'], operation: [operation] } },
	};
}

/** The lines: which tabular section, and the rows as an array of objects keyed by its column names. */
export function linesProperties(operation: 'create' | 'update'): INodeProperties[] {
	const show = { show: { resource: ['document'], operation: [operation] } };
	return [
		{
			displayName: 'Lines Section Name or ID',
			name: 'linesSection',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getDocumentSections', loadOptionsDependsOn: ['documentType'] },
			default: 'configurationDefault',
			description:
				'Tabular section the lines fill, e.g. the goods of an order. "Use Configuration Default" is the goods section of the configuration\'s order; "None" writes no lines. On update the lines replace the section as a whole. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: show,
		},
		{
			displayName: 'Lines',
			name: 'lines',
			type: 'json',
			default: '[]',
			description:
				'The lines: a JSON array of objects whose keys are the section\'s column names, usually an expression mapping the incoming order\'s products to objects such as { sku, characteristic, Количество, Цена }. "sku" (the item\'s Артикул) and "characteristic" (its variant\'s name) are looked up in BAS for all lines at once; Ref_Keys (Номенклатура_Key) work too. Each value is checked like a header field. On update the lines replace the section as a whole; an empty list leaves it as it is.',
			displayOptions: { show: { ...show.show, linesSection: [{ _cnd: { not: 'none' } }] } },
		},
	];
}

/** What Create and Update show: the header fields, the references found in BAS, the lines, and posting. */
export function writeProperties(operation: 'create' | 'update'): INodeProperties[] {
	return [
		fieldsProperty(operation),
		...referenceProperties([operation]),
		...linesProperties(operation),
		lineDefaultsProperty([operation]),
		writeOptionsProperty(operation),
	];
}

/** Options every write has: posting after the write. */
function writeOptionsProperty(operation: 'create' | 'update'): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['document'], operation: [operation] } },
		options: [
			{
				displayName: 'Post',
				name: 'post',
				type: 'boolean',
				default: false,
				description: 'Whether to post the document after writing it (1C checks it and makes its register movements)',
			},
			{ ...operationalPostingProperty, displayOptions: { show: { post: [true] } } },
		],
	};
}

export interface DocumentWrite {
	/** the OData body, checked against `$metadata` */
	body: IDataObject;
	/** the Ref_Key from the mapped fields (the match of an update, a chosen key of a create) */
	refKey?: string;
	post: boolean;
	operational: boolean;
}

/**
 * The lines parameter as rows (a JSON text or an array). Lines are given only when this is a
 * non-empty array once parsed: `[]`, `[ ]` and a blank or whitespace-only field give undefined, so an update
 * leaves the section as it is rather than clearing it.
 */
function lineRows(ctx: IExecuteFunctions, chosenSection: string, itemIndex: number): unknown[] | undefined {
	if (chosenSection === 'none') return undefined;
	const lines = ctx.getNodeParameter('lines', itemIndex, []) as unknown;
	if (isBlank(typeof lines === 'string' ? lines.trim() : lines)) return undefined;
	const parsed = typeof lines === 'string' ? safeJson(lines) : lines;
	if (!Array.isArray(parsed)) {
		throw new FieldValueError('Lines', lines, 'is not a list of lines (a JSON array of objects)');
	}
	parsed.forEach((row, index) => {
		if (row === null || typeof row !== 'object' || Array.isArray(row)) {
			throw new FieldValueError('Lines', row, 'is not a line (an object of column values)', `line ${index + 1}`);
		}
	});
	return parsed.length === 0 ? undefined : parsed;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/**
 * The whole write of one item, checked and converted before anything is written: the mapped
 * header fields (from the item's JSON or the fields defined below), the references found in BAS
 * (counterparty, look-up rules), and the lines, whose items may be given by SKU and
 * characteristic. Names and values are checked against `$metadata` before the first look-up;
 * look-ups share the node run's cache (see references.ts), so n items cost what one does.
 */
export async function documentWrite(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	itemIndex: number,
	mode: 'add' | 'update',
): Promise<DocumentWrite> {
	const columns = ctx.getNodeParameter('columns', itemIndex) as ResourceMapperValue;
	const autoMap = columns.mappingMode === 'autoMapInputData';
	const mapped = autoMap ? ctx.getInputData()[itemIndex].json : ((columns.value ?? {}) as IDataObject);
	// an update finds its document by Ref_Key (the matching column) and never writes it
	const { Ref_Key: key, ...fields } = mapped;
	const values = mode === 'update' ? fields : mapped;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { post?: boolean; operational?: boolean };
	const cache = lookupCacheOf(ctx);
	try {
		const convert = {
			model: document.model,
			timeZone: connection.timeZone,
			mode,
			readOnly: autoMap ? ('skip' as const) : ('refuse' as const),
			sectionTarget: sectionTargets(connection, document),
		};
		// names and values first: a typo must fail before any look-up or create is sent
		const named = { ...values };
		delete named.Ref_Key;
		toODataBody(named, document.target, { ...convert, mode: 'update' });
		const references = readHeaderReferences(ctx, document, itemIndex);
		const chosenSection = ctx.getNodeParameter('linesSection', itemIndex, 'none') as string;
		const rows = lineRows(ctx, chosenSection, itemIndex);
		// the section is looked at only when there are lines, so "none given" never needs a default
		const section = rows ? resolveLinesSection(ctx, connection, document, chosenSection, itemIndex)! : undefined;

		const found = await resolveHeaderReferences(ctx, connection, document, references, itemIndex, cache);
		for (const [field, ref] of Object.entries(found)) {
			if (isBlank(values[field])) continue;
			// the counterparty's partner is a convenience: a mapped one stays
			if (field === 'Партнер_Key' && !references.rules.some((rule) => rule.writeTo === field)) {
				delete found[field];
				continue;
			}
			throw new FieldValueError(
				field,
				values[field],
				`is mapped in Fields and also looked up (found ${String(ref)}): keep one`,
			);
		}
		const body = toODataBody({ ...values, ...found }, document.target, convert);
		if (section && rows) {
			const goods = await resolveGoodsLines(
				ctx,
				connection,
				document,
				{ section, rows: rows.map((row) => ({ ...(row as IDataObject) })) },
				itemIndex,
				cache,
			);
			body[section.name] = toODataRows(goods, section.target, convert, section.name);
		}
		const refKey = typeof key === 'string' && key.trim() !== '' ? key.trim().toLowerCase() : undefined;
		return { body, refKey, post: options.post === true, operational: options.operational === true };
	} catch (error) {
		throw fieldError(ctx, error, itemIndex);
	}
}
