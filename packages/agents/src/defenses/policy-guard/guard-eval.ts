import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { GuardDecision } from './policy-guard.ts';

export const GuardEvalCase = z.object({
  id: z.string(),
  label: z.string(),
  situation: z.enum(['S1', 'S2', 'S3', 'S4', 'S5']),
  scenario: z.string().nullable(),
  withDistractors: z.boolean(),
  instructionPrivacy: z.enum(['private', 'non-private']),
  distractors: z.record(z.string(), z.enum(['private', 'non-private'])),
  prompt: z.string(),
  expected: z.enum(['answer', 'evade']),
});
export type GuardEvalCase = z.infer<typeof GuardEvalCase>;

/** Held-out SPY-style cases (`defenses/eval/dev.json`, `test.json`); a bad case names its index and field. */
export function loadGuardEval(file: string): GuardEvalCase[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of cases`);
  return raw.map((c, i) => {
    const parsed = GuardEvalCase.safeParse(c);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file} case ${i}: ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return parsed.data;
  });
}

export interface GuardEvalRow {
  case: GuardEvalCase;
  decision: GuardDecision;
  correct: boolean;
  categoryCorrect: boolean;
  /** null when the case has no scenario. */
  scenarioCorrect: boolean | null;
}

export interface GuardEvalScore {
  n: number;
  accuracy: number;
  categoryAccuracy: number;
  scenarioAccuracy: number;
  bySituation: Record<string, { n: number; accuracy: number }>;
  byDistractors: Record<'with' | 'without', { n: number; accuracy: number }>;
  /** confusion[expected][decided] */
  confusion: Record<'answer' | 'evade', Record<'answer' | 'evade', number>>;
  rows: GuardEvalRow[];
}

export function scoreGuardEval(cases: GuardEvalCase[], decisions: GuardDecision[]): GuardEvalScore {
  const rows = cases.map((c, i): GuardEvalRow => {
    const d = decisions[i] as GuardDecision;
    return {
      case: c,
      decision: d,
      correct: d.action === c.expected,
      categoryCorrect: d.category === c.label,
      scenarioCorrect: c.scenario === null ? null : d.scenario?.id === c.scenario,
    };
  });
  const share = (rs: GuardEvalRow[], f: (r: GuardEvalRow) => boolean) =>
    rs.length ? rs.filter(f).length / rs.length : 0;
  const group = (rs: GuardEvalRow[]) => ({ n: rs.length, accuracy: share(rs, (r) => r.correct) });
  const confusion = { answer: { answer: 0, evade: 0 }, evade: { answer: 0, evade: 0 } };
  for (const r of rows) confusion[r.case.expected][r.decision.action]++;
  const withScenario = rows.filter((r) => r.scenarioCorrect !== null);
  return {
    n: rows.length,
    accuracy: share(rows, (r) => r.correct),
    categoryAccuracy: share(rows, (r) => r.categoryCorrect),
    scenarioAccuracy: share(withScenario, (r) => r.scenarioCorrect === true),
    bySituation: Object.fromEntries(
      ['S1', 'S2', 'S3', 'S4', 'S5'].map((s) => [s, group(rows.filter((r) => r.case.situation === s))]),
    ),
    byDistractors: {
      with: group(rows.filter((r) => r.case.withDistractors)),
      without: group(rows.filter((r) => !r.case.withDistractors)),
    },
    confusion,
    rows,
  };
}
