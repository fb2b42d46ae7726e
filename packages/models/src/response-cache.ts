import { defaultStoreFile, openStore, type ResponseCache, type Store } from '@privlens/store';
import type { TokenLogprob, Usage } from './types.ts';

/**
 * What a cached response row holds; the request itself is only in the key. One shape for the online path that
 * reads and writes rows and the batch runner that writes them, so a collected batch reads back as a hit.
 */
export interface CachedValue {
  text: string;
  parsed?: unknown;
  usage: Usage;
  logprobs?: TokenLogprob[];
  costUsd: number;
}

/**
 * Where a model's responses are cached. `false` (or PRIVLENS_CACHE=off) disables it; a Store shares that
 * store's cache; `{ file }` opens one; `read: false` refreshes (calls anyway, overwrites); `write: false`
 * only reads (a shared read-only cache).
 */
export type CacheOption = false | Store | { store?: Store; file?: string; read?: boolean; write?: boolean };

export interface ResolvedCache {
  cache: ResponseCache;
  read: boolean;
  write: boolean;
}

const opened = new Map<string, Store>();
function storeAt(file: string): Store {
  let store = opened.get(file);
  if (!store) {
    // Commit buffered cache writes when the process ends normally.
    if (opened.size === 0) process.once('exit', closeOwnedStores);
    store = openStore(file);
    opened.set(file, store);
  }
  return store;
}

function isStore(value: unknown): value is Store {
  return typeof value === 'object' && value !== null && 'cache' in value && 'runs' in value;
}

export function resolveCache(
  option: CacheOption | undefined,
  env: Record<string, string | undefined>,
): ResolvedCache | undefined {
  if (option === false) return undefined;
  if (option === undefined && /^(off|0|false|no)$/i.test(env.PRIVLENS_CACHE ?? '')) return undefined;
  if (isStore(option)) return { cache: option.cache, read: true, write: true };
  const store = option?.store ?? storeAt(option?.file ?? defaultStoreFile(env as NodeJS.ProcessEnv));
  return { cache: store.cache, read: option?.read ?? true, write: option?.write ?? true };
}

/** Closes stores this module opened on its own (default file, `{ file }`). */
export function closeOwnedStores(): void {
  for (const store of opened.values()) store.close();
  opened.clear();
}
