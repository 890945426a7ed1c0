/** Stops what global-setup.ts started: n8n first (it may still be answering a webhook), then the sandboxes. */
import { rmSync } from 'node:fs';

import { E2E_GLOBAL, type E2eGlobal } from './global-setup';

export default async function globalTeardown(): Promise<void> {
	const held = (globalThis as Record<symbol, unknown>)[E2E_GLOBAL] as E2eGlobal | undefined;
	await held?.n8n?.stop();
	await held?.sandboxes?.close();
	if (held?.dir) rmSync(held.dir, { recursive: true, force: true });
}
