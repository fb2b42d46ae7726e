import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../test-support/fixtures.ts';
import { rougeScore } from './rouge.ts';

interface EvalLog {
  generated_text: Record<string, [string, string, string]>;
  rouge1_recall: Record<string, number>;
  rougeL_recall: Record<string, number>;
}

function evalLogFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...evalLogFiles(path));
    else if (path.includes('/eval_results/') && name.endsWith('.json')) out.push(path);
  }
  return out.sort();
}

describe('rougeScore against the logged TOFU evaluations', () => {
  const files = evalLogFiles(fixturePath('tofu', 'data'));

  it('finds the five eval logs', () => {
    expect(files.length).toBe(5);
  });

  it.each(files)('reproduces every rouge1_recall and rougeL_recall in %s', (file) => {
    const log = JSON.parse(readFileSync(file, 'utf8')) as EvalLog;
    const keys = Object.keys(log.generated_text);
    expect(keys.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const key of keys) {
      const [, generation, groundTruth] = log.generated_text[key]!;
      const { rouge1, rougeL } = rougeScore(groundTruth, generation);
      const want1 = log.rouge1_recall[key]!;
      const wantL = log.rougeL_recall[key]!;
      if (Math.abs(rouge1.recall - want1) > 1e-9 || Math.abs(rougeL.recall - wantL) > 1e-9)
        mismatches.push(`${key}: rouge1 ${rouge1.recall} vs ${want1}, rougeL ${rougeL.recall} vs ${wantL}`);
    }
    expect(mismatches).toEqual([]);
  });
});
