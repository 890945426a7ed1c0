/**
 * `npm run bench [-- --quick]`: every benchmark, each printing `BENCH {json}` lines
 * (see the README for the figures and their names).
 */
import { benchMetadata } from './metadata';
import { benchSandbox } from './sandbox';

async function main() {
	const quick = process.argv.includes('--quick');
	await benchMetadata({ quick });
	await benchSandbox({ quick });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
