/**
 * How long parsing a full publication's `$metadata` takes (figure `odata.metadata_parse_ms`).
 * The document is generated in the mix of a real УТ 11.5 publication, at its real size (~15 MB),
 * in both modes; quick mode only runs fewer rounds.
 */
import { parseMetadata } from '../nodes/Bas/odata/metadata';
import { generateEdmxWithStats } from '../test/fixtures/edmx';

const TARGET_BYTES = 15 * 1024 * 1024;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export async function benchMetadata(opts: { quick: boolean }): Promise<void> {
	const { xml: generated, stats } = generateEdmxWithStats({ targetBytes: TARGET_BYTES });
	// a reply arrives as bytes and is decoded into one flat string; do the same
	const xml = Buffer.from(generated, 'utf8').toString('utf8');
	const warmups = opts.quick ? 1 : 2;
	const rounds = opts.quick ? 3 : 7;
	const gc = (globalThis as { gc?: () => void }).gc;

	const times: number[] = [];
	let sets = 0;
	for (let i = 0; i < warmups + rounds; i++) {
		gc?.();
		const started = performance.now();
		const model = parseMetadata(xml);
		const elapsed = performance.now() - started;
		if (i >= warmups) times.push(elapsed);
		sets = Object.keys(model.entitySets).length;
		// yield between rounds, as a busy process would
		await new Promise((resolve) => setImmediate(resolve));
	}

	const mb = round1(stats.bytes / (1024 * 1024));
	const value = round1(median(times));
	console.log(
		`metadata parse: ${mb} MB EDMX (${stats.entityTypes} entity types, ${stats.complexTypes} complex types, ` +
			`${stats.enumTypes} enums, ${stats.navigationProperties} navigation properties, ${stats.functionImports} functions → ${sets} sets); ` +
			`median ${value} ms of ${rounds} rounds (min ${round1(Math.min(...times))}, max ${round1(Math.max(...times))})`,
	);
	console.log(`BENCH ${JSON.stringify({ figure: 'odata.metadata_parse_ms', params: { mb }, value, unit: 'ms' })}`);
}

if (require.main === module) {
	benchMetadata({ quick: process.argv.includes('--quick') }).catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
