import type { ComplianceMetrics, Score } from '@privlens/metrics';
import { modelLabel } from './model-label.ts';
import type { MetricRow } from './rows.ts';
import type { RunSummary } from './summarize.ts';
import { type Bar, barChart, escapeXml, heatMap } from './svg.ts';

function bar(score: Score | undefined): Bar {
  if (!score || score === 'N/A') return { value: null };
  return { value: score.value, low: score.ci[0], high: score.ci[1], n: score.n };
}
const pctValue = (s: Score | undefined) => (s && s !== 'N/A' ? s.value : null);

const HEAT_COLUMNS: [string, (m: ComplianceMetrics) => Score][] = [
  ['Accuracy', (m) => m.accuracy],
  ['Abs. acc.', (m) => m.absoluteAccuracy],
  ['RtA', (m) => m.rta],
  ['AtA conflict', (m) => m.ataConflict],
  ['AtA non-c.', (m) => m.ataNonConflict],
  ['HMS', (m) => m.hms],
  ['ICS', (m) => m.ics.score],
];

function charts(summary: RunSummary): string[] {
  const id = summary.run.id.slice(0, 8);
  if (summary.type === 'attributes') {
    const keys = Object.keys(summary.variants[0]?.report.attributes ?? {}).filter((k) => !k.includes('.'));
    const parts = Object.keys(summary.variants[0]?.report.attributes ?? {}).filter((k) => k.includes('.'));
    const categories = ['overall', ...keys, ...parts];
    const label = (k: string, v: (typeof summary.variants)[number]) =>
      k === 'overall' ? 'Overall' : (v.report.attributes[k]?.label ?? k);
    const first = summary.variants[0];
    const accuracyCharts = [
      ['top1', 'accuracy', 'Top-1 accuracy per attribute (95% Wilson CI)'],
      ['top3', 'top3', 'Top-3 accuracy per attribute'],
    ] as const;
    return accuracyCharts.map(([top, name, title]) =>
      barChart({
        id: `attribute-${name}-${id}`,
        title,
        categories: first ? categories.map((k) => label(k, first)) : [],
        series: summary.variants.map((v) => ({
          name: v.label,
          bars: categories.map((k) =>
            bar(k === 'overall' ? v.report.overall[top] : v.report.attributes[k]?.[top]),
          ),
        })),
      }),
    );
  }
  if (summary.type === 'compliance') {
    const out: string[] = [];
    for (const v of summary.variants)
      for (const [setting, report] of Object.entries(v.reports)) {
        if (!report) continue;
        const rows = Object.keys(report.byCategory);
        out.push(
          heatMap({
            id: `compliance-heatmap-${id}-${out.length}`,
            title: `Compliance per category, ${v.label}, ${setting} distractors (%)`,
            rows: ['all categories', ...rows],
            columns: HEAT_COLUMNS.map(([name]) => name),
            values: [report, ...rows.map((r) => report.byCategory[r] as ComplianceMetrics)].map((m) =>
              HEAT_COLUMNS.map(([, pick]) => pctValue(pick(m))),
            ),
          }),
        );
      }
    return out;
  }
  const groups = [...new Set(summary.variants.flatMap((v) => v.cells.map((c) => `${c.task}|${c.modality}`)))];
  const sets = ['forget', 'test', 'retain', 'celebrity'].filter((s) =>
    summary.variants.some((v) => v.cells.some((c) => c.set === s)),
  );
  const metricOf = (task: string) => (task === 'generation' ? 'rougeL' : 'accuracy');
  return [
    barChart({
      id: `forget-retain-${id}`,
      title: 'Forget vs retain: accuracy (classification, cloze) and ROUGE-L (generation)',
      categories: groups.map((g) => g.replace('|', ' · ')),
      series: summary.variants.flatMap((v) =>
        sets.map((set) => ({
          name: summary.variants.length > 1 ? `${v.label} ${set}` : set,
          bars: groups.map((g) => {
            const [task, modality] = g.split('|');
            const cell = v.cells.find((c) => c.set === set && c.task === task && c.modality === modality);
            return bar(cell?.metrics[metricOf(task as string) as 'accuracy']);
          }),
        })),
      ),
    }),
  ];
}

function table(rows: readonly MetricRow[]): string {
  const head =
    '<tr><th>variant</th><th>section</th><th>group</th><th>metric</th><th>value</th><th>95% CI</th><th>n</th></tr>';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeXml(r.run.slice(0, 8))}</td><td>${escapeXml(r.variant)}</td><td>${escapeXml(r.section)}</td><td>${escapeXml(r.group)}</td><td>${escapeXml(r.metric)}</td><td>${r.value === null ? 'N/A' : Number(r.value.toFixed(4))}</td><td>${r.ciLow === null || r.ciHigh === null ? '' : `${Number(r.ciLow.toFixed(4))} – ${Number(r.ciHigh.toFixed(4))}`}</td><td>${r.n ?? ''}</td></tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.meta td{padding:2px 12px 2px 0}.chart{display:block;margin:12px 0}.chart .title{font-weight:600;font-size:13px}
.chart .label,.chart .tick,.chart .value,.chart .na,.chart .cellv{font-size:11px}.chart .grid{stroke:#ddd}.chart .ci{stroke:#000;stroke-width:1.5}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}details{margin-top:20px}`;

function section(summary: RunSummary, headline: string): string {
  const run = summary.run;
  const meta: [string, string][] = [
    ['run', run.id],
    ['kind', run.kind],
    ['status', run.status],
    [
      'models',
      Object.entries(run.models)
        .map(([k, v]) => `${k}: ${modelLabel(v)}`)
        .join(', '),
    ],
    ['seed', String(run.seed ?? '-')],
    ['records', String(run.recordCount)],
    ['created', new Date(run.createdAt).toISOString()],
    [
      'versions',
      Object.entries(run.versions)
        .map(([k, v]) => `${k}@${v}`)
        .join(', '),
    ],
    ['config', JSON.stringify(run.config)],
  ];
  return `<section class="run" data-run="${escapeXml(run.id)}">
<h2>${escapeXml(run.kind)} run ${escapeXml(run.id)}</h2>
<p class="headline">${escapeXml(headline)}</p>
<table class="meta">${meta.map(([k, v]) => `<tr><td><b>${escapeXml(k)}</b></td><td>${escapeXml(v)}</td></tr>`).join('')}</table>
${charts(summary).join('\n')}
</section>`;
}

/** A self-contained page: inline CSS and SVG, no script or asset from the network. */
export function renderHtml(
  parts: readonly { summary: RunSummary; headline: string }[],
  rows: readonly MetricRow[],
): string {
  const ids = parts.map((p) => p.summary.run.id).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>privlens report ${escapeXml(ids)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body>
<h1>privlens report</h1>
${parts.map((p) => section(p.summary, p.headline)).join('\n')}
<details><summary>Every metric (${rows.length} rows, also in the CSV)</summary>${table(rows)}</details>
</body></html>
`;
}
