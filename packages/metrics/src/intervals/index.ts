export * from './bootstrap.ts';
export * from './score.ts';
export * from './wilson.ts';
