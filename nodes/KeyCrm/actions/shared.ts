import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { limitOf } from '../../common/limit';
import type { KeyCrmConnection } from '../transport';
import { keyCrmListPages, keyCrmRequest } from '../transport';
import { explainRefusal } from './errors';

type Show = NonNullable<IDisplayOptions['show']>;

export function simplifyProperty(show: Show): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show },
	};
}

/** A numeric id parameter (order, buyer, payment…), checked before anything is sent. */
export function idParameter(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): number {
	const raw = ctx.getNodeParameter(name, itemIndex) as unknown;
	const id = Number(typeof raw === 'string' ? raw.trim() : raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} "${String(raw)}" is not a KeyCRM id`, {
			itemIndex,
			description: 'KeyCRM ids are positive whole numbers',
		});
	}
	return id;
}

/** Comma-separated text (or an array from an expression) as a list of trimmed values. */
export function listOf(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(',');
	return parts.map((part) => String(part).trim()).filter(Boolean);
}

/** The object without the keys whose value is undefined, null or ''. */
export function compact(object: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== ''),
	);
}

/** A JSON parameter, from text or from an expression that already gave an object or array. */
export function jsonParameter<T = unknown>(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	value: unknown,
): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') return value as T;
	try {
		return JSON.parse(value) as T;
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} is not valid JSON`, {
			itemIndex,
			description: `${(error as Error).message}. Parameter: ${name}`,
		});
	}
}

/**
 * The custom fields a user picked by name (the dropdown's value is the field's uuid, which is
 * what KeyCRM writes by). A value written as a JSON array is sent as one: KeyCRM takes select
 * and multi-select values as arrays of strings.
 */
export function customFieldsOf(ctx: IExecuteFunctions, collection: unknown): IDataObject[] | undefined {
	const rows = ((collection as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? [];
	if (rows.length === 0) return undefined;
	return rows.map((row) => {
		const value = row.value;
		if (typeof value === 'string' && value.trim().startsWith('[')) {
			try {
				return { uuid: row.uuid, value: JSON.parse(value) as unknown } as IDataObject;
			} catch {
				// not JSON after all: sent as the text it is
			}
		}
		return { uuid: row.uuid, value } as IDataObject;
	});
}

/** Custom fields offered by name from `/custom-fields` of one model, written by uuid. */
export function customFieldsProperty(loadOptionsMethod: string): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'uuid',
						type: 'options',
						typeOptions: { loadOptionsMethod },
						default: '',
						description:
							'Choose from the list, or specify the field\'s uuid (e.g. OR_1001) using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'For select fields, one option or a JSON array of options, e.g. ["Опт"]',
					},
				],
			},
		],
	};
}

export function outputItem(json: IDataObject, itemIndex: number): INodeExecutionData {
	return { json, pairedItem: { item: itemIndex } };
}

/** Sends one write for an item; a refusal is restated naming the item, the field and the value sent. */
export async function writeForItem(
	ctx: IExecuteFunctions,
	connection: KeyCrmConnection,
	itemIndex: number,
	request: { method: 'POST' | 'PUT'; path: string; body: IDataObject },
): Promise<IDataObject> {
	try {
		return await keyCrmRequest(ctx, connection, { ...request, itemIndex });
	} catch (error) {
		throw explainRefusal(ctx.getNode(), error, itemIndex, request.body);
	}
}

/**
 * The query of a list whose Filters collection maps one to one onto `filter[...]` (each value a
 * comma-separated list) and whose Include is a list of relations.
 */
export function filterAndIncludeQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		const values = listOf(value);
		if (values.length) filter[key] = values.join(',');
	}
	const include = ctx.getNodeParameter('include', itemIndex, []) as string[];
	const qs: IDataObject = {};
	if (Object.keys(filter).length) qs.filter = filter;
	if (include.length) qs.include = include.join(',');
	return qs;
}

/** A paginated list for one item: every row with Return All, else up to Limit. */
export async function listForItem(
	ctx: IExecuteFunctions,
	connection: KeyCrmConnection,
	itemIndex: number,
	path: string,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const limit = limitOf(ctx, itemIndex);
	const rows: IDataObject[] = [];
	for await (const page of keyCrmListPages(ctx, connection, path, qs, {
		limit,
		itemIndex,
		// a small Limit reads a small page
		pageSize: limit,
	})) {
		rows.push(...page);
	}
	return rows;
}

/** Picks the listed keys (those present) from a row. */
export function pick(row: IDataObject, keys: readonly string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of keys) if (key in row) out[key] = row[key];
	return out;
}
