import { describe, expect, it } from 'vitest';
import { InvalidModelIdError } from './errors.ts';
import { parseModelId } from './model-id.ts';

describe('parseModelId', () => {
  it('reads every id form users write', () => {
    expect(parseModelId('openai:gpt-4o')).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(parseModelId('anthropic:claude-sonnet-4-5')).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
    });
    expect(parseModelId('openai-compatible:http://localhost:8000/v1#Qwen/Qwen2.5-VL-7B')).toEqual({
      provider: 'openai-compatible',
      model: 'Qwen/Qwen2.5-VL-7B',
      baseURL: 'http://localhost:8000/v1',
    });
    expect(parseModelId('offline').provider).toBe('offline');
  });

  it('rejects malformed ids with a reason', () => {
    expect(() => parseModelId('gpt-4o')).toThrow(InvalidModelIdError);
    expect(() => parseModelId('mistral:large')).toThrow(/unknown provider "mistral"/);
    expect(() => parseModelId('openai-compatible:http://x/v1')).toThrow(/<baseURL>#<model>/);
    expect(() => parseModelId('openai-compatible:http://user:pw@x/v1#m')).toThrow(/credentials/);
  });
});
