// Installs the project's dev dependencies when they are missing or older than the lockfile, so
// `npm start`, `npm test` and the other scripts work on a fresh clone.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { run } from './n8n-runtime.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function installedIsCurrent() {
	const marker = join(ROOT, 'node_modules', '.package-lock.json');
	if (!existsSync(marker)) return false;
	const lock = join(ROOT, 'package-lock.json');
	return !existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

export async function ensureDeps({ log = console.log } = {}) {
	if (installedIsCurrent()) return;
	const started = Date.now();
	log('[deps] installing dev dependencies (npm ci, about 1–2 minutes the first time)');
	await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: ROOT,
		label: 'npm ci',
	});
	log(`[deps] installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

export async function build({ log = console.log } = {}) {
	log('[build] compiling nodes and credentials into dist/');
	await run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, label: 'tsc' });
	await run('npx', ['gulp', '--silent', 'build:assets'], { cwd: ROOT, label: 'gulp build:assets' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	ensureDeps().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
