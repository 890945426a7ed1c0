import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PACKAGE_ROOT } from './runtime';

/**
 * Installs this package into an n8n user folder the way a self-hosted user does by hand
 * (`cd ~/.n8n/nodes && npm install <package>`), from the tarball `npm pack` makes of dist/,
 * so n8n loads it as a community package with node types `n8n-nodes-bas-crm.<name>`.
 */
export function installPackageInto(userFolder: string): string {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(join(nodesDir, 'package.json'))) {
		writeFileSync(
			join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-bas-crm-pack-'));
	try {
		const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--quiet', '--pack-destination', packDir], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
		})
			.trim()
			.split('\n')
			.pop() as string;
		// --legacy-peer-deps: n8n provides n8n-workflow itself; installing our peer would add a second copy
		execFileSync(
			'npm',
			[
				'install',
				join(packDir, tarball),
				'--ignore-scripts',
				'--legacy-peer-deps',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			],
			{ cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	const installed = join(nodesDir, 'node_modules', 'n8n-nodes-bas-crm');
	const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
	return manifest.version;
}
