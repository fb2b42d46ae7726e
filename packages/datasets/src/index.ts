export * from './schemas/attributes.ts';
export * from './schemas/social.ts';
export * from './schemas/inference.ts';
