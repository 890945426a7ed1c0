/**
 * `npm run sandbox`: the three local stand-ins (BAS OData, SalesDrive, KeyCRM) on 127.0.0.1 with
 * demo data, printing their addresses; Ctrl-C stops them. `--profile ut|bp` picks the BAS structure.
 */
import type { ProfileId } from './bas/schema';
import { describeSandboxes, sandboxPortsFromEnv, startSandboxes } from './all';

async function main() {
	const profileFlag = process.argv.indexOf('--profile');
	const profile = (profileFlag > 0 ? process.argv[profileFlag + 1] : process.env.BAS_PROFILE) as ProfileId | undefined;
	const sandboxes = await startSandboxes({ ports: sandboxPortsFromEnv(), profile });
	for (const line of describeSandboxes(sandboxes)) console.log(line);
	const stop = async () => {
		await sandboxes.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	// the servers are unref'd; keep the process alive until stopped
	setInterval(() => {}, 1 << 30);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
