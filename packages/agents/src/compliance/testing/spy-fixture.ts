import { join } from 'node:path';
import { expandSpySamples, loadSpyBench, type SpyBench, type SpySample } from '@privlens/datasets';

/**
 * The SPY-Bench sample data laid out as the official repository ships it (items under train/, categories and
 * scenarios under benchmark/), expanded both with and without distractors as the paper scores it. The caller
 * passes the folder (a test's or bench script's `fixturePath('spy-bench')`), so this file stays buildable.
 */
export function loadSpyFixture(root: string): { bench: SpyBench; samples: SpySample[] } {
  const bench = loadSpyBench({
    itemsFile: join(root, 'train/data/eval_data.json'),
    label2textFile: join(root, 'benchmark/data/label2text.json'),
    scenariosFile: join(root, 'benchmark/data/scenarios.json'),
  });
  return {
    bench,
    samples: expandSpySamples(bench.records, { categories: bench.label2text, distractors: 'both' }),
  };
}
