/**
 * `npm run bench [-- --quick]`: every benchmark, each printing `BENCH {json}` lines
 * (see the README for the figures and their names). `--quick` keeps the sizes and shortens the
 * CRM sandboxes' limit windows, so paced runs take seconds instead of minutes.
 */
import { benchBasLookups } from './basLookups';
import { benchCrmBatches } from './crmBatches';
import { benchCrmPacing } from './crmPacing';
import { benchDirectoryMap } from './directoryMap';
import { benchMetadata } from './metadata';
import { benchSandbox } from './sandbox';
import { benchStockExport } from './stockExport';

let finished = false;

async function main() {
	const quick = process.argv.includes('--quick');
	await benchMetadata({ quick });
	await benchSandbox({ quick });
	await benchCrmPacing({ quick });
	await benchCrmBatches();
	await benchBasLookups({ quick });
	await benchDirectoryMap({ quick });
	await benchStockExport({ quick });
	finished = true;
}

// an event loop that runs dry mid-benchmark (a wait nothing holds open) must not pass as success
process.on('exit', (code) => {
	if (!finished && code === 0) {
		console.error('bench: the process ran out of work before every benchmark finished');
		process.exitCode = 1;
	}
});

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
