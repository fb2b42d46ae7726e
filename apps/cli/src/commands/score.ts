import { existsSync, readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type ComplianceResultRecord, judgeAnswer } from '@privlens/agents';
import { DatasetError, fromZodError, loadSpyLabel2Text, SpyResultRecord } from '@privlens/datasets';
import { type CommandContext, emitJson, isAbort } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { createProgress } from '../progress.ts';
import { summarizeRun } from '../report/summarize.ts';
import { getRun, interruptedError, latestRecords, recordKey, startRun } from '../run-session.ts';
import { judgeFromFlag } from './bench-spy.ts';

export interface ScoreFlags {
  judge: string[];
  label2text?: string;
  concurrency: number;
  cache: boolean;
  resume?: string;
}

type Saved = Record<string, unknown> & Partial<ComplianceResultRecord>;

/** Official SPY-Bench result files: a JSON list (or {"results": […]}) or JSONL of result lines. */
function readResultFile(file: string): Saved[] {
  const text = readFileSync(file, 'utf8');
  let list: unknown[];
  if (extname(file) === '.jsonl') {
    list = [];
    for (const [i, line] of text.split('\n').entries()) {
      if (!line.trim()) continue;
      try {
        list.push(JSON.parse(line));
      } catch (cause) {
        throw new DatasetError({ file, row: i + 1, message: 'not valid JSON', cause });
      }
    }
  } else {
    const raw = JSON.parse(text) as unknown;
    list = Array.isArray(raw) ? raw : ((raw as { results?: unknown[] }).results ?? []);
    if (!Array.isArray(list))
      throw new DatasetError({ file, message: 'expected a JSON list of result records' });
  }
  return list.map((value, i) => {
    const parsed = SpyResultRecord.safeParse(value);
    if (!parsed.success) throw fromZodError(parsed.error, { file, row: i + 1 });
    const r = parsed.data as Saved;
    const scenario = r.scenario as { id?: string } | undefined;
    const id = [r.benchmark_id, r.is_privacy, scenario?.id ?? '-', r.other_labels ? 'd' : 'n'].join(':');
    return { ...r, sample_id: id, distractors: r.other_labels !== undefined, model: 'file' };
  });
}

/**
 * Re-judges saved responses (a run's, or a SPY-Bench result file's) with other judges: no target call, a new
 * run of kind spy-score whose records are the old ones with the new verdicts.
 */
export async function scoreCommand(context: CommandContext, source: string, flags: ScoreFlags) {
  const store = context.store();
  const fromFile = !store.runs.get(source) && existsSync(source);
  let saved: Saved[];
  let label2text: Record<string, string> = {};
  if (fromFile) saved = readResultFile(resolve(source));
  else {
    const run = getRun(store, source);
    saved = [...latestRecords(store, run.id).values()] as Saved[];
    const config = run.config as { label2text?: string; data?: string };
    if (config.label2text && existsSync(config.label2text)) label2text = loadSpyLabel2Text(config.label2text);
  }
  if (flags.label2text) label2text = loadSpyLabel2Text(resolve(flags.label2text));
  const judges = flags.judge.map((j) => judgeFromFlag(j, store, flags.cache));
  const session = startRun(store, {
    kind: 'spy-score',
    config: {
      source: fromFile ? resolve(source) : source,
      judges: flags.judge,
      label2text: flags.label2text,
    },
    models: Object.fromEntries(flags.judge.map((j, i) => [i === 0 ? 'judge' : `judge${i + 1}`, j])),
    resume: flags.resume,
  });
  const progress = createProgress('score', saved.length, { quiet: context.global.quiet });
  const todo = saved.filter((r) => {
    const key = recordKey(String(r.sample_id), Number(r.epoch ?? 1), String(r.model ?? 'file'));
    return !session.isDone(key);
  });
  progress.skip(saved.length - todo.length);
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !context.signal.aborted) {
      const record = todo[next++] as Saved;
      const key = recordKey(
        String(record.sample_id),
        Number(record.epoch ?? 1),
        String(record.model ?? 'file'),
      );
      const out: Saved = {
        ...record,
        key,
        epoch: Number(record.epoch ?? 1),
        model: String(record.model ?? 'file'),
      };
      if ((record.error as { stage?: string } | undefined)?.stage === 'target') {
        session.append(out as never);
        progress.tick({ error: true });
        continue;
      }
      try {
        const judged = await judgeAnswer(
          {
            label: String(record.label),
            question: String(record.question),
            response: String(record.response),
          },
          judges,
          { label2text, signal: context.signal },
        );
        const { error: _dropped, ...rest } = out;
        session.append({
          ...rest,
          key,
          epoch: out.epoch as number,
          model: out.model as string,
          ...judged,
        } as never);
        progress.tick();
      } catch (error) {
        if (isAbort(error, context.signal)) return;
        session.append({ ...out, eval_resp: '', error: { stage: 'judge', message: String(error) } } as never);
        progress.tick({ error: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, flags.concurrency) }, worker));
  progress.stop();
  const runId = session.run.id;
  if (context.signal.aborted) {
    session.finish('interrupted');
    throw interruptedError(runId);
  }
  session.finish('done');
  const summary = summarizeRun(store, runId);
  context.say(`run ${runId} (re-scored ${source}): ${summary.headlineText}`);
  const result = {
    run: runId,
    source,
    records: saved.length,
    errors: progress.errors,
    summary: summary.headline,
  };
  emitJson(context, result);
  return { ...result, exitCode: progress.errors > 0 ? EXIT.partial : EXIT.ok };
}
