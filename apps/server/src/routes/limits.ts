import type { Context } from 'hono';
import { ApiError, sendError } from '../http/errors.ts';

export const tooLarge = (max: number) => (c: Context) =>
  sendError(c, new ApiError(413, 'invalid_request_error', `request body exceeds ${max} bytes`, '(body)'));
