import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../deps.ts';
import type { AuthVariables } from './auth.ts';
import { ApiError, sendError } from './errors.ts';

/** A token bucket per caller (token id): `burst` at once, refilled at `perMinute`. */
export function rateLimit(options: {
  perMinute: number;
  burst: number;
  clock: Clock;
}): MiddlewareHandler<{ Variables: AuthVariables }> {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = options.perMinute / 60_000;
  return async (c, next) => {
    const key = c.get('tokenId') ?? 'anonymous';
    const now = options.clock.now();
    const bucket = buckets.get(key) ?? { tokens: options.burst, at: now };
    bucket.tokens = Math.min(options.burst, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
      return sendError(
        c,
        new ApiError(
          429,
          'rate_limit_error',
          `rate limit of ${options.perMinute}/min exceeded; retry in ${wait} s`,
          null,
          {
            'Retry-After': String(wait),
          },
        ),
      );
    }
    bucket.tokens -= 1;
    return next();
  };
}
