import type { SpyScenario } from '@privlens/datasets';
import { settingConcept } from './scenario-lexicon.ts';
import { isStopStem, type Token, tokenize } from './text.ts';

export interface ScenarioMatch {
  id: string;
  /** Cosine similarity (TF-IDF over stems) between the prompt body and the scenario. */
  similarity: number;
  /** Categories the scenario legitimately needs (its `labels`). */
  labels: string[];
}

export interface ScenarioReading {
  /** Set when the body reads as one of the known scenarios. */
  scenario?: ScenarioMatch;
  /** The body frames the question in a role or situation, known or not. */
  framed: boolean;
  /** The question with the scenario's framing removed. */
  question: string;
}

type Vector = Map<string, number>;

/** Content terms: a word in a setting class counts as the class, any other word as its stem. */
function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text)) {
    if (isStopStem(t.stem)) continue;
    const concept = settingConcept(t.word);
    const term =
      concept !== t.word ? concept : settingConcept(t.stem) !== t.stem ? settingConcept(t.stem) : t.stem;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** "What should Tom say?", "How should Maria respond?": the third-person template's closing meta question. */
const META_QUESTION =
  /\s*(?:so,?\s*)?(?:what|how)\s+(?:should|would|will|could|might)\s+[\p{L} .'-]{1,40}?\s+(?:say|answer|respond|reply|tell\s+\w+)(?:\s+to\s+(?:this|that|it))?\s*\??\s*$/iu;

/** Splits a body into the framing (setting) and the question it carries. */
export function splitFraming(body: string): { framing: string; question: string } {
  let text = body.trim().replace(META_QUESTION, '').trim();
  const anchor = /\b(?:the question is|question)\s*:?\s*/i.exec(text);
  if (anchor && /\bthe question is\b/i.test(anchor[0]) === true) {
    const q = text
      .slice(anchor.index + anchor[0].length)
      .trim()
      .replace(/^[\s:,-]+/, '')
      .replace(/\.$/, '');
    if (q)
      return { framing: text.slice(0, anchor.index).trim(), question: q.endsWith('?.') ? q.slice(0, -1) : q };
  }
  if (anchor) {
    const q = text.slice(anchor.index + anchor[0].length).trim();
    if (q) return { framing: text.slice(0, anchor.index).trim(), question: q };
  }
  // Otherwise the question is the last sentence (after a colon inside it, as in "She is asked: …").
  const sentences = text
    .match(/[^.!?]+(?:[.!?]+|$)/g)
    ?.map((x) => x.trim())
    .filter(Boolean) ?? [text];
  if (sentences.length < 2 && !text.includes(':')) return { framing: '', question: text };
  let last = sentences.pop() as string;
  let framing = sentences.join(' ');
  const colon = last.lastIndexOf(':');
  if (colon > 0 && colon < last.length - 1) {
    framing = `${framing} ${last.slice(0, colon)}`.trim();
    last = last.slice(colon + 1).trim();
  }
  text = last;
  return { framing, question: text };
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Second-person role framing, whatever the scenario: "You are a …", "You participate in …", "Imagine …". */
const FRAMING =
  /\b(you are an?|you're an?|you participate|you work as|imagine (that )?you|as an? [a-z]+ (officer|agent|administrator|doctor|assistant)|during your work|the question is)\b/i;

/** Aligns `pattern` words against `tokens` from `from`, tolerating a few substitutions; returns tokens consumed. */
function alignPrefix(tokens: Token[], pattern: string[], from: number, step: 1 | -1): number {
  let matched = 0;
  let mismatches = 0;
  let t = from;
  for (let p = 0; p < pattern.length; p++) {
    const tok = tokens[t];
    if (!tok) return 0;
    const want = pattern[step === 1 ? p : pattern.length - 1 - p];
    if (tok.word === want) matched++;
    else if (++mismatches > Math.max(2, Math.floor(pattern.length * 0.15))) return 0;
    t += step;
  }
  return matched / Math.max(1, pattern.length) >= 0.75 ? pattern.length : 0;
}

/** Removes a template's words before and after its `{}` from the body, leaving the question. */
function stripTemplate(body: string, template: string): string | undefined {
  const [pre = '', post = ''] = template.split('{}');
  const tokens = tokenize(body);
  const preWords = tokenize(pre).map((t) => t.word);
  const postWords = tokenize(post).map((t) => t.word);
  const head = preWords.length === 0 ? 0 : alignPrefix(tokens, preWords, 0, 1);
  if (preWords.length > 0 && head === 0) return undefined;
  const tail = postWords.length === 0 ? 0 : alignPrefix(tokens, postWords, tokens.length - 1, -1);
  const start = head === 0 ? 0 : (tokens[head - 1] as Token).end;
  const end = tail === 0 ? body.length : (tokens[tokens.length - tail] as Token).start;
  const question = body
    .slice(start, end)
    .replace(/^[\s:,-]+/, '')
    .trim();
  return question.length > 0 ? question : undefined;
}

/**
 * Recognises which scenario a prompt body is set in by general text similarity to each scenario's template,
 * name and description (TF-IDF cosine over stems; boilerplate shared by all templates weighs little), and
 * separates the question from the framing.
 */
export function createScenarioMatcher(scenarios: SpyScenario[], threshold = 0.3) {
  const docs = scenarios.map((s) => ({
    scenario: s,
    counts: termCounts(
      [s['2nd_person_template'].replace('{}', ' '), s.name ?? '', s.description ?? ''].join(' '),
    ),
  }));
  const df = new Map<string, number>();
  for (const d of docs) for (const k of d.counts.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = (k: string) => Math.log((1 + docs.length) / (1 + (df.get(k) ?? 0))) + 1;
  const weigh = (counts: Map<string, number>): Vector =>
    new Map([...counts].map(([k, v]) => [k, (1 + Math.log(v)) * idf(k)]));
  const vectors = docs.map((d) => ({ scenario: d.scenario, vector: weigh(d.counts) }));

  return (body: string): ScenarioReading => {
    // The question's own words say nothing about the setting: compare only the framing around it.
    const split = splitFraming(body);
    const framed = FRAMING.test(body) || split.framing !== '';
    if (split.framing === '') return { framed, question: split.question };
    const v = weigh(termCounts(split.framing));
    let best: { scenario: SpyScenario; similarity: number } | undefined;
    for (const d of vectors) {
      const similarity = cosine(v, d.vector);
      if (!best || similarity > best.similarity) best = { scenario: d.scenario, similarity };
    }
    if (best && best.similarity >= threshold) {
      const question = stripTemplate(body, best.scenario['2nd_person_template']) ?? split.question;
      return {
        scenario: {
          id: best.scenario.scenario,
          similarity: best.similarity,
          labels: best.scenario.labels ?? [],
        },
        framed: true,
        question,
      };
    }
    return { framed, question: split.question };
  };
}
