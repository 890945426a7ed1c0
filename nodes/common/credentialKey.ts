import { createHash } from 'crypto';

/** A short, non-reversible id of an API key, for keying per-process state (rate limiters) without holding the key. */
export function credentialKey(baseUrl: string, secret: string): string {
	return `${baseUrl}|${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}
