export { createApp, type PrivlensApp } from './app.ts';
export { type Clock, DEFAULT_LIMITS, type Limits, type ServerDeps } from './deps.ts';
export { checkImage, readImageHeader } from './http/image-limits.ts';
export { jsonLogger, type Logger, silentLogger } from './http/logger.ts';
export { type RunEvent, RunManager } from './runs/run-manager.ts';
export { isLoopback, type RunningServer, startServer, UnsafeBindError } from './server.ts';
export * from './services.ts';
