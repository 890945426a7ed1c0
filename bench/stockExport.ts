/**
 * Stock Export against the sandboxes with 20,000 items × 3 warehouses, through a real n8n-core run:
 * - `stock.full.request_ratio`: CRM requests of a full export / the fewest the batch size allows
 *   (KeyCRM: per warehouse, rows / the largest batch; SalesDrive: products / 100);
 * - `stock.full.rate_share`: KeyCRM's paced full export, the shortest duration its limit allows for
 *   that many requests / the duration achieved;
 * - `stock.delta.crm_requests_per_warehouse`: requests per warehouse of a Changes Only run after 10 changes;
 * - `stock.delta.bas_requests`: BAS requests of an Incremental run after 10 changes, at 2,000 and 20,000 items;
 * - `export.peak_rss_mb`: the process's peak resident memory during the full export.
 * `--quick` shortens KeyCRM's limit window (the sizes stay).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

const ITEMS = 20_000;
const WAREHOUSES = 3;

const bench = (figure: string, params: IDataObject, value: number, unit: string) =>
	console.log(`BENCH ${JSON.stringify({ figure, params, value, unit })}`);

export async function benchStockExport(options: { quick: boolean }): Promise<void> {
	// loaded here so N8N_USER_FOLDER is set before n8n-core reads it
	const { startBasSandbox } = await import('../sandbox/bas/server');
	const { startKeyCrmSandbox, KEYCRM_RATE_LIMIT } = await import('../sandbox/keycrm/server');
	const { startSalesDriveSandbox } = await import('../sandbox/salesdrive/server');
	const { basCredentials } = await import('../test/helpers/bas');
	const { keyCrmCredentials, requestsTo: keyCrmRequestsTo } = await import('../test/helpers/keyCrm');
	const { salesDriveCredentials, requestsTo: salesDriveRequestsTo } = await import('../test/helpers/salesDrive');
	const { basWarehouses, exportKeys, runStockExport, seedKeyCrm, seedSalesDrive, writeMovements } = await import(
		'../test/helpers/stockExport'
	);
	type Bas = Awaited<ReturnType<typeof startBasSandbox>>;

	const warehouses = (bas: Bas) => ({
		warehouse: basWarehouses(bas).map((w, i) => ({ bas: String(w.Ref_Key), crm: String(i + 1) })),
	});
	/** 10 stock cells of 10 different items lose one unit each. */
	const tenChanges = (bas: Bas) => {
		const seen = new Set<string>();
		const rows = bas.records
			.records('AccumulationRegister_ЗапасыНаСкладах')
			.filter(
				(r) =>
					Number(r.Количество) >= 1 && !seen.has(String(r.Номенклатура_Key)) && seen.add(String(r.Номенклатура_Key)),
			)
			.slice(0, 10);
		writeMovements(
			bas,
			'AccumulationRegister_ЗапасыНаСкладах',
			rows.map((r) => ({
				RecordType: 'Expense',
				Номенклатура_Key: r.Номенклатура_Key,
				СтруктурнаяЕдиница_Key: r.СтруктурнаяЕдиница_Key,
				Количество: 1,
			})),
		);
	};
	const check = (run: { error(): unknown; report: IDataObject }, what: string) => {
		const error = run.error() as Error | undefined;
		if (error) throw new Error(`${what}: ${error.message}`);
		return run.report;
	};

	// KeyCRM: full export paced to its limit, then Changes Only after 10 changes
	const scale = options.quick ? 20 : 1;
	const bas = await startBasSandbox({ profile: 'unf', demo: { items: ITEMS, warehouses: WAREHOUSES } });
	const kc = await startKeyCrmSandbox({ timeScale: scale });
	const sd = await startSalesDriveSandbox({ demoData: false });
	try {
		const keys = exportKeys(bas).map((k) => k.key);
		seedKeyCrm(kc, keys);
		seedSalesDrive(sd, keys);
		let peak = process.memoryUsage().rss;
		const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
		const staticData: IDataObject = {};
		const parameters = {
			crm: 'keyCrm',
			export: 'stock',
			mode: 'delta',
			configuration: 'unf',
			warehouses: warehouses(bas),
		};
		const credentials = { ...basCredentials(bas), ...keyCrmCredentials(kc, scale) };
		const full = check(await runStockExport({ parameters, credentials, staticData }), 'KeyCRM full export');
		clearInterval(sampler);
		const puts = keyCrmRequestsTo(kc, 'PUT /offers/stocks');
		const rowsPerWarehouse = new Map<number, number>();
		for (const put of puts) {
			const body = put.body as IDataObject;
			if (put.status !== 202) continue;
			const id = Number(body.warehouse_id);
			rowsPerWarehouse.set(id, (rowsPerWarehouse.get(id) ?? 0) + (body.stocks as unknown[]).length);
		}
		const minimum = [...rowsPerWarehouse.values()].reduce((n, rows) => n + Math.ceil(rows / kc.store.maxBatchItems), 0);
		console.log(
			`keycrm full export: ${String(full.sent)} rows in ${puts.length} requests (fewest possible ${minimum}), ${String(full.durationMs)} ms`,
		);
		bench(
			'stock.full.request_ratio',
			{ crm: 'keycrm', items: ITEMS, warehouses: WAREHOUSES },
			puts.length / minimum,
			'requests / minimum',
		);
		const starts = puts.map((r) => r.at);
		const period = KEYCRM_RATE_LIMIT.periodMs / scale;
		const ideal = Math.floor((starts.length - 1) / KEYCRM_RATE_LIMIT.limit) * period;
		const achieved = starts[starts.length - 1] - starts[0];
		const share = ideal === 0 ? 1 : Math.round((ideal / achieved) * 1000) / 1000;
		console.log(
			`keycrm full export: ${starts.length} requests in ${achieved} ms; the limit allows ${ideal} ms at best; ${puts.filter((r) => r.status === 429).length} refused (429)`,
		);
		bench(
			'stock.full.rate_share',
			{ crm: 'keycrm', requests: starts.length, timeScale: scale },
			share,
			'achieved / allowed rate',
		);
		bench('export.peak_rss_mb', { items: ITEMS, warehouses: WAREHOUSES }, Math.round(peak / 1048576), 'MB');

		tenChanges(bas);
		const before = keyCrmRequestsTo(kc, 'PUT /offers/stocks').length;
		const delta = check(await runStockExport({ parameters, credentials, staticData }), 'KeyCRM delta export');
		const perWarehouse = new Map<number, number>();
		for (const put of keyCrmRequestsTo(kc, 'PUT /offers/stocks').slice(before)) {
			const id = Number((put.body as IDataObject).warehouse_id);
			perWarehouse.set(id, (perWarehouse.get(id) ?? 0) + 1);
		}
		console.log(
			`keycrm delta after 10 changes: ${String(delta.sent)} rows sent, requests per warehouse ${JSON.stringify([...perWarehouse])}`,
		);
		bench(
			'stock.delta.crm_requests_per_warehouse',
			{ crm: 'keycrm', changed: 10 },
			Math.max(0, ...perWarehouse.values()),
			'requests',
		);

		// SalesDrive: the same full export (100 products per request), then Changes Only
		const sdParameters = { ...parameters, crm: 'salesDrive' };
		const sdCredentials = { ...basCredentials(bas), ...salesDriveCredentials(sd, 1) };
		const sdState: IDataObject = {};
		const sdFull = check(
			await runStockExport({ parameters: sdParameters, credentials: sdCredentials, staticData: sdState }),
			'SalesDrive full export',
		);
		// the catalog was seeded straight into the store: every handler call is the export's
		const exportCalls = salesDriveRequestsTo(sd, 'POST', '/product-handler/');
		const products = exportCalls.reduce((n, r) => n + ((r.body as IDataObject).product as unknown[]).length, 0);
		bench(
			'stock.full.request_ratio',
			{ crm: 'salesdrive', items: ITEMS, warehouses: WAREHOUSES },
			exportCalls.length / Math.ceil(products / 100),
			'requests / minimum',
		);
		console.log(
			`salesdrive full export: ${String(sdFull.sent)} cells, ${products} products in ${exportCalls.length} requests`,
		);
		tenChanges(bas);
		const sdBefore = salesDriveRequestsTo(sd, 'POST', '/product-handler/').length;
		check(
			await runStockExport({ parameters: sdParameters, credentials: sdCredentials, staticData: sdState }),
			'SalesDrive delta export',
		);
		// SalesDrive takes all warehouses of a product in one row: one request covers every warehouse
		bench(
			'stock.delta.crm_requests_per_warehouse',
			{ crm: 'salesdrive', changed: 10 },
			salesDriveRequestsTo(sd, 'POST', '/product-handler/').length - sdBefore,
			'requests',
		);
	} finally {
		await bas.close();
		await kc.close();
		await sd.close();
	}

	// Incremental: BAS requests after 10 changes at 2,000 and 20,000 items
	for (const items of [2_000, ITEMS]) {
		const base = await startBasSandbox({ profile: 'unf', demo: { items, warehouses: WAREHOUSES } });
		const crm = await startSalesDriveSandbox({ demoData: false });
		try {
			seedSalesDrive(
				crm,
				exportKeys(base).map((k) => k.key),
			);
			const staticData: IDataObject = {};
			const parameters = {
				crm: 'salesDrive',
				export: 'stock',
				mode: 'incremental',
				configuration: 'unf',
				warehouses: warehouses(base),
			};
			const credentials = { ...basCredentials(base), ...salesDriveCredentials(crm, 1) };
			check(await runStockExport({ parameters, credentials, staticData }), 'first incremental run');
			tenChanges(base);
			const before = base.requests.length;
			const run = check(await runStockExport({ parameters, credentials, staticData }), 'incremental run');
			const logged = base.requests.length - before;
			console.log(
				`incremental at ${items} items: ${logged} BAS requests (the node counted ${JSON.stringify(run.requests)})`,
			);
			bench('stock.delta.bas_requests', { items, warehouses: WAREHOUSES, changed: 10 }, logged, 'requests');
		} finally {
			await base.close();
			await crm.close();
		}
	}
}

if (require.main === module) {
	benchStockExport({ quick: process.argv.includes('--quick') }).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
