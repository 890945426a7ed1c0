// `npm start`: installs what is missing, builds, prepares the real n8n runtime, then runs n8n
// with this package installed, the sandboxes started and the templates imported (scripts/start.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { build, ensureDeps, ROOT } from './ensure-deps.mjs';
import { ensureRuntime } from './n8n-runtime.mjs';

try {
	await ensureDeps();
	await build();
	const runtime = await ensureRuntime();
	// tsx directly (not through npx) so Ctrl-C reaches the script that stops n8n and the sandboxes
	const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
	const child = spawn(process.execPath, [tsx, 'scripts/start.ts', ...process.argv.slice(2)], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, N8N_RUNTIME_DIR: runtime.dir },
	});
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('close', (code) => process.exit(code ?? 0));
} catch (error) {
	console.error(error.message);
	process.exit(1);
}
