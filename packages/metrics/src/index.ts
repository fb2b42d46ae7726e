export * from './intervals/index.ts';
