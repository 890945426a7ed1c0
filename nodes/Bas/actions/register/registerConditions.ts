import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { and, eq, type Filter, literal, type Literal, or } from '../../odata/filter';
import { isGuid } from '../../odata/literals';
import { setsOfKind } from '../../odata/model';
import { conditionLiteral } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basListAll } from '../../transport';
import { conditionsFilter, findProperty } from '../catalog/fieldConditions';
import { conditionRows, type ConditionRows, conditionRowsParameter } from '../conditionRows';
import type { RegisterOperation, ResolvedRegister } from './registerSet';

/** One dimension filter row; the value type names the catalog a reference in a composite field belongs to. */
interface DimensionFilterRow {
	field: string;
	value: unknown;
	valueType?: string;
}

// the ledger's account column; 1C takes a condition on it as the Balance's AccountCondition
const ACCOUNT_FIELD = 'Account_Key';

/** Equalities on dimensions; several on one dimension are alternatives. */
const dimensionFilterRows = (operation: RegisterOperation): ConditionRows => ({
	name: 'dimensionFilters',
	row: 'filters',
	displayName: 'Dimension Filters',
	rowDisplayName: 'Filter',
	placeholder: 'Add filter',
	description:
		'Only records with these dimension values (sent as the Condition of the virtual table; the account of an accounting register as its AccountCondition); filters on different dimensions must all hold, several on one dimension are alternatives',
	show: { resource: ['register'], operation: [operation] },
	field: {
		displayName: 'Dimension Name or ID',
		loadOptionsMethod: 'getRegisterDimensions',
		loadOptionsDependsOn: ['register', 'operation'],
	},
	withOperator: false,
	valueDescription:
		'The value the dimension must equal: a GUID (Ref_Key) for references; for Account_Key also the account code, e.g. 281',
	withValueType: true,
});

/** The dimension filter rows, each with the value type a composite dimension needs. */
export function dimensionFiltersParameter(operation: RegisterOperation): INodeProperties {
	return conditionRowsParameter(dimensionFilterRows(operation));
}

function shown(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** The chart of accounts of a ledger: the one of the same name, else the only one published. */
function chartOfAccounts(register: ResolvedRegister): string | undefined {
	const charts = setsOfKind(register.conditions.metadata, 'ChartOfAccounts');
	return (charts.find((s) => s.objectName === register.set.objectName) ?? (charts.length === 1 ? charts[0] : undefined))
		?.name;
}

/** An account given by its code (281) as its Ref_Key, looked up in the chart of accounts. */
async function accountKey(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	register: ResolvedRegister,
	value: unknown,
): Promise<string> {
	const code = String(value ?? '').trim();
	if (isGuid(code)) return code;
	const { itemIndex, objectName } = register.conditions;
	const chart = chartOfAccounts(register);
	const found = chart
		? await basListAll(
				ctx,
				connection,
				chart,
				{ filter: eq('Code', literal.string(code)), select: ['Ref_Key'] },
				{ limit: 2, itemIndex },
			)
		: [];
	if (found.length !== 1) {
		const why = !chart
			? 'the base publishes no chart of accounts to look the code up in'
			: found.length === 0
				? `${chart} has no account with this code`
				: `${chart} has several accounts with this code`;
		throw new NodeOperationError(ctx.getNode(), `The account ${shown(value)} for ${objectName}: ${why}`, {
			itemIndex,
		});
	}
	return String(found[0].Ref_Key);
}

/**
 * The dimension filter rows as the virtual table's parameters: `Condition`, and for an accounting
 * register the account rows as `AccountCondition` (accounts by GUID or code), as 1C documents it.
 */
export async function dimensionConditions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
	register: ResolvedRegister,
): Promise<{ AccountCondition?: Literal; Condition?: Literal }> {
	const rows = conditionRows<DimensionFilterRow>(ctx, itemIndex, dimensionFilterRows(register.operation));
	const byAccount = register.fn.parameters.some((parameter) => parameter.name === 'AccountCondition');
	const accounts: Filter[] = [];
	const alternatives = new Map<string, Filter[]>();
	for (const row of rows) {
		const property = findProperty(register.conditions, register.dimensions, row.field, row.value);
		if (byAccount && property.name === ACCOUNT_FIELD) {
			accounts.push(eq(ACCOUNT_FIELD, literal.guid(await accountKey(ctx, connection, register, row.value))));
			continue;
		}
		const filter = conditionsFilter(
			register.conditions,
			[property],
			[{ field: property.name, value: row.value, operator: 'eq', valueType: row.valueType }],
		);
		if (filter) alternatives.set(property.name, [...(alternatives.get(property.name) ?? []), filter]);
	}
	const condition = and(...[...alternatives.values()].map((filters) => or(...filters)));
	const account = or(...accounts);
	const quoting = connection.conditionQuoting;
	return {
		AccountCondition: account && conditionLiteral(account, quoting),
		Condition: condition && conditionLiteral(condition, quoting),
	};
}
