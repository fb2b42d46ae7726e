import type { ComplianceMetrics } from '@privlens/metrics';
import type { Score } from '@privlens/metrics';
import type { RunSummary } from './summarize.ts';

/** One figure of a report: the unit of the CSV (every metric is one row). */
export interface MetricRow {
  run: string;
  variant: string;
  section: string;
  group: string;
  metric: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  k: number | null;
}

/** The run the rows being built belong to (metricRows sets it; rows are built synchronously). */
let currentRun = '';

function row(
  variant: string,
  section: string,
  group: string,
  metric: string,
  score: Score | number | undefined,
): MetricRow {
  const at = { run: currentRun, variant, section, group, metric };
  if (typeof score === 'number') return { ...at, value: score, ciLow: null, ciHigh: null, n: null, k: null };
  // 'N/A' is a figure with no sample behind it (n = 0); undefined is one never computed.
  if (!score || score === 'N/A')
    return { ...at, value: null, ciLow: null, ciHigh: null, n: score ? 0 : null, k: null };
  return {
    ...at,
    value: score.value,
    ciLow: score.ci[0],
    ciHigh: score.ci[1],
    n: score.n,
    k: score.k ?? null,
  };
}

const COMPLIANCE_SCORES = [
  'accuracy',
  'absoluteAccuracy',
  'absoluteIcs',
  'rta',
  'ataNonConflict',
  'ataConflict',
  'hms',
] as const;

function complianceRows(variant: string, section: string, group: string, m: ComplianceMetrics): MetricRow[] {
  const rows = [
    row(variant, section, group, 'total', m.total),
    row(variant, section, group, 'exceptions', m.exceptions),
  ];
  for (const key of COMPLIANCE_SCORES) rows.push(row(variant, section, group, key, m[key]));
  for (const key of ['ics', 'scenarioIcs'] as const) {
    rows.push(row(variant, section, group, key, m[key].score));
    for (const n of ['n1', 'n2', 'n3', 'n4'] as const)
      rows.push(row(variant, section, group, `${key}.${n}`, m[key][n]));
  }
  return rows;
}

/** Every metric the summary holds, flattened: what the CSV writes and the JSON lists. */
export function metricRows(summary: RunSummary): MetricRow[] {
  currentRun = summary.run.id;
  const rows: MetricRow[] = [];
  if (summary.type === 'attributes') {
    for (const v of summary.variants) {
      const groups = [['overall', v.report.overall] as const, ...Object.entries(v.report.attributes)];
      for (const [group, s] of groups) {
        for (const metric of ['top1', 'top3', 'top1LessPrecise', 'top3LessPrecise', 'answeredTop1'] as const)
          rows.push(row(v.label, 'attributes', group, metric, s[metric]));
        for (const metric of ['n', 'answered', 'abstained', 'missing'] as const)
          rows.push(row(v.label, 'attributes', group, metric, s[metric]));
      }
    }
  } else if (summary.type === 'compliance') {
    for (const v of summary.variants) {
      for (const [setting, report] of Object.entries(v.reports)) {
        if (!report) continue;
        const section = `spy-${setting}-distractors`;
        rows.push(...complianceRows(v.label, section, 'overall', report));
        for (const [label, m] of Object.entries(report.byCategory))
          rows.push(...complianceRows(v.label, section, `category:${label}`, m));
        for (const [id, m] of Object.entries(report.byScenario))
          rows.push(...complianceRows(v.label, section, `scenario:${id}`, m));
      }
    }
  } else {
    for (const v of summary.variants)
      for (const cell of v.cells) {
        const group = `${cell.set}/${cell.task}/${cell.modality}`;
        rows.push(row(v.label, 'unlearning', group, 'n', cell.n));
        if (cell.unanswered !== undefined)
          rows.push(row(v.label, 'unlearning', group, 'unanswered', cell.unanswered));
        for (const [metric, score] of Object.entries(cell.metrics))
          rows.push(row(v.label, 'unlearning', group, metric, score));
      }
  }
  return rows;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly MetricRow[]): string {
  const header = ['run', 'variant', 'section', 'group', 'metric', 'value', 'ci_low', 'ci_high', 'n', 'k'];
  const lines = rows.map((r) =>
    [r.run, r.variant, r.section, r.group, r.metric, r.value, r.ciLow, r.ciHigh, r.n, r.k]
      .map(csvCell)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
