import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cacheKey, canonicalJson, canonicalRequest } from './cache-key.ts';
import type { ChatRequest } from './types.ts';

const image = Buffer.from('fake image bytes').toString('base64');
const base: ChatRequest = {
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'hi' },
        { type: 'image', mimeType: 'image/png', data: image },
      ],
    },
  ],
  temperature: 0,
};

describe('cacheKey', () => {
  it('hashes images instead of embedding them', () => {
    const canonical = JSON.stringify(canonicalRequest('openai:gpt-4o', base));
    expect(canonical).not.toContain(image);
    expect(canonical).toMatch(/"sha256":"[0-9a-f]{64}"/);
  });

  it('is stable under key order and changes with every input that changes the answer', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    const key = cacheKey('openai:gpt-4o', base);
    expect(cacheKey('openai:gpt-4o', { ...base })).toBe(key);
    const variants: ChatRequest[] = [
      { ...base, temperature: 1 },
      { ...base, maxTokens: 10 },
      { ...base, epoch: 1 },
      { ...base, logprobs: true },
      { ...base, schema: z.object({ a: z.string() }) },
      {
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'hi' },
              { type: 'image', mimeType: 'image/png', data: Buffer.from('other').toString('base64') },
            ],
          },
        ],
      },
    ];
    const keys = new Set([key, ...variants.map((v) => cacheKey('openai:gpt-4o', v))]);
    expect(keys.size).toBe(variants.length + 1);
    expect(cacheKey('anthropic:claude-sonnet-4-5', base)).not.toBe(key);
  });
});
