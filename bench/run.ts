/**
 * `npm run bench [-- --quick]`: every benchmark, each printing `BENCH {json}` lines
 * (see the README for the figures and their names). `--quick` keeps the sizes and shortens the
 * CRM sandboxes' limit windows, so paced runs take seconds instead of minutes.
 */
import { benchCrmPacing } from './crmPacing';
import { benchMetadata } from './metadata';
import { benchSandbox } from './sandbox';

async function main() {
	const quick = process.argv.includes('--quick');
	await benchMetadata({ quick });
	await benchSandbox({ quick });
	await benchCrmPacing({ quick });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
