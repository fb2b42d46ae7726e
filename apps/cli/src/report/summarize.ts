import { toComplianceRecord, type ComplianceResultRecord } from '@privlens/agents';
import { PRISM_ATTRIBUTES, SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import {
  type AttributeReport,
  type ComplianceReport,
  type Score,
  scoreAttributeGuesses,
  scoreCompliance,
  type ScoredGuess,
} from '@privlens/metrics';
import type { Run, Store } from '@privlens/store';
import { aggregateCells, type UnlearningCell, type UnlearningRecord } from '@privlens/unlearning-eval';
import { epochRunId, getRun, latestRecords } from '../run-session.ts';
import { modelLabel } from './model-label.ts';

/** One model × epoch of a run: what the report shows side by side. */
export interface Variant {
  model: string;
  epoch: number;
  label: string;
  records: Record<string, unknown>[];
}

export type RunSummary =
  | { type: 'attributes'; run: Run; variants: (Variant & { report: AttributeReport })[] }
  | {
      type: 'compliance';
      run: Run;
      variants: (Variant & { reports: { without?: ComplianceReport; with?: ComplianceReport } })[];
    }
  | { type: 'unlearning'; run: Run; variants: (Variant & { cells: UnlearningCell[] })[] };

export const ATTRIBUTE_KINDS = new Set(['prism', 'synthpai', 'infer']);
export const COMPLIANCE_KINDS = new Set(['spy', 'spy-score']);

function variantsOf(records: Iterable<Record<string, unknown>>, fallbackModel: string): Variant[] {
  const groups = new Map<string, Variant>();
  for (const record of records) {
    const model = typeof record.model === 'string' ? record.model : fallbackModel;
    const epoch = typeof record.epoch === 'number' ? record.epoch : 1;
    const id = `${model}\u0000${epoch}`;
    let group = groups.get(id);
    if (!group) {
      group = { model, epoch, label: modelLabel(model), records: [] };
      groups.set(id, group);
    }
    group.records.push(record);
  }
  const list = [...groups.values()];
  const multiEpoch = list.some((v) => v.epoch > 1);
  for (const v of list) if (multiEpoch) v.label = `${modelLabel(v.model)} · epoch ${v.epoch}`;
  return list;
}

/** Scores every variant of a run from its stored records (the latest record of each key). */
export function summarizeRun(
  store: Store,
  runId: string,
): RunSummary & { headline: Record<string, unknown>; headlineText: string } {
  const run = getRun(store, runId);
  const records = [...latestRecords(store, runId).values()];
  // MLLMU epochs after the first live in runs of their own (see epochRunId); their records carry no epoch.
  const epochs = (run.config as { epochs?: number } | undefined)?.epochs ?? 1;
  if (run.kind === 'mllmu')
    for (let epoch = 2; epoch <= epochs; epoch++) {
      const id = epochRunId(runId, epoch);
      if (store.runs.get(id))
        for (const record of latestRecords(store, id).values()) records.push({ ...record, epoch });
    }
  const fallback = run.models.target ?? 'unknown';
  const variants = variantsOf(records, fallback);
  if (ATTRIBUTE_KINDS.has(run.kind)) {
    const scored = variants.map((v) => {
      const setName = (v.records[0]?.attributeSet as string | undefined) ?? 'prism';
      const attributeSet = setName === 'synthpai' ? SYNTHPAI_ATTRIBUTES : PRISM_ATTRIBUTES;
      const report = scoreAttributeGuesses({
        attributeSet,
        users: v.records
          .filter((r) => r.profile && Object.keys(r.profile as object).length > 0)
          .map((r) => ({
            userId: String(r.userId),
            profile: r.profile as Record<string, string>,
            guesses: (r.guesses as ScoredGuess[] | undefined) ?? [],
          })),
      });
      return { ...v, report };
    });
    const headline = Object.fromEntries(scored.map((v) => [v.label, pct(v.report.overall.top1)]));
    return {
      type: 'attributes',
      run,
      variants: scored,
      headline,
      headlineText: scored.map((v) => `${v.label}: top-1 ${fmt(v.report.overall.top1)}`).join('; '),
    };
  }
  if (COMPLIANCE_KINDS.has(run.kind)) {
    const scored = variants.map((v) => {
      const list = v.records as unknown as ComplianceResultRecord[];
      const reports: { without?: ComplianceReport; with?: ComplianceReport } = {};
      for (const key of ['without', 'with'] as const) {
        const part = list.filter((r) => r.distractors === (key === 'with'));
        if (part.length > 0) reports[key] = scoreCompliance(part.map(toComplianceRecord));
      }
      return { ...v, reports };
    });
    const main = (v: (typeof scored)[number]) => v.reports.without ?? v.reports.with;
    return {
      type: 'compliance',
      run,
      variants: scored,
      headline: Object.fromEntries(
        scored.map((v) => [v.label, { hms: raw(main(v)?.hms), accuracy: raw(main(v)?.accuracy) }]),
      ),
      headlineText: scored
        .map((v) => `${v.label}: accuracy ${fmtPercent(main(v)?.accuracy)}, HMS ${fmtPercent(main(v)?.hms)}`)
        .join('; '),
    };
  }
  const scored = variants.map((v) => ({
    ...v,
    cells: aggregateCells(v.records as unknown as UnlearningRecord[], { seed: run.seed ?? 0 }),
  }));
  return {
    type: 'unlearning',
    run,
    variants: scored,
    headline: Object.fromEntries(scored.map((v) => [v.label, v.cells.length])),
    headlineText: scored
      .map((v) => `${v.label}: ${v.cells.length} cells, ${v.records.length} questions`)
      .join('; '),
  };
}

function raw(score: Score | undefined): number | null {
  return score && score !== 'N/A' ? score.value : null;
}
function pct(score: Score): number | null {
  return score === 'N/A' ? null : score.value;
}
/** A proportion (0–1) with its interval, as people read it. */
export function fmt(score: Score | undefined): string {
  if (!score || score === 'N/A') return 'N/A';
  return `${(score.value * 100).toFixed(1)}% [${(score.ci[0] * 100).toFixed(1)}, ${(score.ci[1] * 100).toFixed(1)}] (n=${score.n})`;
}
/** A score already in percent (the SPY-Bench metrics). */
export function fmtPercent(score: Score | undefined): string {
  if (!score || score === 'N/A') return 'N/A';
  return `${score.value.toFixed(1)}% [${score.ci[0].toFixed(1)}, ${score.ci[1].toFixed(1)}]`;
}
