import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageServicesOptions } from './services.ts';

export interface ServerConfig {
  host: string;
  port: number;
  tokens: string[];
  storeFile?: string;
  services: Omit<PackageServicesOptions, 'store'>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Settings from the environment. PRIVLENS_UPSTREAMS lists the model ids (or id prefixes ending in `*`) the
 * server may call: it is an allowlist because an `openai-compatible:<url>` id would otherwise let any caller
 * make the server fetch any URL.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PRIVLENS_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PRIVLENS_PORT', `not a port: ${env.PRIVLENS_PORT}`);
  const upstreams = list(env.PRIVLENS_UPSTREAMS);
  const allowModel = (id: string) =>
    id === 'offline' || upstreams.some((u) => (u.endsWith('*') ? id.startsWith(u.slice(0, -1)) : id === u));
  let aliases: Record<string, string> | undefined;
  if (env.PRIVLENS_MODEL_ALIASES) {
    try {
      aliases = JSON.parse(env.PRIVLENS_MODEL_ALIASES);
    } catch (error) {
      throw new ConfigError('PRIVLENS_MODEL_ALIASES', `not JSON: ${(error as Error).message}`);
    }
  }
  let guard: PackageServicesOptions['guard'];
  if (env.PRIVLENS_SPY_DATA) {
    const read = (name: string, required: boolean) => {
      try {
        return JSON.parse(readFileSync(join(env.PRIVLENS_SPY_DATA as string, name), 'utf8'));
      } catch (error) {
        if (!required) return undefined;
        throw new ConfigError('PRIVLENS_SPY_DATA', `cannot read ${name}: ${(error as Error).message}`);
      }
    };
    guard = { label2text: read('label2text.json', true), scenarios: read('scenarios.json', false) };
  }
  const checkpoint = env.PRIVLENS_CHECKPOINTER;
  return {
    host: env.PRIVLENS_HOST ?? '127.0.0.1',
    port,
    tokens: list(env.PRIVLENS_TOKENS),
    ...(env.PRIVLENS_STORE ? { storeFile: env.PRIVLENS_STORE } : {}),
    services: {
      allowModel,
      ...(aliases ? { aliases } : {}),
      ...(guard ? { guard } : {}),
      images: env.PRIVLENS_SCAN_IMAGES !== 'off',
      ...(checkpoint
        ? {
            checkpointer: /^postgres(ql)?:\/\//.test(checkpoint)
              ? { kind: 'postgres' as const, url: checkpoint }
              : { kind: 'sqlite' as const, file: checkpoint },
          }
        : {}),
    },
  };
}
