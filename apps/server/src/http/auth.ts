import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError, sendError } from './errors.ts';
import { tokenId } from './logger.ts';

export type AuthVariables = { tokenId: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer auth against a fixed token list; compares digests in constant time. No tokens: open (loopback only). */
export function bearerAuth(tokens: readonly string[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  const digests = tokens.map(digest);
  return async (c, next) => {
    if (digests.length === 0) {
      c.set('tokenId', 'anonymous');
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const fail = (message: string) =>
      sendError(
        c,
        new ApiError(401, 'authentication_error', message, null, { 'WWW-Authenticate': 'Bearer' }),
      );
    if (!match) return fail('missing bearer token: send Authorization: Bearer <token>');
    const given = digest(match[1] as string);
    if (!digests.some((d) => timingSafeEqual(d, given))) return fail('invalid bearer token');
    c.set('tokenId', tokenId(match[1] as string));
    return next();
  };
}
