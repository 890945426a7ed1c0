/**
 * How long the BAS sandbox takes to build a large base (20,000 items × 3 warehouses) and to
 * answer a full stock Balance over it through HTTP, as a client sees it.
 */
import { generateBase } from '../sandbox/bas/demo';
import { RegisterRecords } from '../sandbox/bas/registers';
import { buildSchema } from '../sandbox/bas/schema';
import { startBasSandbox } from '../sandbox/bas/server';
import { BasStore } from '../sandbox/bas/store';

const ITEMS = 20_000;
const WAREHOUSES = 3;

function bench(figure: string, value: number, unit: string) {
	console.log(`BENCH ${JSON.stringify({ figure, params: { items: ITEMS, warehouses: WAREHOUSES }, value, unit })}`);
}

export async function benchSandbox(_options: { quick: boolean }): Promise<void> {
	const schema = buildSchema('unf');
	const started = process.hrtime.bigint();
	const store = new BasStore(schema);
	const records = new RegisterRecords();
	generateBase(store, records, { items: ITEMS, warehouses: WAREHOUSES });
	const generateS = Number(process.hrtime.bigint() - started) / 1e9;
	const stockRows = records.records('AccumulationRegister_ЗапасыНаСкладах').length;
	console.log(
		`sandbox: ${ITEMS} items × ${WAREHOUSES} warehouses generated in ${generateS.toFixed(2)} s (${stockRows} stock records)`,
	);
	bench('sandbox.generate_s', Math.round(generateS * 100) / 100, 's');

	const bas = await startBasSandbox({ profile: 'unf', demo: { items: ITEMS, warehouses: WAREHOUSES } });
	try {
		const auth = `Basic ${Buffer.from(`${bas.users[0].name}:${bas.users[0].password}`).toString('base64')}`;
		const url = `${bas.publicationUrl}/odata/standard.odata/${encodeURIComponent('AccumulationRegister_ЗапасыНаСкладах')}/Balance()?$format=json`;
		const timings: number[] = [];
		let rows = 0;
		for (let round = 0; round < 4; round++) {
			const t0 = process.hrtime.bigint();
			const response = await fetch(url, { headers: { authorization: auth } });
			const body = (await response.json()) as { value: unknown[] };
			timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
			rows = body.value.length;
		}
		// the first round warms up; report the median of the rest
		const measured = timings.slice(1).sort((a, b) => a - b);
		const median = measured[Math.floor(measured.length / 2)];
		console.log(`sandbox: full Balance over HTTP returned ${rows} rows; median ${median.toFixed(1)} ms`);
		bench('sandbox.balance_ms', Math.round(median * 10) / 10, 'ms');
	} finally {
		await bas.close();
	}
}

if (require.main === module) {
	benchSandbox({ quick: process.argv.includes('--quick') }).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
