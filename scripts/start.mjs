// `npm start`: installs what is missing, builds, prepares the real n8n runtime, then runs n8n
// with this package installed, the sandboxes started, the templates imported and the demo
// published (scripts/start.ts).
//
// Stopping: Ctrl-C sends SIGINT to every process of the terminal's foreground group (npm, this
// script, the install commands), npm forwards it once more, and closing the terminal sends SIGHUP.
// Whichever signal arrives first, and however often, asks for one orderly stop; this process
// exits only after n8n has (start.ts). n8n runs in its own process group, out of reach of the
// terminal's signals, and stops by itself when this process dies without stopping it
// (scripts/n8n/parent-watchdog.cjs).
import { createRequire } from 'node:module';

import { build, ensureDeps } from './ensure-deps.mjs';
import { checkRuntimePrerequisites, ensureRuntime, stopRunningCommands } from './n8n-runtime.mjs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const stopping = new AbortController();
for (const signal of SIGNALS) {
	process.on(signal, () => {
		if (stopping.signal.aborted) return;
		stopping.abort();
		stopRunningCommands(signal);
	});
}
// after SIGHUP the terminal is gone: writing to it must not crash the shutdown
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

try {
	checkRuntimePrerequisites();
	await ensureDeps();
	stopping.signal.throwIfAborted();
	await build();
	stopping.signal.throwIfAborted();
	process.env.N8N_RUNTIME_DIR = (await ensureRuntime()).dir;
	stopping.signal.throwIfAborted();
	// start.ts runs in this process, through tsx's loader (installed by ensureDeps above): no
	// process in between that could relay signals late or kill the script before n8n has stopped
	const { register } = await import('tsx/cjs/api');
	register();
	const { start } = createRequire(import.meta.url)('./start.ts');
	await start(stopping.signal);
} catch (error) {
	if (!stopping.signal.aborted) {
		console.error(error.message ?? error);
		process.exitCode = 1;
	}
}
// n8n and the sandboxes have stopped: nothing left to wait for
process.exit();
