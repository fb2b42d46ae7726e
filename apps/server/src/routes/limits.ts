import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError, sendError } from '../http/errors.ts';
import type { App } from './context.ts';

/**
 * 413, and the connection is closed: the unread rest of the body is still on the socket, so a keep-alive
 * client reusing it would have its next request fail.
 */
export const tooLarge = (max: number) => (c: Context) => {
  c.header('Connection', 'close');
  return sendError(
    c,
    new ApiError(413, 'invalid_request_error', `request body exceeds ${max} bytes`, '(body)'),
  );
};

/** Caps the body of every request under `path` at `maxSize` bytes, answering a larger one with tooLarge. */
export function limitBody(app: App, path: string, maxSize: number): void {
  app.use(path, bodyLimit({ maxSize, onError: tooLarge(maxSize) }));
}
