export * from './mllmu.ts';
export * from './prism.ts';
export * from './spy.ts';
export * from './spy-expand.ts';
