/** `npm run sandbox`: the local stand-ins on 127.0.0.1, printing their addresses; Ctrl-C stops them. */
import { startBasSandbox } from './bas/server';

async function main() {
	const bas = await startBasSandbox({ port: Number(process.env.BAS_SANDBOX_PORT ?? 8801) });
	console.log(
		`BAS OData  ${bas.publicationUrl}/odata/standard.odata  user "${bas.users[0].name}" password "${bas.users[0].password}"`,
	);
	const stop = async () => {
		await bas.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	setInterval(() => {}, 1 << 30);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
