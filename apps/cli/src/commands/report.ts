import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CommandContext, emitJson } from '../context.ts';
import { renderHtml } from '../report/html.ts';
import { metricRows, toCsv } from '../report/rows.ts';
import { summarizeRun } from '../report/summarize.ts';

/** JSON, CSV (every metric) and a self-contained HTML page for one or more runs, from their stored records. */
export function reportCommand(context: CommandContext, runIds: string[], flags: { out?: string }) {
  const store = context.store();
  const summaries = runIds.map((id) => summarizeRun(store, id));
  const rows = summaries.flatMap((s) => metricRows(s));
  const first = summaries[0]?.run.id ?? 'none';
  const name = summaries.length > 1 ? `${first}+${summaries.length - 1}` : first;
  const dir = resolve(flags.out ?? join(dirname(store.file), 'reports', name));
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, 'report.json'),
    csv: join(dir, 'report.csv'),
    html: join(dir, 'report.html'),
  };
  const json = {
    runs: summaries.map(({ run, type, variants, headline }) => ({
      run,
      type,
      headline,
      variants: variants.map(({ records, ...rest }) => ({ ...rest, records: records.length })),
    })),
    metrics: rows,
  };
  writeFileSync(files.json, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(files.csv, toCsv(rows));
  writeFileSync(
    files.html,
    renderHtml(
      summaries.map((s) => ({ summary: s, headline: s.headlineText })),
      rows,
    ),
  );
  for (const s of summaries) context.say(`${s.run.id}: ${s.headlineText}`);
  context.say(`report: ${files.html}`);
  context.say(`        ${files.csv}`);
  context.say(`        ${files.json}`);
  emitJson(context, { runs: runIds, files, metrics: rows.length });
  return { files };
}
