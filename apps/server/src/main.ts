import { openStore } from '@privlens/store';
import { configFromEnv } from './config.ts';
import { jsonLogger } from './http/logger.ts';
import { startServer } from './server.ts';
import { loadPackageServices } from './services.ts';

const logger = jsonLogger();
const config = configFromEnv();
const store = openStore(config.storeFile);
const services = await loadPackageServices({ ...config.services, store });
let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer(
    { store, services, tokens: config.tokens, logger },
    { host: config.host, port: config.port },
  );
} catch (error) {
  logger.error('cannot start', { error: (error as Error).message });
  await services.close();
  store.close();
  process.exit(1);
}
logger.info('listening', { url: server.url, auth: config.tokens.length > 0, store: store.file });

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    // In-flight runs get a few seconds to finish; the rest stop with their finished samples checkpointed.
    await server.close({ drainMs: Number(process.env.PRIVLENS_DRAIN_MS ?? 5000) });
    await services.close();
    store.close();
    logger.info('stopped', {});
    process.exit(0);
  });
