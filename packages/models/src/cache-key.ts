import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChatRequest } from './types.ts';

// Part of every key: bump when the cached value's shape or the meaning of a request changes.
const KEY_VERSION = 1;

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with sorted object keys, so equal requests serialise equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

const schemaJsonCache = new WeakMap<object, unknown>();
export function schemaJson(schema: z.ZodType): unknown {
  let json = schemaJsonCache.get(schema);
  if (json === undefined) {
    json = z.toJSONSchema(schema, { unrepresentable: 'any' });
    schemaJsonCache.set(schema, json);
  }
  return json;
}

/** The request as it is keyed: images by their hash (never their bytes), the schema as JSON Schema. */
export function canonicalRequest(modelId: string, request: ChatRequest): unknown {
  return {
    v: KEY_VERSION,
    model: modelId,
    messages: request.messages.map((m) => ({
      role: m.role,
      content:
        typeof m.content === 'string'
          ? m.content
          : m.content.map((p) =>
              p.type === 'text'
                ? p
                : { type: 'image', mimeType: p.mimeType, sha256: sha256(Buffer.from(p.data, 'base64')) },
            ),
    })),
    temperature: request.temperature ?? null,
    maxTokens: request.maxTokens ?? null,
    schema: request.schema ? schemaJson(request.schema) : null,
    schemaName: request.schema ? (request.schemaName ?? null) : null,
    logprobs: request.logprobs ?? false,
    epoch: request.epoch ?? 0,
  };
}

/** sha256 of model id + canonical request. The id never holds a key, so neither does the hash input. */
export function cacheKey(modelId: string, request: ChatRequest): string {
  return sha256(canonicalJson(canonicalRequest(modelId, request)));
}
