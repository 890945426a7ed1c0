/**
 * `crm.batch_rows_per_request`: rows written per request by the nodes' bulk operations — all input
 * items of one run through the SalesDrive or KeyCRM node inside a real n8n-core run, counted at
 * the sandbox. The goal is the largest batch each CRM accepts (reported as `largest`): SalesDrive's
 * `/product-handler/` takes 100 products, KeyCRM's `PUT /offers` and `PUT /offers/stocks` take what
 * the sandbox is set to accept (KeyCRM documents no cap; the node starts at 500 and shrinks to a
 * cap KeyCRM names).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

const ROWS = 2000;

function report(crm: string, operation: string, rows: number, sizes: number[], largest: number): void {
	const perRequest = Math.round((sizes.reduce((sum, size) => sum + size, 0) / sizes.length) * 10) / 10;
	console.log(
		`${crm} ${operation}: ${rows} rows in ${sizes.length} requests (${perRequest} per request; the largest batch is ${largest})`,
	);
	console.log(
		`BENCH ${JSON.stringify({ figure: 'crm.batch_rows_per_request', params: { crm, operation, rows, largest }, value: perRequest, unit: 'rows / request' })}`,
	);
}

export async function benchCrmBatches(): Promise<void> {
	// loaded here so N8N_USER_FOLDER is set before n8n-core reads it
	const {
		runSalesDriveNode,
		salesDriveCredentials,
		requestsTo: salesDriveRequestsTo,
	} = await import('../test/helpers/salesDrive');
	const { runKeyCrmNode, keyCrmCredentials, requestsTo: keyCrmRequestsTo } = await import('../test/helpers/keyCrm');
	const { startSalesDriveSandbox } = await import('../sandbox/salesdrive/server');
	const { startKeyCrmSandbox } = await import('../sandbox/keycrm/server');

	const sd = await startSalesDriveSandbox({ demoData: false });
	try {
		const credentials = salesDriveCredentials(sd, 1);
		const products = Array.from({ length: ROWS }, (_, i) => ({ id: `B-${i}`, name: `Товар ${i}`, qty: i % 7 }));
		const sizes = () =>
			salesDriveRequestsTo(sd, 'POST', '/product-handler/').map(
				(request) => ((request.body as IDataObject).product as unknown[]).length,
			);
		const upsert = await runSalesDriveNode({
			parameters: { resource: 'product', operation: 'upsert', productId: '={{ $json.id }}', name: '={{ $json.name }}' },
			items: products,
			credentials,
			onError: 'stop',
		});
		if (upsert.status !== 'success') throw new Error(`SalesDrive upsert failed: ${upsert.error()?.message}`);
		report('salesdrive', 'product.upsert', ROWS, sizes(), 100);
		const before = sizes().length;
		const stock = await runSalesDriveNode({
			parameters: {
				resource: 'product',
				operation: 'updateStock',
				productId: '={{ $json.id }}',
				stock: { warehouse: [{ warehouseId: '1', quantity: '={{ $json.qty }}' }] },
			},
			items: products,
			credentials,
			onError: 'stop',
		});
		if (stock.status !== 'success') throw new Error(`SalesDrive stock failed: ${stock.error()?.message}`);
		report('salesdrive', 'product.updateStock', ROWS, sizes().slice(before), 100);
	} finally {
		await sd.close();
	}

	const kc = await startKeyCrmSandbox({});
	try {
		const credentials = keyCrmCredentials(kc);
		const offers = kc.addOffers(ROWS);
		const items = offers.map((offer, i) => ({ sku: offer.sku, price: 100 + i, qty: i % 9 }));
		const prices = await runKeyCrmNode({
			parameters: {
				resource: 'offer',
				operation: 'updatePrices',
				sku: '={{ $json.sku }}',
				offerFields: { price: '={{ $json.price }}' },
			},
			items,
			credentials,
		});
		if (prices.status !== 'success' || prices.json().length !== ROWS)
			throw new Error(`KeyCRM prices failed: ${prices.error()?.message}`);
		const priceSizes = keyCrmRequestsTo(kc, 'PUT /offers').map(
			(request) => ((request.body as IDataObject).offers as unknown[]).length,
		);
		report('keycrm', 'offer.updatePrices', ROWS, priceSizes, kc.store.maxBatchItems);
		const stocks = await runKeyCrmNode({
			parameters: {
				resource: 'stock',
				operation: 'set',
				warehouseId: 1,
				sku: '={{ $json.sku }}',
				quantity: '={{ $json.qty }}',
			},
			items,
			credentials,
		});
		if (stocks.status !== 'success' || stocks.json().length !== ROWS)
			throw new Error(`KeyCRM stocks failed: ${stocks.error()?.message}`);
		const stockSizes = keyCrmRequestsTo(kc, 'PUT /offers/stocks').map(
			(request) => ((request.body as IDataObject).stocks as unknown[]).length,
		);
		report('keycrm', 'stock.set', ROWS, stockSizes, kc.store.maxBatchItems);
	} finally {
		await kc.close();
	}
}

if (require.main === module) {
	benchCrmBatches().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
