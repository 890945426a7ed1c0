import { parseMetadata } from './metadata';
import type { MetadataModel } from './model';

/** Metadata changes only when the configuration is updated; a quarter of an hour keeps dropdowns fresh enough. */
export const DEFAULT_METADATA_TTL_MS = 15 * 60 * 1000;

/** Bound on the publications cached per process: a full publication's model takes about 10 MB. */
const MAX_CACHED_PUBLICATIONS = 16;

interface CacheEntry {
	promise: Promise<MetadataModel>;
	/** Date.now() after which the entry is stale; Infinity while the load is in flight */
	expiresAt: number;
}

const metadataCache = new Map<string, CacheEntry>();

/**
 * Parsed metadata per publication, loaded at most once per TTL. Concurrent callers share one
 * in-flight load; a failed load is forgotten so the next call retries. The model is shared
 * between callers: treat it as read-only.
 */
export function getCachedMetadata(
	key: string,
	load: () => Promise<string>,
	ttlMs: number = DEFAULT_METADATA_TTL_MS,
): Promise<MetadataModel> {
	const cached = metadataCache.get(key);
	if (cached && cached.expiresAt > Date.now()) return cached.promise;

	const entry: CacheEntry = { promise: Promise.resolve().then(load).then(parseMetadata), expiresAt: Infinity };
	metadataCache.delete(key);
	metadataCache.set(key, entry);
	if (metadataCache.size > MAX_CACHED_PUBLICATIONS) {
		// Map keeps insertion order: the first key is the oldest load
		const oldest = metadataCache.keys().next().value;
		if (oldest !== undefined && oldest !== key) metadataCache.delete(oldest);
	}
	entry.promise.then(
		() => {
			entry.expiresAt = Date.now() + ttlMs;
		},
		() => {
			if (metadataCache.get(key) === entry) metadataCache.delete(key);
		},
	);
	return entry.promise;
}

/** Drops one publication's cached metadata, or all of it. */
export function clearMetadataCache(key?: string): void {
	if (key === undefined) metadataCache.clear();
	else metadataCache.delete(key);
}
