export * from './paper-table.ts';
export * from './record.ts';
export * from './score-compliance.ts';
