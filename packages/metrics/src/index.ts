export * from './compliance/index.ts';
export * from './intervals/index.ts';
