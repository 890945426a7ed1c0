/**
 * How close "Return All" through each CRM node (Order → Get Many) comes to the CRM's own limit, without ever
 * tripping it: a paginated list read against the sandbox enforcing the documented limits, through
 * the SalesDrive and KeyCRM nodes inside a real n8n-core run. The share is the shortest duration the limit allows
 * for that many requests divided by the duration achieved (1.0 = exactly at the limit).
 * `--quick` shortens the sandboxes' limit windows (and the client's, through the credential's
 * time scale) so the same number of requests finishes in seconds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

interface Case {
	crm: 'salesdrive' | 'keycrm';
	pages: number;
	/** the binding limit: requests per window */
	limit: number;
	periodMs: number;
}

export async function benchCrmPacing(options: { quick: boolean }): Promise<void> {
	// loaded here so N8N_USER_FOLDER is set before n8n-core reads it
	const { runSalesDriveNode, salesDriveCredentials } = await import('../test/helpers/salesDrive');
	const { runKeyCrmNode, keyCrmCredentials } = await import('../test/helpers/keyCrm');
	const { startSalesDriveSandbox } = await import('../sandbox/salesdrive/server');
	const { startKeyCrmSandbox } = await import('../sandbox/keycrm/server');
	const scale = options.quick ? 20 : 1;

	const cases: Case[] = [
		// 25 pages of orders: three windows of SalesDrive's 10 list calls per minute
		{ crm: 'salesdrive', pages: 25, limit: 10, periodMs: 60_000 },
		// 150 pages of 50: three windows of KeyCRM's 60 calls per minute
		{ crm: 'keycrm', pages: 150, limit: 60, periodMs: 60_000 },
	];
	for (const test of cases) {
		/** arrival times at the sandbox, as its request log has them */
		let starts: number[] = [];
		let refused = 0;
		/** the most requests the sandbox's own count ever held in one window of the binding limit */
		let peak = 0;
		let rows = 0;
		if (test.crm === 'salesdrive') {
			const sandbox = await startSalesDriveSandbox({ timeScale: scale, demoData: false });
			try {
				sandbox.fillOrders(test.pages * 100);
				const run = await runSalesDriveNode({
					parameters: { resource: 'order', operation: 'getMany', returnAll: true },
					credentials: salesDriveCredentials(sandbox, scale),
					onError: 'stop',
				});
				if (run.status !== 'success') throw new Error(`SalesDrive Return All failed: ${run.error()?.message}`);
				rows = run.output().length;
				const lists = sandbox.requests.filter((r) => r.url.startsWith('/api/order/list/'));
				starts = lists.map((r) => r.at);
				refused = lists.filter((r) => r.status === 429).length;
				peak = sandbox.limits.peakCounts()[0].peak;
			} finally {
				await sandbox.close();
			}
		} else {
			const sandbox = await startKeyCrmSandbox({ timeScale: scale });
			try {
				const missing = test.pages * 50 - sandbox.store.counts().orders;
				if (missing > 0) sandbox.addOrders(missing);
				const run = await runKeyCrmNode({
					parameters: { resource: 'order', operation: 'getMany', returnAll: true },
					credentials: keyCrmCredentials(sandbox, scale),
				});
				if (run.status !== 'success') throw new Error(`KeyCRM Return All failed: ${run.error()?.message}`);
				rows = run.output().length;
				const lists = sandbox.requests.filter((r) => r.url.startsWith('/v1/order'));
				starts = lists.map((r) => r.at);
				refused = lists.filter((r) => r.status === 429).length;
				peak = sandbox.limits.peakCounts()[0].peak;
			} finally {
				await sandbox.close();
			}
		}
		const period = test.periodMs / scale;
		const achieved = starts[starts.length - 1] - starts[0];
		const ideal = Math.floor((starts.length - 1) / test.limit) * period;
		const share = Math.round((ideal / achieved) * 1000) / 1000;
		console.log(
			`${test.crm}: Return All of ${rows} rows in ${starts.length} requests took ${(achieved / 1000).toFixed(1)} s; the limit allows ${(ideal / 1000).toFixed(1)} s at best; ${refused} refused (429); the sandbox's busiest window held ${peak} of ${test.limit}`,
		);
		console.log(
			`BENCH ${JSON.stringify({ figure: 'crm.return_all.rate_share', params: { crm: test.crm, requests: starts.length, timeScale: scale }, value: share, unit: 'achieved / allowed rate' })}`,
		);
		if (refused > 0)
			console.log(
				`BENCH ${JSON.stringify({ figure: 'crm.return_all.refused', params: { crm: test.crm }, value: refused, unit: 'requests' })}`,
			);
	}
}

if (require.main === module) {
	benchCrmPacing({ quick: process.argv.includes('--quick') }).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
