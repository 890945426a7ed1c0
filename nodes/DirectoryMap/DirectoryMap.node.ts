import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { errorItem } from '../common/errorItems';
import { properties } from './description';
import { basObjectParameter, DIRECTORY_KINDS, type DirectoryKind, kindName, tableParameter } from './kinds';
import { LabelLookup, type LabelSources } from './labels';
import { compileMapping, type MappingRule, type UnmappedValue } from './mapping/mapper';
import type { Direction, DirectoryTable } from './mapping/table';
import { loadOptions } from './methods/loadOptions';
import type { CrmSource, SalesDriveMethodValue } from './methods/crmDirectories';

/**
 * Translates directory values (statuses, delivery and payment methods, sources, warehouses, price
 * types, organisations, custom lists) between a CRM and BAS with tables kept in the workflow.
 * Tables and fields are read once per run (with the first item) and each field is one Map look-up.
 */
export class DirectoryMap implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Directory Map',
		name: 'directoryMap',
		icon: { light: 'file:../../icons/directorymap.svg', dark: 'file:../../icons/directorymap.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["direction"] === "basToCrm" ? "BAS → CRM" : "CRM → BAS"}}',
		description: 'Translate CRM directory values to BAS values and back with tables kept in the workflow',
		defaults: { name: 'Directory Map' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Mapped', 'Unmapped'],
		credentials: [
			{ name: 'salesDriveApi', required: true, displayOptions: { show: { crm: ['salesDrive'] } } },
			{ name: 'keyCrmApi', required: true, displayOptions: { show: { crm: ['keyCrm'] } } },
			{ name: 'basODataApi', required: true, displayOptions: { show: { bas: ['odata'] } } },
		],
		properties,
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const mapped: INodeExecutionData[] = [];
		const unmapped: INodeExecutionData[] = [];
		if (items.length === 0) return [mapped, unmapped];

		// the tables and fields are settings of the node, read once: expressions in them see the first item
		const direction = this.getNodeParameter('direction', 0) as Direction;
		const kinds = this.getNodeParameter('tables', 0, []) as DirectoryKind[];
		const tables: Record<string, DirectoryTable> = {};
		for (const kind of kinds) {
			const rows = this.getNodeParameter(`${tableParameter(kind)}.rows`, 0, []) as IDataObject[];
			tables[kind] = {
				name: kindName(kind),
				rows: rows.map((row) => ({ crm: row.crmValue, bas: row.basValue, flags: row.flags as string | undefined })),
			};
		}
		const rules = (this.getNodeParameter('fields.field', 0, []) as IDataObject[]).map(
			(field): MappingRule => ({
				table: String(field.table),
				inputField: String(field.inputField ?? ''),
				outputField: field.outputField as string | undefined,
				flagsField: field.flagsField as string | undefined,
				whenUnmapped: (field.whenUnmapped ?? 'route') as MappingRule['whenUnmapped'],
				defaultValue: field.defaultValue,
				labelField: field.labelField as string | undefined,
				ignoreEmpty: field.ignoreEmpty === true,
			}),
		);
		if (rules.length === 0) throw new NodeOperationError(this.getNode(), 'Add a field to map under "Fields to Map"');
		rules.forEach((rule, index) => {
			if (!tables[rule.table]) {
				throw new NodeOperationError(
					this.getNode(),
					`Field ${index + 1} (${rule.inputField}) uses the ${kindName(rule.table as DirectoryKind)} table, which is not turned on`,
					{ description: 'Add it under "Directory Tables" and fill in its rows.' },
				);
			}
		});

		let mapItem: ReturnType<typeof compileMapping>;
		try {
			mapItem = compileMapping(tables, rules, direction);
		} catch (error) {
			// a table mapping a value twice, or a field path that does not parse: no item can be mapped
			throw new NodeOperationError(this.getNode(), (error as Error).message, {
				description: 'A value may appear only once on the side the direction reads; remove or merge the rows.',
			});
		}

		const pending: Array<{ itemIndex: number; value: UnmappedValue }> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const result = mapItem(items[itemIndex].json);
			if (result.failure) {
				const { field, table, value } = result.failure;
				const error = new NodeOperationError(
					this.getNode(),
					`Item ${itemIndex}: the value ${JSON.stringify(value ?? null)} of the field "${field}" is not in the ${table} table`,
					{ itemIndex, description: 'Add a row for it, or choose another "When Unmapped" for the field.' },
				);
				if (!this.continueOnFail()) throw error;
				// n8n moves error items to the error output when that is on
				mapped.push(errorItem(error, itemIndex));
			} else if (result.unmapped.length) {
				for (const value of result.unmapped) pending.push({ itemIndex, value });
			} else {
				mapped.push({ json: result.json, pairedItem: { item: itemIndex } });
			}
		}

		const labels = pending.length ? labelLookup(this, direction) : undefined;
		for (const { itemIndex, value } of pending) {
			const json: IDataObject = {
				field: value.field,
				table: value.table,
				value: (value.value ?? null) as IDataObject[string],
				label: (value.label ?? null) as IDataObject[string],
				item: items[itemIndex].json,
			};
			if (json.label === null && labels) {
				try {
					json.label = (await labels.label(value.tableId as DirectoryKind, value.value)) ?? null;
				} catch (error) {
					// a label is a help for the reader: the value is reported without it rather than lost
					json.labelError = (error as Error).message;
				}
			}
			unmapped.push({ json, pairedItem: { item: itemIndex } });
		}
		return [mapped, unmapped];
	}
}

/** Where labels of unmapped values can be looked up, or undefined when the option is off. */
function labelLookup(ctx: IExecuteFunctions, direction: Direction): LabelLookup | undefined {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	if (options.lookUpLabels === false) return undefined;
	const sources: LabelSources = {
		direction,
		crm: ctx.getNodeParameter('crm', 0, 'none') as CrmSource,
		salesDriveMethodValue: ctx.getNodeParameter('salesDriveMethodValue', 0, 'id') as SalesDriveMethodValue,
		basObjects: {},
	};
	if (ctx.getNodeParameter('bas', 0, 'none') === 'odata') {
		for (const { value: kind } of DIRECTORY_KINDS) {
			const object = ctx.getNodeParameter(basObjectParameter(kind), 0, '') as string;
			if (object) sources.basObjects[kind] = object;
		}
	}
	return new LabelLookup(ctx, sources);
}
