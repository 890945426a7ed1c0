// Preloaded into n8n (`node --require`) by instance.ts so n8n never outlives the process that
// started it. That process normally stops n8n itself; when it dies without doing so (SIGKILL, a
// crash), n8n is re-parented. Noticing that, this stops n8n as a SIGTERM does, and kills n8n's
// process group (its task runners included) if that takes longer than the grace period.
'use strict';

const parentPid = Number(process.env.BAS_CRM_N8N_PARENT_PID);
const GRACE_MS = 20_000;

// once the parent is gone nobody reads n8n's output: a failed write must not crash the shutdown
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

if (parentPid > 0) {
	const watch = setInterval(() => {
		if (process.ppid === parentPid) return;
		clearInterval(watch);
		process.kill(process.pid, 'SIGTERM');
		setTimeout(() => {
			try {
				process.kill(-process.pid, 'SIGKILL');
			} catch {
				process.kill(process.pid, 'SIGKILL');
			}
		}, GRACE_MS).unref();
	}, 1000);
	watch.unref();
}
