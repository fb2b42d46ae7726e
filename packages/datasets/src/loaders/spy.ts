import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { DatasetError, type LoadMode, type LoadResult, RecordCollector } from '../errors.ts';
import {
  isSpyAbsoluteLabel,
  type SpyCategory,
  type SpyItem,
  SpyItem as SpyItemSchema,
  SpyLabel2Text,
  type SpyScenario,
  SpyScenarioFile,
} from '../schemas/spy.ts';
import { isPlainObject, readJsonFile } from './json-file.ts';

export interface LoadSpyBenchOptions {
  /** A folder laid out like the official `benchmark/data` (questions.json, label2text.json, scenarios.json). */
  dataDir?: string;
  itemsFile?: string;
  label2textFile?: string;
  scenariosFile?: string;
  mode?: LoadMode;
}

export interface SpyBench extends LoadResult<SpyItem> {
  categories: SpyCategory[];
  label2text: Record<string, string>;
  scenarios: SpyScenario[];
  itemsFile: string;
}

const ITEM_FILES = ['questions.json', 'eval_data.json', 'train_data.json'];

function pickItemsFile(options: LoadSpyBenchOptions): string {
  if (options.itemsFile) return options.itemsFile;
  if (!options.dataDir)
    throw new DatasetError({ file: '(none)', message: 'loadSpyBench needs dataDir or itemsFile' });
  const dataDir = options.dataDir;
  const found = ITEM_FILES.map((f) => join(dataDir, f)).find((f) => existsSync(f));
  if (!found) throw new DatasetError({ file: dataDir, message: `none of ${ITEM_FILES.join(', ')} found` });
  return found;
}

function optionalFile(
  explicit: string | undefined,
  dataDir: string | undefined,
  name: string,
): string | undefined {
  if (explicit) return explicit;
  if (dataDir && existsSync(join(dataDir, name))) return join(dataDir, name);
  return undefined;
}

/** Both files are objects keyed by label / scenario id: that key is the row, the rest of the path the field. */
function keyedFileError(file: string, error: z.ZodError, fallback: string): DatasetError {
  const issue = error.issues[0];
  return new DatasetError({
    file,
    row: issue?.path[0] as string | undefined,
    field: issue?.path.slice(1).join('.') || undefined,
    message: issue?.message ?? fallback,
  });
}

export function loadSpyLabel2Text(file: string): Record<string, string> {
  const parsed = SpyLabel2Text.safeParse(readJsonFile(file));
  if (!parsed.success) throw keyedFileError(file, parsed.error, 'invalid');
  return parsed.data;
}

export function spyCategories(label2text: Record<string, string>): SpyCategory[] {
  return Object.entries(label2text).map(([label, text]) => ({
    label,
    text,
    absolute: isSpyAbsoluteLabel(label),
  }));
}

export function loadSpyScenarios(file: string): SpyScenario[] {
  const raw = readJsonFile(file);
  const parsed = SpyScenarioFile.safeParse(raw);
  if (!parsed.success) throw keyedFileError(file, parsed.error, 'invalid scenario');
  return Object.values(parsed.data);
}

/**
 * Loads SPY-Bench items (`{"benchmark_list": […]}` or the SPY-Tune `{"data_list": […]}`), the label texts
 * and the scenarios. Items that name a scenario by id get it resolved from `scenarios.json`.
 */
export function loadSpyBench(options: LoadSpyBenchOptions): SpyBench {
  const itemsFile = pickItemsFile(options);
  const label2textFile = optionalFile(options.label2textFile, options.dataDir, 'label2text.json');
  const scenariosFile = optionalFile(options.scenariosFile, options.dataDir, 'scenarios.json');
  const label2text = label2textFile ? loadSpyLabel2Text(label2textFile) : {};
  const scenarios = scenariosFile ? loadSpyScenarios(scenariosFile) : [];
  const byId = new Map(scenarios.map((s) => [s.scenario, s]));

  const raw = readJsonFile(itemsFile);
  let list: unknown[];
  let listKey: string;
  if (isPlainObject(raw) && Array.isArray(raw.benchmark_list)) {
    list = raw.benchmark_list;
    listKey = 'benchmark_list';
  } else if (isPlainObject(raw) && Array.isArray(raw.data_list)) {
    list = raw.data_list;
    listKey = 'data_list';
  } else {
    throw new DatasetError({
      file: itemsFile,
      field: 'benchmark_list',
      message: 'expected {"benchmark_list": [...]} or {"data_list": [...]}',
    });
  }

  const out = new RecordCollector<SpyItem>(itemsFile, options.mode);
  list.forEach((value, i) => {
    const row = i + 1;
    const item = out.accept(SpyItemSchema, value, row, `${listKey}.${i}`);
    if (!item) return;
    for (const key of ['non_privacy_scenarios', 'privacy_scenarios', 'chosen_scenarios'] as const) {
      const refs = item[key];
      if (!refs) continue;
      for (const [j, ref] of refs.entries()) {
        if (typeof ref !== 'string') continue;
        const found = byId.get(ref);
        if (!found) {
          out.fail(
            new DatasetError({
              file: itemsFile,
              row,
              field: `${listKey}.${i}.${key}.${j}`,
              message: `unknown scenario ${ref}`,
            }),
          );
          return;
        }
        refs[j] = found;
      }
    }
    if (Object.keys(label2text).length > 0 && !item.label2text) {
      const unknown = [item.label, ...Object.keys(item.other_labels)].find((l) => !(l in label2text));
      if (unknown) {
        out.fail(
          new DatasetError({
            file: itemsFile,
            row,
            field: `${listKey}.${i}.label`,
            message: `label ${unknown} is not in label2text`,
          }),
        );
        return;
      }
    }
    out.push(item);
  });
  return { ...out.result(), categories: spyCategories(label2text), label2text, scenarios, itemsFile };
}
