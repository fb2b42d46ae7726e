/**
 * ROUGE-L throughput: 100k generated sentence pairs scored with rouge_score semantics (stemmer on).
 * Run: node --conditions=source --import tsx packages/metrics/bench/rouge.ts [pairs]
 * Prints pairs/s for ROUGE-L alone and for ROUGE-1/2/L together, and the process's peak RSS.
 */
import { performance } from 'node:perf_hooks';
import { createRougeScorer } from '../src/index.ts';

const PAIRS = Number(process.argv[2] ?? 100_000);

// Deterministic xorshift32 so every run scores the same corpus.
let state = 0x9e3779b9;
function next(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

// A vocabulary with inflected forms, so the stemmer does real work (and its memo is exercised).
const ROOTS = [
  'write',
  'author',
  'novel',
  'publish',
  'award',
  'famous',
  'create',
  'character',
  'story',
  'inspire',
  'family',
  'father',
  'mother',
  'teach',
  'profession',
  'genre',
  'theme',
  'explore',
  'identity',
  'culture',
  'history',
  'nation',
  'relate',
  'condition',
  'general',
  'organize',
  'effect',
  'adjust',
  'depend',
  'happy',
  'hope',
  'book',
  'born',
  'city',
  'year',
  'work',
  'influence',
  'reader',
  'critic',
  'acclaim',
  'translate',
  'edit',
];
const SUFFIXES = ['', 's', 'ed', 'ing', 'er', 'ers', 'ly', 'ness', 'ation', 'ational', 'ities', 'ful', 'ive'];
const FUNCTION_WORDS = ['the', 'a', 'of', 'in', 'and', 'to', 'is', 'was', 'his', 'her', 'their', 'by', 'on'];
const NAMES = ['Jaime', 'Vasquez', 'Hsiao', 'Yun-Hwa', 'Santiago', 'Chile', 'Taipei', "author's", '1991'];

function word(): string {
  const r = next();
  if (r < 0.35) return pick(FUNCTION_WORDS);
  if (r < 0.42) return pick(NAMES);
  return pick(ROOTS) + pick(SUFFIXES);
}

function sentence(): string[] {
  const length = 8 + Math.floor(next() * 23);
  return Array.from({ length }, word);
}

/** A paraphrase-like prediction: most words kept, some dropped, replaced or inserted. */
function perturb(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const r = next();
    if (r < 0.1) continue;
    if (r < 0.25) out.push(word());
    else out.push(t);
    if (next() < 0.08) out.push(word());
  }
  return out;
}

const pairs: [string, string][] = [];
let tokenCount = 0;
for (let i = 0; i < PAIRS; i++) {
  const ref = sentence();
  const pred = perturb(ref);
  tokenCount += ref.length + pred.length;
  pairs.push([`${ref.join(' ')}.`, `${pred.join(', ')}!`]);
}

function run(label: string, score: (ref: string, pred: string) => number): void {
  const start = performance.now();
  let sum = 0;
  for (const [ref, pred] of pairs) sum += score(ref, pred);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${label.padEnd(24)} ${(PAIRS / seconds).toFixed(0).padStart(8)} pairs/s  (${seconds.toFixed(2)} s, mean F ${(sum / PAIRS).toFixed(4)})`,
  );
}

console.log(`${PAIRS} pairs, ${(tokenCount / PAIRS / 2).toFixed(1)} words per sentence on average`);
const lOnly = createRougeScorer();
run('ROUGE-L (cold memo)', (r, p) => lOnly.scoreL(r, p).fmeasure);
run('ROUGE-L (warm memo)', (r, p) => lOnly.scoreL(r, p).fmeasure);
const all = createRougeScorer();
run('ROUGE-1/2/L', (r, p) => all.score(r, p).rougeL.fmeasure);
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB (maxRSS, whole process incl. corpus)`,
);
