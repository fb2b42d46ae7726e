export * from './llmprivacy.ts';
export * from './mllmu.ts';
export * from './prism.ts';
export * from './spy.ts';
export * from './spy-expand.ts';
export * from './synthpai.ts';
export * from './tofu.ts';
