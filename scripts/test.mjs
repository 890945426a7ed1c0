// `npm test`: installs what is missing, builds, then runs the three test layers in order —
// unit, engine (n8n-core in-process against local servers), e2e (a real n8n with the package
// installed). Exits non-zero when any test fails.
import { checkRuntimePrerequisites, ensureRuntime } from './n8n-runtime.mjs';
import { build, ensureDeps, ROOT } from './ensure-deps.mjs';
import { spawn } from 'node:child_process';

function jest(project, extraEnv = {}) {
	return new Promise((resolve) => {
		console.log(`\n[test] ${project} tests`);
		const child = spawn(
			'npx',
			['jest', '--selectProjects', project, ...(project === 'e2e' ? ['--runInBand'] : []), ...process.argv.slice(2)],
			{
				cwd: ROOT,
				stdio: 'inherit',
				env: { ...process.env, ...extraEnv },
			},
		);
		child.on('close', (code) => resolve(code ?? 1));
	});
}

const started = Date.now();
try {
	checkRuntimePrerequisites();
	await ensureDeps();
	await build();
	const failures = [];
	for (const project of ['unit', 'engine']) if ((await jest(project)) !== 0) failures.push(project);
	const runtime = await ensureRuntime();
	if ((await jest('e2e', { N8N_RUNTIME_DIR: runtime.dir })) !== 0) failures.push('e2e');
	const seconds = Math.round((Date.now() - started) / 1000);
	if (failures.length) {
		console.error(`\n[test] FAILED: ${failures.join(', ')} (${seconds} s)`);
		process.exit(1);
	}
	console.log(`\n[test] all layers passed (${seconds} s)`);
} catch (error) {
	console.error(`\n[test] ${error.message}`);
	process.exit(1);
}
