import { defaultServerConditions, type UserConfig } from 'vite';
import { defineProject } from 'vitest/config';

// Workspace packages export `source` → src/index.ts, so tests run against sources with no build step.
export function packageProject(
  name: string,
  extra: { testTimeout?: number; inline?: string[] } = {},
): UserConfig {
  return defineProject({
    resolve: { conditions: ['source', ...defaultServerConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions] } },
    test: {
      name,
      environment: 'node',
      include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
      testTimeout: extra.testTimeout ?? 30_000,
      // Hooks start servers and engines whose first import of the LangChain stack can take 10 s on a cold cache.
      hookTimeout: extra.testTimeout ?? 30_000,
      server: extra.inline ? { deps: { inline: extra.inline } } : undefined,
    },
  }) as UserConfig;
}
