/**
 * scanPost throughput on the offline engine: the compiled graph reused across scans (what scanPost does) next
 * to a graph compiled for every scan (what it did before), on the same posts and the same warmed engine.
 *
 *   node --conditions=source --import tsx packages/agents/bench/inference-scan.ts [--scans N]
 */
import { parseArgs } from 'node:util';
import { PRISM_ATTRIBUTES } from '@privlens/datasets';
import { createOfflineEngine, inferFromEvidence } from '@privlens/models';
import { offlineBackend } from '../src/inference/backends.ts';
import { createAttributeInferenceGraph } from '../src/inference/graph.ts';
import { scanPost } from '../src/scan/scan-post.ts';

const { values: args } = parseArgs({ options: { scans: { type: 'string' } } });
const scans = Number(args.scans ?? 300);
const texts = [
  'Finally done with my night shifts as a nurse at the hospital. Sunday mass with the family tomorrow!',
  'Back in Lyon for the weekend, my hometown. Marking exams all evening, the joys of teaching.',
  'Training for my third marathon while the kids are at school. Coffee first.',
  'What a lovely sunny afternoon.',
];
const posts = Array.from({ length: scans }, (_, i) => ({
  id: `p${i}`,
  text: texts[i % texts.length] as string,
}));

const engine = createOfflineEngine({ images: false });
const offline = { engine, reasoner: inferFromEvidence };

async function timed(label: string, run: (post: (typeof posts)[number]) => Promise<unknown>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const post of posts) await run(post);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${label.padEnd(34)} ${(ms / scans).toFixed(2)} ms/scan  ${((scans * 1000) / ms).toFixed(0)} scans/s  ` +
      `CPU ${((cpu.user + cpu.system) / 1000 / scans).toFixed(2)} ms/scan`,
  );
}

// Warm the engine (lexicons, gazetteers) and the JIT before either is timed.
for (const post of posts.slice(0, 20)) await scanPost(post, { offline });

const backend = offlineBackend(engine, inferFromEvidence, PRISM_ATTRIBUTES);
await timed('graph compiled per scan (before)', async (post) => {
  const graph = createAttributeInferenceGraph({ backend, attributeSet: PRISM_ATTRIBUTES });
  await graph.invoke({ userId: `scan:${post.id}`, posts: [post] }, { maxConcurrency: 8 });
});
await timed('compiled once, reused (scanPost)', (post) => scanPost(post, { offline }));
console.log(`${scans} sequential scans, PRISM attributes (12), text only, offline engine`);
await engine.close();
