import { defineConfig } from 'vitest/config';

// One root config: every package is a project, so `vitest run` at the root runs everything,
// and `vitest run --project <name>` runs one package.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: '.vitest-results.json' } : undefined,
  },
});
