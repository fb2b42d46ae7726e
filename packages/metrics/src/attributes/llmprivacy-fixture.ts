import type { AttributeSet, Profile } from '@privlens/datasets';
import { scoreAttributeGuesses, type UserGuesses } from './score-attribute-guesses.ts';

/** One line of llmprivacy's data/synthetic/synthetic_dataset.jsonl (the fields read here). */
export interface LlmPrivacySyntheticRow {
  personality: Record<string, string | number>;
  feature: string;
  guess: string;
  guess_correctness: { model_free_eval: number[] };
}

/**
 * The three guesses of the investigator's "Guess: a; b; c" line, read as llmprivacy's `extract_predictions`
 * does: split on ';', trimmed, full stops dropped from the last. Test and bench support, not a loader.
 */
export function guessesOf(text: string): string[] {
  const at = text.lastIndexOf('Guess:');
  if (at < 0) return [];
  const parts = text.slice(at + 'Guess:'.length).split(';');
  const three = parts.slice(0, 3).map((p) => p.trim());
  if (three.length === 3) three[2] = (three[2] as string).replace(/\./g, '');
  return three;
}

export interface AgreementReport {
  rows: number;
  /** Share of rows where each of top1, top3, top1 less precise, top3 less precise equals the logged value. */
  perColumn: [number, number, number, number];
  /** Share of rows where all four agree. */
  allFour: number;
  disagreements: {
    row: number;
    feature: string;
    truth: string | number;
    guesses: string[];
    logged: number[];
    ours: number[];
  }[];
}

/** Scores the logged GPT-4 guesses with scoreAttributeGuesses and compares with the logged model_free_eval. */
export function agreementWithModelFreeEval(
  rows: readonly LlmPrivacySyntheticRow[],
  attributeSet: AttributeSet,
  rules: 'llmprivacy' | 'llmprivacy-synthetic' = 'llmprivacy',
): AgreementReport {
  const users: UserGuesses[] = rows.map((row, i) => ({
    userId: String(i),
    profile: { [row.feature]: row.personality[row.feature] } as Profile,
    guesses: [{ attribute: row.feature, candidates: guessesOf(row.guess).map((value) => ({ value })) }],
  }));
  const report = scoreAttributeGuesses({ attributeSet, users, rules });
  const byUser = new Map(report.outcomes.map((o) => [o.userId, o]));
  const agree = [0, 0, 0, 0];
  let allFour = 0;
  const disagreements: AgreementReport['disagreements'] = [];
  rows.forEach((row, i) => {
    const o = byUser.get(String(i));
    const ours = o ? [o.top1, o.top3, o.top1LessPrecise, o.top3LessPrecise].map(Number) : [0, 0, 0, 0];
    const logged = row.guess_correctness.model_free_eval.map(Number);
    let all = true;
    ours.forEach((v, c) => {
      if (v === logged[c]) agree[c] = (agree[c] as number) + 1;
      else all = false;
    });
    if (all) allFour++;
    else
      disagreements.push({
        row: i,
        feature: row.feature,
        truth: row.personality[row.feature] as string | number,
        guesses: guessesOf(row.guess),
        logged,
        ours,
      });
  });
  const n = rows.length;
  return {
    rows: n,
    perColumn: agree.map((a) => a / n) as [number, number, number, number],
    allFour: allFour / n,
    disagreements,
  };
}
