import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CommandContext, emitJson } from '../context.ts';
import { renderHtml } from '../report/html.ts';
import { metricRows, toCsv } from '../report/rows.ts';
import { summarizeRun } from '../report/summarize.ts';

/** JSON, CSV (every metric) and a self-contained HTML page for one run, from its stored records. */
export function reportCommand(context: CommandContext, runId: string, flags: { out?: string }) {
  const store = context.store();
  const summary = summarizeRun(store, runId);
  const rows = metricRows(summary);
  const dir = resolve(flags.out ?? join(dirname(store.file), 'reports', summary.run.id));
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, 'report.json'),
    csv: join(dir, 'report.csv'),
    html: join(dir, 'report.html'),
  };
  const { run, type, variants, headline, headlineText } = summary;
  const json = {
    run,
    type,
    headline,
    variants: variants.map(({ records, ...rest }) => ({ ...rest, records: records.length })),
    metrics: rows,
  };
  writeFileSync(files.json, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(files.csv, toCsv(rows));
  writeFileSync(files.html, renderHtml(summary, rows, headlineText));
  context.say(headlineText);
  context.say(`report: ${files.html}`);
  context.say(`        ${files.csv}`);
  context.say(`        ${files.json}`);
  emitJson(context, { run: run.id, files, headline, metrics: rows.length });
  return { files };
}
