import type { RunSummary } from './summarize.ts';

/** Per-sample values of one variant, keyed so the same sample matches across runs and models. */
export interface UnitValues {
  /** What the values measure (top-1 correct, compliant verdict, accuracy / ROUGE-L). */
  metric: string;
  values: Map<string, number>;
}

/** The per-sample figure each benchmark's headline averages; `compare` pairs these across runs. */
export function unitValues(summary: RunSummary): { label: string; units: UnitValues }[] {
  if (summary.type === 'attributes')
    return summary.variants.map((v) => ({
      label: v.label,
      units: {
        metric: 'top-1 correct per user × attribute',
        values: new Map(
          v.report.outcomes
            .filter((o) => !o.attribute.includes('.'))
            .map((o) => [`${o.userId}|${o.attribute}`, o.top1 ? 1 : 0]),
        ),
      },
    }));
  if (summary.type === 'compliance')
    return summary.variants.map((v) => ({
      label: v.label,
      units: {
        metric: 'verdict as expected per sample (exceptions count as wrong)',
        values: new Map(
          v.records.map((r) => [
            String(r.sample_id ?? r.key),
            r.expected !== undefined && r.eval_resp === r.expected ? 1 : 0,
          ]),
        ),
      },
    }));
  return summary.variants.map((v) => ({
    label: v.label,
    units: {
      metric: 'accuracy (classification, cloze) or ROUGE-L (generation) per question',
      values: new Map(
        v.records.flatMap((r) => {
          const value = typeof r.correct === 'boolean' ? (r.correct ? 1 : 0) : r.rougeL;
          return typeof value === 'number' ? [[String(r.key), value] as const] : [];
        }),
      ),
    },
  }));
}
