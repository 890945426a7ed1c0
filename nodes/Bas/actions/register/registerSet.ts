import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { type Literal, literal } from '../../odata/filter';
import {
	type EntitySetModel,
	type FunctionModel,
	isNumericType,
	type MetadataModel,
	type ObjectKind,
	type PropertyModel,
	setsOfKind,
} from '../../odata/model';
import { functionCall, resourcePath } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basListAll, basMetadata } from '../../transport';
import { type ConditionContext, filterableProperties, findProperty } from '../catalog/fieldConditions';
import { limitOf, limitProperties } from '../../../common/limit';
import { dimensionConditions, dimensionFiltersParameter } from './registerConditions';

/**
 * Which virtual table each operation reads, of which kinds of register; which of its date
 * parameters come from which node parameter, and whether it groups by chosen dimensions.
 * Balance also reads an accounting register (BAS Accounting keeps stock on goods accounts of its
 * ledger): rows per account, sub-accounts (ExtDimension1..3) and dimensions, Dr/Cr columns.
 */
export const REGISTER_OPERATIONS = {
	balance: {
		functionName: 'Balance',
		kinds: ['AccumulationRegister', 'AccountingRegister'],
		label: 'an accumulation register with balances',
		periods: { Period: 'period' },
		grouped: true,
	},
	turnovers: {
		functionName: 'Turnovers',
		kinds: ['AccumulationRegister'],
		label: 'an accumulation register',
		periods: { StartPeriod: 'startPeriod', EndPeriod: 'endPeriod' },
		grouped: true,
	},
	sliceLast: {
		functionName: 'SliceLast',
		kinds: ['InformationRegister'],
		label: 'a periodic information register',
		periods: { Period: 'period' },
		grouped: false,
	},
} as const satisfies Record<
	string,
	{
		functionName: string;
		kinds: readonly ObjectKind[];
		label: string;
		periods: Record<string, string>;
		grouped: boolean;
	}
>;

export type RegisterOperation = keyof typeof REGISTER_OPERATIONS;

export function isRegisterOperation(operation: string): operation is RegisterOperation {
	return Object.prototype.hasOwnProperty.call(REGISTER_OPERATIONS, operation);
}

/** The registers that offer the operation's virtual table (a turnover register has no Balance). */
export function registersFor(metadata: MetadataModel, operation: RegisterOperation): EntitySetModel[] {
	const { functionName, kinds } = REGISTER_OPERATIONS[operation];
	return setsOfKind(metadata, ...kinds).filter((set) => set.functions[functionName]);
}

// the columns a virtual table adds per resource: `КоличествоBalance`, `СуммаBalanceDr`, `ВНаличииReceipt`, …
const RESOURCE_SUFFIXES: Record<string, RegExp> = {
	Balance: /Balance(Dr|Cr)?$/,
	Turnovers: /(Turnover|Receipt|Expense)$/,
};

// record fields of an information register that are not its dimensions
const RECORD_SERVICE_FIELDS = new Set(['Period', 'Recorder', 'Recorder_Type', 'LineNumber', 'Active']);

/**
 * The dimensions of a register as its virtual table returns them. Balance and Turnovers return
 * the dimensions plus one numeric column per resource and suffix, so what is not such a column
 * is a dimension. An independent information register is keyed by its dimensions (and Period);
 * a record set of a subordinate one is keyed by its recorder instead, and then every value or
 * reference field of the record may be filtered on.
 */
export function registerDimensions(set: EntitySetModel, fn: FunctionModel): PropertyModel[] {
	const returned = filterableProperties(fn.returnProperties ?? []);
	const suffix = RESOURCE_SUFFIXES[fn.name];
	if (suffix) return returned.filter((p) => !(p.kind === 'value' && isNumericType(p.type) && suffix.test(p.name)));
	const keys = set.keys.filter((key) => !RECORD_SERVICE_FIELDS.has(key));
	const dimensions = returned.filter((p) => keys.includes(p.name));
	return dimensions.length > 0 ? dimensions : returned.filter((p) => !RECORD_SERVICE_FIELDS.has(p.name));
}

export interface ResolvedRegister {
	operation: RegisterOperation;
	set: EntitySetModel;
	fn: FunctionModel;
	dimensions: PropertyModel[];
	conditions: ConditionContext;
}

/** The register the item asks for, checked to have the operation's virtual table. */
async function resolveRegister(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
	operation: RegisterOperation,
): Promise<ResolvedRegister> {
	const name = String(ctx.getNodeParameter('register', itemIndex) ?? '').trim();
	const metadata = await basMetadata(ctx, connection, itemIndex);
	const { functionName, kinds, label } = REGISTER_OPERATIONS[operation];
	const set = metadata.entitySets[name];
	const fn = set && (kinds as readonly ObjectKind[]).includes(set.kind) ? set.functions[functionName] : undefined;
	if (!set || !fn) {
		const why = !set
			? `The publication has no register "${name}"`
			: `"${name}" is not ${label}: it has no ${functionName} table`;
		throw new NodeOperationError(ctx.getNode(), why, {
			itemIndex,
			description: `${functionName} reads ${kinds.join(' and ')} objects that the OData interface of the base publishes (see the README).`,
		});
	}
	return {
		operation,
		set,
		fn,
		dimensions: registerDimensions(set, fn),
		conditions: { node: ctx.getNode(), itemIndex, objectName: name, metadata, timeZone: connection.timeZone },
	};
}

/** A date parameter in the base's time zone; empty means "not given". */
function periodLiteral(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	timeZone: string,
): Literal | undefined {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	try {
		return literal.dateTime(value instanceof Date ? value : String(value), timeZone);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `The ${parameter} ${(error as Error).message}`, { itemIndex });
	}
}

/**
 * The dimensions chosen to group by (all when none), as properties. A virtual table without a
 * `Dimensions` parameter (an accounting register's Balance) always groups by all of them.
 */
function groupingDimensions(ctx: IExecuteFunctions, itemIndex: number, register: ResolvedRegister): PropertyModel[] {
	const names = ctx.getNodeParameter('dimensions', itemIndex, []) as string[];
	if (names.length > 0 && !register.fn.parameters.some((parameter) => parameter.name === 'Dimensions')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${register.set.name} cannot group its ${register.fn.name} by chosen dimensions: leave "Dimension Names or IDs" empty`,
			{ itemIndex },
		);
	}
	return names.map((name) => findProperty(register.conditions, register.dimensions, name));
}

/**
 * Reads the virtual table page by page (or up to the limit), one output item per row as the base
 * sent it. The dimensions identify a row, so they make the order total for paging.
 */
async function readVirtualTable(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
	register: ResolvedRegister,
	parameters: Record<string, Literal | undefined>,
	keyDimensions: PropertyModel[],
): Promise<INodeExecutionData[]> {
	const limit = limitOf(ctx, itemIndex);
	const path = resourcePath(register.set.name, undefined, functionCall(register.fn.name, parameters));
	const rows: IDataObject[] = await basListAll(
		ctx,
		connection,
		path,
		{},
		{
			limit,
			itemIndex,
			keyFields: keyDimensions.map((p) => p.name),
		},
	);
	return rows.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/**
 * What a register operation outputs: its virtual table with the dates, the dimension filters and
 * (Balance, Turnovers) the grouping the item sets, one output item per row.
 */
export async function readRegister(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
	operation: RegisterOperation,
): Promise<INodeExecutionData[]> {
	const register = await resolveRegister(ctx, itemIndex, connection, operation);
	const { periods, grouped } = REGISTER_OPERATIONS[operation];
	const grouping = grouped ? groupingDimensions(ctx, itemIndex, register) : [];
	const parameters: Record<string, Literal | undefined> = {};
	for (const [name, parameter] of Object.entries(periods)) {
		parameters[name] = periodLiteral(ctx, itemIndex, parameter, connection.timeZone);
	}
	Object.assign(parameters, await dimensionConditions(ctx, itemIndex, connection, register));
	if (grouping.length > 0) parameters.Dimensions = literal.names(grouping.map((p) => p.attribute));
	return await readVirtualTable(
		ctx,
		itemIndex,
		connection,
		register,
		parameters,
		grouping.length > 0 ? grouping : register.dimensions,
	);
}

/** Parameters every register operation shows: Return All / Limit, dimension filters. */
export function registerParameters(operation: RegisterOperation): INodeProperties[] {
	const show = { resource: ['register'], operation: [operation] };
	return [...limitProperties(show), dimensionFiltersParameter(operation)];
}

export const groupingParameter = (operation: RegisterOperation): INodeProperties => ({
	displayName: 'Dimension Names or IDs',
	name: 'dimensions',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getRegisterDimensions', loadOptionsDependsOn: ['register', 'operation'] },
	default: [],
	description:
		'Group the rows by these dimensions only (the others are summed up); leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { resource: ['register'], operation: [operation] } },
});
