export * from './compliance/index.ts';
export * from './intervals/index.ts';
export * from './text/bleu.ts';
export { fsum } from './text/fsum.ts';
export { lcsLength } from './text/lcs.ts';
export { porterStem } from './text/porter-stemmer.ts';
export * from './text/rouge.ts';
export * from './text/tokenize.ts';
