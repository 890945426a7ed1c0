/**
 * Directory Map's cost per field (figure `map.us_per_field`): 100,000 items, each with three
 * fields (status, delivery, payment) translated through 200-row tables with flags, by the pure
 * mapping engine the node runs — tables compiled once, then one Map look-up per field. The time
 * covers compiling and mapping (copying each item and setting values and flags); one item in a
 * hundred carries a status no row maps, as the Unmapped output would get it.
 */
import type { IDataObject } from 'n8n-workflow';

import { compileMapping, type MappingRule } from '../nodes/DirectoryMap/mapping/mapper';
import type { DirectoryTable } from '../nodes/DirectoryMap/mapping/table';

const ROWS = 200;
const ITEMS = 100_000;

function table(name: string, flags: (row: number) => string): DirectoryTable {
	return {
		name,
		rows: Array.from({ length: ROWS }, (_, row) => ({
			crm: row + 1,
			bas: `${row.toString(16).padStart(8, '0')}-0000-4000-8000-${String(row).padStart(12, '0')}`,
			flags: flags(row),
		})),
	};
}

const TABLES = {
	orderStatus: table('Order Statuses', (row) => (row % 10 === 0 ? 'createShipment, closeOrder' : 'reserve')),
	deliveryMethod: table('Delivery Methods', () => ''),
	paymentMethod: table('Payment Methods', (row) => (row % 2 ? 'prepaid' : '')),
};

const RULES: MappingRule[] = [
	{ table: 'orderStatus', inputField: 'data.statusId', outputField: 'bas.state', whenUnmapped: 'route' },
	{ table: 'deliveryMethod', inputField: 'data.shipping_method', outputField: 'bas.delivery', whenUnmapped: 'route' },
	{ table: 'paymentMethod', inputField: 'data.payment_method', outputField: 'bas.payment', whenUnmapped: 'route' },
];

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function benchDirectoryMap(opts: { quick: boolean }): Promise<void> {
	const items: IDataObject[] = Array.from({ length: ITEMS }, (_, i) => ({
		id: i + 1,
		data: {
			statusId: i % 100 === 99 ? 9999 : (i % ROWS) + 1,
			shipping_method: String(((i * 7) % ROWS) + 1),
			payment_method: ((i * 13) % ROWS) + 1,
			comment: 'order',
		},
	}));
	const fields = ITEMS * RULES.length;
	const warmups = opts.quick ? 1 : 2;
	const rounds = opts.quick ? 3 : 7;
	const perField: number[] = [];
	let unmapped = 0;
	for (let round = 0; round < warmups + rounds; round++) {
		const started = performance.now();
		const mapItem = compileMapping(TABLES, RULES, 'crmToBas');
		unmapped = 0;
		for (const json of items) unmapped += mapItem(json).unmapped.length;
		const elapsedMs = performance.now() - started;
		if (round >= warmups) perField.push((elapsedMs * 1000) / fields);
		await new Promise((resolve) => setImmediate(resolve));
	}
	const value = Math.round(median(perField) * 1000) / 1000;
	console.log(
		`directory map: ${ITEMS} items × ${RULES.length} fields through ${ROWS}-row tables (${unmapped} unmapped); ` +
			`median ${value} µs per field of ${rounds} rounds (min ${Math.min(...perField).toFixed(3)}, max ${Math.max(...perField).toFixed(3)})`,
	);
	console.log(
		`BENCH ${JSON.stringify({ figure: 'map.us_per_field', params: { rows: ROWS, items: ITEMS }, value, unit: 'µs' })}`,
	);
}

if (require.main === module) {
	benchDirectoryMap({ quick: process.argv.includes('--quick') }).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
