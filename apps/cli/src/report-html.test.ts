import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultRecord } from '@privlens/agents';
import { expandSpySamples, generateUsers, offlineGenerator } from '@privlens/datasets';
import { openStore } from '@privlens/store';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../test-support/fixtures.ts';
import { loadSpyData } from './commands/bench-spy.ts';
import { recordKey } from './run-session.ts';
import { runCli } from './testing/cli-process.ts';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

let home: string;
const runIds = { prism: '', spy: '', mllmu: '' };

/** Stores three runs the way the bench commands write them: one record per sample × epoch × model. */
async function seedRuns(file: string) {
  const store = openStore(file);
  try {
    const prism = store.runs.create({ kind: 'prism', models: { target: 'offline' }, seed: 7 });
    let u = 0;
    for await (const user of generateUsers({
      count: 4,
      seed: 7,
      engine: offlineGenerator({ renderImages: false }),
    })) {
      const entries = Object.entries(user.profile ?? {}).filter(([, v]) => typeof v !== 'object');
      // Right on every other attribute for some users, wrong on the rest: the bars must differ.
      const guesses = entries.map(([attribute, value], i) => ({
        attribute,
        candidates: [
          { value: (i + u) % 2 === 0 ? String(value) : 'zzz-wrong', confidence: 0.6, evidenceIds: [] },
        ],
        abstained: false,
      }));
      store.runs.append(prism.id, {
        key: recordKey(user.id, 1, 'offline'),
        epoch: 1,
        model: 'offline',
        userId: user.id,
        attributeSet: 'prism',
        profile: user.profile,
        guesses,
      });
      u++;
    }
    runIds.prism = prism.id;

    const bench = loadSpyData({
      data: fixturePath('spy-bench', 'train', 'data', 'eval_data.json'),
      label2text: fixturePath('spy-bench', 'benchmark', 'data', 'label2text.json'),
      scenarios: fixturePath('spy-bench', 'benchmark', 'data', 'scenarios.json'),
    });
    const samples = expandSpySamples(bench.records, {
      categories: bench.label2text,
      scenarios: bench.scenarios,
      seed: 0,
    });
    const spy = store.runs.create({ kind: 'spy', models: { target: 'fake', judge: 'rule' } });
    samples.forEach((sample, i) => {
      const verdict = i % 3 === 0 ? (sample.expected === 'respond' ? 'reject' : 'respond') : sample.expected;
      store.runs.append(spy.id, {
        ...resultRecord(sample, { response: 'answer', eval_resp: verdict, target: 'fake', judge: 'rule' }),
        key: recordKey(sample.sampleId, 1, 'fake'),
        epoch: 1,
        model: 'fake',
      });
    });
    runIds.spy = spy.id;

    const mllmu = store.runs.create({ kind: 'mllmu', models: { target: 'fake' } });
    for (const set of ['forget', 'retain'] as const)
      for (let p = 0; p < 6; p++) {
        const base = {
          set,
          modality: 'multimodal' as const,
          profileId: `p${p}`,
          index: 0,
          question: 'q',
          fewShotIds: [],
          cached: false,
        };
        store.runs.append(mllmu.id, {
          ...base,
          key: `${set}|classification|multimodal|p${p}|0`,
          task: 'classification',
          response: 'A',
          extracted: 'A',
          expected: set === 'forget' && p % 2 === 0 ? 'B' : 'A',
          correct: !(set === 'forget' && p % 2 === 0),
        });
        store.runs.append(mllmu.id, {
          ...base,
          key: `${set}|generation|multimodal|p${p}|0`,
          task: 'generation',
          response: 'a painter from Lyon',
          extracted: 'a painter from Lyon',
          expected: 'a painter from Lyon',
          rougeL: set === 'forget' ? 0.3 : 0.8,
        });
      }
    runIds.mllmu = mllmu.id;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'privlens-report-'));
  await seedRuns(join(home, 'privlens.db'));
}, 30_000);

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('privlens report', () => {
  it('writes JSON, CSV and an HTML page whose charts draw in headless Chromium', async () => {
    const out = join(home, 'report');
    const result = await runCli(['--json', 'report', runIds.prism, runIds.spy, runIds.mllmu, '-o', out], {
      PRIVLENS_HOME: home,
    } as Record<string, string>);
    expect(result.code, result.stderr).toBe(0);
    const { files } = JSON.parse(result.stdout) as { files: { json: string; csv: string; html: string } };

    const csv = readFileSync(files.csv, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('run,variant,section,group,metric,value,ci_low,ci_high,n,k');
    expect(csv.some((l) => l.includes(',attributes,overall,top1,'))).toBe(true);
    expect(csv.some((l) => l.includes(',spy-without-distractors,overall,hms,'))).toBe(true);
    expect(csv.some((l) => l.includes(',unlearning,forget/classification/multimodal,accuracy,0.5,'))).toBe(
      true,
    );
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as { runs: unknown[]; metrics: unknown[] };
    expect(json.runs).toHaveLength(3);
    expect(json.metrics.length).toBe(csv.length - 1);
    // the embedded engine is named as the local baseline it is, never passed off as a model
    expect(readFileSync(files.html, 'utf8')).toContain('target: offline (offline-baseline)');

    const profile = mkdtempSync(join(home, 'chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, HOME: profile },
    });
    try {
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto(`file://${files.html}`);
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const drawn = [...svg.querySelectorAll('rect.bar, rect.cell')].filter((r) => {
            const b = r.getBoundingClientRect();
            return b.width > 0 && b.height > 0;
          });
          return { id: svg.id, width: box.width, height: box.height, drawn: drawn.length };
        }),
      );
      const find = (prefix: string) => charts.filter((c) => c.id.startsWith(prefix));
      // Per-attribute accuracy bars: overall plus every attribute with a truth.
      expect(find('attribute-accuracy')[0]?.drawn).toBeGreaterThan(5);
      // One heat map per distractor setting, 7 metric columns × (all + each category) rows.
      const heat = find('compliance-heatmap');
      expect(heat).toHaveLength(2);
      expect(heat[0]?.drawn).toBe(7 * 4);
      // Forget vs retain: 2 task groups × 2 sets.
      expect(find('forget-retain')[0]?.drawn).toBe(4);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(100);
        expect(chart.height).toBeGreaterThan(50);
      }
      // Self-contained: the page loads nothing but itself.
      expect(requested.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
