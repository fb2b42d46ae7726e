export * from './bootstrap.ts';
export * from './paired-difference.ts';
export * from './score.ts';
export * from './wilson.ts';
