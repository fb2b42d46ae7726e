import { InvalidModelIdError } from './errors.ts';

export type Provider = 'openai' | 'anthropic' | 'openai-compatible' | 'offline';

export interface ParsedModelId {
  provider: Provider;
  /** The provider's model name (`gpt-4o`); `offline` for the embedded engine. */
  model: string;
  /** Only for openai-compatible: the server's base URL as written (…/v1). */
  baseURL?: string;
}

export function parseModelId(id: string): ParsedModelId {
  if (id === 'offline' || id.startsWith('offline:'))
    return { provider: 'offline', model: id.slice(8) || 'offline' };
  const colon = id.indexOf(':');
  if (colon < 0) throw new InvalidModelIdError(id, 'missing the provider prefix');
  const provider = id.slice(0, colon);
  const rest = id.slice(colon + 1);
  switch (provider) {
    case 'openai':
    case 'anthropic':
      if (!rest) throw new InvalidModelIdError(id, 'missing the model name');
      return { provider, model: rest };
    case 'openai-compatible': {
      const hash = rest.lastIndexOf('#');
      if (hash < 0) throw new InvalidModelIdError(id, 'expected <baseURL>#<model>');
      const baseURL = rest.slice(0, hash);
      const model = rest.slice(hash + 1);
      if (!/^https?:\/\//.test(baseURL))
        throw new InvalidModelIdError(id, `base URL "${baseURL}" is not http(s)`);
      if (!model) throw new InvalidModelIdError(id, 'missing the model name after #');
      if (/\/\/[^/]*@/.test(baseURL))
        throw new InvalidModelIdError(id, 'credentials do not belong in a model id');
      return { provider, model, baseURL };
    }
    default:
      throw new InvalidModelIdError(id, `unknown provider "${provider}"`);
  }
}
