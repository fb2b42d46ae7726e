import type { Store } from '@privlens/store';
import type { ImageLimits } from './http/image-limits.ts';
import type { Logger } from './http/logger.ts';
import type { Services } from './services.ts';

export interface Limits extends ImageLimits {
  /** Largest request body, per endpoint group. */
  jsonBodyBytes: number;
  scanBodyBytes: number;
  runBodyBytes: number;
  /** /v1/infer answers synchronously up to this many posts; above, it starts a job. */
  syncInferPosts: number;
  /** Per token: sustained requests per minute and burst size (token bucket). */
  ratePerMinute: number;
  rateBurst: number;
  /** Deadline of a synchronous request (scan, sync infer, chat). */
  requestTimeoutMs: number;
  /** A draft post's text. */
  textChars: number;
}

export const DEFAULT_LIMITS: Limits = {
  jsonBodyBytes: 1 << 20,
  scanBodyBytes: 8 << 20,
  runBodyBytes: 32 << 20,
  imageBytes: 5 << 20,
  imageDimension: 8192,
  imagePixels: 40_000_000,
  syncInferPosts: 8,
  ratePerMinute: 600,
  rateBurst: 60,
  requestTimeoutMs: 60_000,
  textChars: 20_000,
};

export interface Clock {
  now(): number;
}

export interface ServerDeps {
  /** The same embedded SQLite store the CLI uses: runs and their records. */
  store: Store;
  /** The packages behind the endpoints (see `loadPackageServices`). */
  services: Services;
  /** Bearer tokens that may call the API. Empty: no auth (only allowed on loopback, see startServer). */
  tokens: readonly string[];
  limits?: Partial<Limits>;
  clock?: Clock;
  logger?: Logger;
  /** Defense of /v1/chat/completions when the model id names none. */
  chatDefense?: 'policy-guard' | 'self-moderation' | 'none';
}
