import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eq, literal, type Literal } from '../Bas/odata/filter';
import { conditionLiteral } from '../Bas/odata/url';
import { basMetadata, getBasConnection } from '../Bas/transport';
import { DEFAULT_ROWS_PER_REQUEST } from '../KeyCrm/actions/batch';
import { getKeyCrmConnection } from '../KeyCrm/transport';
import { DEFAULT_BATCH_SIZE } from '../SalesDrive/actions/handler';
import { getSalesDriveConnection } from '../SalesDrive/transport';
import { readNames, readSkus, refsByName } from './basCatalogs';
import { type CostWithoutQuantity, readUnitCosts } from './basCost';
import { readPrices } from './basPrices';
import { BasReader } from './basRequests';
import { accountRef, readMovedItems, readStock } from './basStock';
import { CONFIGURATION_DEFAULTS, type Configuration } from './configuration';
import { parseCostFormula, resolveCostFormula } from './costFormula';
import { ADDITIONAL_PRICE, type OutgoingCell, type SendOutcome, sendToKeyCrm, sendToSalesDrive } from './crmSenders';
import { differences, loadTable, markSent, sentCells } from './deltaState';
import { parseFormula, resolveFormula } from './formula';
import { crmKeyOf, readWarehouseMap } from './matching';
import { holdKnownMissing, loadMissing, rememberMissing } from './missingSkus';

type Crm = 'salesDrive' | 'keyCrm';
type ExportKind = 'stock' | 'prices' | 'costPrices';
type Mode = 'delta' | 'incremental' | 'full';

/** A value read from BAS, on its way to one CRM cell. */
interface ReadCell {
	item: string;
	characteristic: string;
	/** CRM warehouse id, or the CRM price field */
	column: string;
	value: number;
}

const LIST_CAP = 1000;
const LEDGER_CHART = 'ChartOfAccounts_Хозрасчетный';
const LEDGER_DIMENSIONS = { item: 'ExtDimension1', warehouse: 'ExtDimension2' };

/** Which CRM price field an export of prices or cost prices writes. */
function priceColumn(ctx: IExecuteFunctions, crm: Crm, kind: ExportKind): string {
	if (crm === 'keyCrm') return kind === 'costPrices' ? 'purchased_price' : 'price';
	if (kind === 'costPrices') return 'expenses';
	if (ctx.getNodeParameter('salesDrivePriceField', 0, 'costPerItem') === 'costPerItem') return 'costPerItem';
	const name = String(ctx.getNodeParameter('salesDrivePriceType', 0, '')).trim();
	if (!name) throw new NodeOperationError(ctx.getNode(), 'SalesDrive Price Type is empty', { itemIndex: 0 });
	return `${ADDITIONAL_PRICE}${name}`;
}

/**
 * One run of the export: read from BAS what the mode asks for, compare with what was last sent,
 * send the differences in the largest batches the CRM takes, remember what the CRM accepted,
 * and report. Rows the CRM refused stay as they were, so the next run sends them again.
 */
export async function runExport(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const started = Date.now();
	const startedAt = new Date(started);
	const node = ctx.getNode();
	const crm = ctx.getNodeParameter('crm', 0) as Crm;
	const kind = ctx.getNodeParameter('export', 0) as ExportKind;
	const mode = ctx.getNodeParameter('mode', 0, 'delta') as Mode;
	const sendAll = mode === 'full' && (ctx.getNodeParameter('sendAll', 0, false) as boolean);
	const configuration = ctx.getNodeParameter('configuration', 0, 'unf') as Configuration;
	const defaults = CONFIGURATION_DEFAULTS[configuration];
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const skuField = String(options.skuField || 'Артикул');
	const variantKey = String(options.variantKey || '{sku}-{characteristic}');
	const lookBackMs = Math.max(0, Number(options.lookBackMinutes ?? 10)) * 60_000;

	const connection = await getBasConnection(ctx);
	const reader = new BasReader(ctx, connection);
	const metadata = await basMetadata(ctx, connection, 0);
	const fail = (message: string, description?: string) =>
		new NodeOperationError(node, message, { itemIndex: 0, description });

	const staticData = ctx.getWorkflowStaticData('node');
	const report: IDataObject = { crm, export: kind, mode };
	let cells: ReadCell[] = [];
	let table;
	let since: Date | undefined;
	let moved: Array<{ item: string; characteristic: string }> | undefined;
	const unmappedWarehouses = new Set<string>();
	let withoutQuantity: CostWithoutQuantity[] = [];
	const warehouseDimension = String(options.warehouseDimension ?? '').trim() || undefined;
	/** The ledger's Balance reads only the goods account given by its code or GUID. */
	const ledgerAccountCondition = async (): Promise<Literal> => {
		const code = String(ctx.getNodeParameter('ledgerAccount', 0, '281')).trim();
		const account = await accountRef(reader, LEDGER_CHART, code);
		if (!account) throw fail(`${LEDGER_CHART} has no single account with the code "${code}"`);
		return conditionLiteral(eq('Account_Key', literal.guid(account)), connection.conditionQuoting);
	};
	const costSource =
		kind === 'costPrices' ? (ctx.getNodeParameter('costSource', 0, 'register') as 'register' | 'priceType') : undefined;

	if (kind === 'stock') {
		const formula = String(ctx.getNodeParameter('stockFormula', 0, defaults.stockFormula));
		report.formula = formula;
		const terms = parseFormula(formula);
		if (typeof terms === 'string') throw fail(terms);
		const sources = resolveFormula(metadata, terms, { warehouseDimension, ledger: LEDGER_DIMENSIONS });
		if (typeof sources === 'string')
			throw fail(sources, 'Check the Stock Formula against the registers the base publishes');
		const warehouses = await readWarehouseMap(ctx, reader, defaults.warehouses);
		table = loadTable(staticData, 'stock', `${crm}:stock:${[...warehouses.values()].sort().join(',')}`);
		const accountCondition = sources.some((source) => source.ledger) ? await ledgerAccountCondition() : undefined;
		let items: string[] | undefined;
		if (mode === 'incremental' && table.cursor) {
			since = new Date(Date.parse(table.cursor) - lookBackMs);
			moved = await readMovedItems(reader, sources, since, 0);
			items = [...new Set([...moved.map((m) => m.item), ...(table.retry ?? [])])];
		}
		const stock = await readStock(reader, sources, { items, accountCondition });
		for (const cell of stock) {
			const column = warehouses.get(cell.warehouse);
			if (column === undefined) {
				unmappedWarehouses.add(cell.warehouse);
				continue;
			}
			cells.push({ item: cell.item, characteristic: cell.characteristic, column, value: cell.quantity });
		}
		if (moved) for (const item of table.retry ?? []) moved.push({ item, characteristic: '' });
		report.warehouses = [...new Set(warehouses.values())];
	} else if (costSource === 'register') {
		const formula = String(ctx.getNodeParameter('costFormula', 0, defaults.costFormula));
		report.costFormula = formula;
		const parsed = parseCostFormula(formula);
		if (typeof parsed === 'string') throw fail(parsed);
		const source = resolveCostFormula(metadata, parsed, { warehouseDimension, ledger: LEDGER_DIMENSIONS });
		if (typeof source === 'string')
			throw fail(source, 'Check the Cost Formula against the registers the base publishes');
		const names = String(ctx.getNodeParameter('costWarehouses', 0, ''))
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		let warehouses: Set<string> | undefined;
		if (names.length > 0) {
			const hasWarehouse = source.keys ? source.keys.warehouse : source.warehouse;
			if (!hasWarehouse) throw fail(`${source.set.name} is not kept by warehouse: leave Cost Warehouses empty`);
			const { refs, unknown } = await refsByName(reader, defaults.warehouses, names);
			if (unknown.length > 0) throw fail(`${defaults.warehouses} has no single warehouse named "${unknown[0]}"`);
			warehouses = new Set(refs.values());
		}
		const column = priceColumn(ctx, crm, kind);
		const scope = warehouses ? [...warehouses].sort().join(',') : 'all';
		table = loadTable(staticData, kind, `${crm}:${kind}:${formula}:${scope}:${column}`);
		let items: string[] | undefined;
		if (mode === 'incremental' && table.cursor) {
			if (source.keys) {
				throw fail(
					`Incremental mode cannot find moved items in ${source.set.name}: use Changes Only or Full Reconciliation`,
					`Its records name a key (${source.item}), not the item.`,
				);
			}
			since = new Date(Date.parse(table.cursor) - lookBackMs);
			moved = await readMovedItems(reader, [source], since, 0);
			items = [...new Set([...moved.map((m) => m.item), ...(table.retry ?? [])])];
		}
		const accountCondition = source.ledger ? await ledgerAccountCondition() : undefined;
		const costs = await readUnitCosts(reader, source, { warehouses, items, accountCondition });
		cells = costs.costs.map((cost) => ({ ...cost, column }));
		withoutQuantity = costs.withoutQuantity;
	} else {
		const register = metadata.entitySets[String(ctx.getNodeParameter('priceRegister', 0, defaults.priceRegister))];
		if (!register?.functions.SliceLast) {
			throw fail(
				`The base publishes no periodic information register "${String(ctx.getNodeParameter('priceRegister', 0))}"`,
			);
		}
		const dimension = String(ctx.getNodeParameter('priceTypeDimension', 0, defaults.priceTypeDimension));
		if (!register.properties.some((p) => p.name === dimension)) {
			throw fail(`${register.name} has no dimension "${dimension}"`);
		}
		const priceTypeName = String(ctx.getNodeParameter('priceType', 0, '')).trim();
		const { refs } = await refsByName(reader, defaults.priceTypes, [priceTypeName]);
		const priceType = refs.get(priceTypeName);
		if (!priceType) throw fail(`${defaults.priceTypes} has no single price type "${priceTypeName}"`);
		const column = priceColumn(ctx, crm, kind);
		table = loadTable(staticData, kind, `${crm}:${kind}:${priceType}:${column}`);
		if (mode === 'incremental' && table.cursor) since = new Date(Date.parse(table.cursor) - lookBackMs);
		const prices = await readPrices(reader, register, dimension, priceType, since);
		cells = prices.map((price) => ({ ...price, column }));
		report.priceType = priceTypeName;
	}

	// SKUs: the whole catalog when the whole base is read, else only the items read
	const itemRefs = [...new Set([...cells, ...(moved ?? []), ...withoutQuantity].map((cell) => cell.item))];
	const skus = await readSkus(reader, skuField, since ? itemRefs : undefined);
	const characteristicRefs = [
		...new Set([...cells, ...(moved ?? []), ...withoutQuantity].map((cell) => cell.characteristic).filter(Boolean)),
	];
	const characteristicNames =
		characteristicRefs.length > 0 && defaults.characteristics
			? await readNames(reader, defaults.characteristics, characteristicRefs)
			: new Map<string, string>();
	const keyOf = (item: string, characteristic: string) =>
		crmKeyOf(
			skus.get(item),
			characteristic ? (characteristicNames.get(characteristic) ?? characteristic) : '',
			variantKey,
		);

	// what the CRM should hold now, by CRM key and column
	const desired = new Map<string, Map<string, number>>();
	const itemOfKey = new Map<string, string>();
	const withoutSku: IDataObject[] = [];
	for (const cell of cells) {
		const key = keyOf(cell.item, cell.characteristic);
		if (!key) {
			if (withoutSku.length < LIST_CAP) withoutSku.push({ item: cell.item, column: cell.column });
			continue;
		}
		itemOfKey.set(key, cell.item);
		const row = desired.get(key) ?? new Map<string, number>();
		desired.set(key, row);
		const value = kind === 'stock' ? (row.get(cell.column) ?? 0) + Math.max(0, cell.value) : cell.value;
		row.set(cell.column, Math.round(value * 1000) / 1000);
	}
	if (kind === 'stock') {
		// a warehouse an item has nothing on gets 0, and so does a row sent before that BAS no longer has
		const columns = report.warehouses as string[];
		for (const row of desired.values()) for (const column of columns) if (!row.has(column)) row.set(column, 0);
		const scope = moved
			? moved.map((m) => keyOf(m.item, m.characteristic)).filter((key): key is string => key !== undefined)
			: undefined;
		for (const [key, column, value] of sentCells(table, scope)) {
			if (value === 0 || !columns.includes(column)) continue;
			const row = desired.get(key) ?? new Map<string, number>();
			desired.set(key, row);
			if (!row.has(column)) row.set(column, 0);
		}
	}

	// the differences; SalesDrive takes all warehouses of a product in one row, so a changed product sends them all
	const diff = differences(table, desired, { sendAll, wholeRow: crm === 'salesDrive' });
	const changed = diff.changed;
	let outgoing = diff.outgoing;
	// KeyCRM: SKUs it refused as unknown before are left out until a full run tries them again
	const missing = crm === 'keyCrm' ? loadMissing(staticData) : undefined;
	let held: OutgoingCell[] = [];
	if (missing && mode !== 'full') ({ send: outgoing, held } = holdKnownMissing(outgoing, missing));

	let outcome: SendOutcome = { accepted: [], refused: [], requests: 0 };
	if (outgoing.length > 0) {
		const batchSize = Number(options.batchSize) || 0;
		if (crm === 'salesDrive') {
			outcome = await sendToSalesDrive(
				ctx,
				await getSalesDriveConnection(ctx),
				outgoing,
				batchSize || DEFAULT_BATCH_SIZE,
			);
		} else {
			outcome = await sendToKeyCrm(
				ctx,
				await getKeyCrmConnection(ctx),
				outgoing,
				kind === 'stock' ? 'stock' : 'price',
				batchSize || DEFAULT_ROWS_PER_REQUEST,
			);
		}
	}
	for (const cell of outcome.accepted) markSent(table, cell.key, cell.column, cell.value);

	const notFound: IDataObject[] = [];
	const refused: IDataObject[] = [];
	const retry = new Set<string>();
	const columnName = kind === 'stock' ? 'warehouse' : 'field';
	const unknown: OutgoingCell[] = [];
	for (const { cells: group, reason } of outcome.refused) {
		const list = isNotFound(reason) ? notFound : refused;
		if (list === notFound) unknown.push(...group);
		for (const cell of group) {
			const item = itemOfKey.get(cell.key);
			if (item) retry.add(item);
			if (list.length < LIST_CAP) list.push({ sku: cell.key, [columnName]: cell.column, value: cell.value, reason });
		}
	}
	if (missing) {
		rememberMissing(missing, outcome.accepted, unknown, startedAt);
		for (const cell of held) {
			const item = itemOfKey.get(cell.key);
			if (item) retry.add(item);
			const since = missing[cell.key];
			if (notFound.length < LIST_CAP) {
				notFound.push({
					sku: cell.key,
					[columnName]: cell.column,
					value: cell.value,
					reason: `known missing since ${since}: not sent until a full run`,
					knownMissingSince: since,
				});
			}
		}
	}
	if (outcome.accepted.length === 0 && refused.length > 0 && notFound.length === 0) {
		throw fail(
			`The CRM accepted none of the ${outgoing.length} rows: ${String(refused[0].reason)}`,
			'Nothing was marked as sent; the next run sends these rows again.',
		);
	}
	// prices are read by when they were set, not by item: a cursor kept where it was re-reads a refused price next run
	const readBySetTime = mode === 'incremental' && since !== undefined && moved === undefined;
	if (!(readBySetTime && refused.length > 0)) table.cursor = startedAt.toISOString();
	table.retry = [...retry];

	Object.assign(report, {
		rowsRead: cells.length,
		changed,
		sent: outcome.accepted.length,
		requests: { bas: reader.requests, crm: outcome.requests },
		notFound,
		notFoundCount: unknown.length + held.length,
		refused,
		withoutSku,
		unmappedWarehouses: [...unmappedWarehouses],
		...(costSource === 'register'
			? {
					withoutQuantity: withoutQuantity.slice(0, LIST_CAP).map((cost) => ({
						sku: keyOf(cost.item, cost.characteristic) ?? cost.item,
						amount: cost.amount,
						quantity: cost.quantity,
					})),
				}
			: {}),
		durationMs: Date.now() - started,
	});
	if (since) report.since = since.toISOString();
	if (options.includeSentRows) report.sentRows = outcome.accepted as unknown as IDataObject[];
	return [[{ json: report, pairedItem: { item: 0 } }]];
}

/** A refusal that says the CRM has no such product or offer (rather than refusing a value). */
function isNotFound(reason: string): boolean {
	return /required for a new product|not found|(sku|\bid)\b[^.]*\binvalid|invalid[^.]*\b(sku|id)\b/i.test(reason);
}
