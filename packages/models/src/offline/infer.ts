import type {
  AttributeDefinition,
  AttributeGuess,
  AttributeSet,
  Candidate,
  Evidence,
} from '@privlens/datasets';
import { type LexiconDomain, loadLexicon } from './lexicon.ts';

export interface InferOptions {
  /** Total evidence weight below which an attribute is abstained on. */
  minScore?: number;
  /** Year the posts were written, for the income of an age guess etc. (unused by rules that need none). */
  year?: number;
}

/** How much an observation counts, by where it came from. OCR text is text, discounted by its read confidence. */
const SOURCE_WEIGHT: Record<Evidence['source'], number> = {
  text: 1,
  caption: 0.9,
  ocr: 0.8,
  model: 0.8,
  face: 0.7,
  object: 0.5,
  scene: 0.5,
};

type Scores = Map<string, { score: number; ids: Set<string> }>;

function add(scores: Scores, value: string, weight: number, id: string) {
  if (!(weight > 0)) return;
  const s = scores.get(value) ?? { score: 0, ids: new Set<string>() };
  s.score += weight;
  s.ids.add(id);
  scores.set(value, s);
}

function weightOf(e: Evidence): number {
  return SOURCE_WEIGHT[e.source] * e.confidence;
}

/** Turns accumulated scores into up to three candidates: confidence = share × saturation of the total. */
function rank(attribute: string, scores: Scores, minScore: number, rationale: string): AttributeGuess {
  const total = [...scores.values()].reduce((s, v) => s + v.score, 0);
  if (total < minScore) return { attribute, candidates: [], abstained: true };
  const saturation = 1 - Math.exp(-total);
  const candidates: Candidate[] = [...scores.entries()]
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, 3)
    .map(([value, s]) => ({
      value,
      confidence: Math.round((s.score / total) * saturation * 1000) / 1000,
      rationale: `${rationale} (weight ${s.score.toFixed(2)})`,
      evidenceIds: [...s.ids],
    }));
  return { attribute, candidates, abstained: false };
}

/** Maps a lexicon concept onto an attribute's options: exact match, then the lexicon's per-set snap table. */
function snapper(def: AttributeDefinition, setName: string, domain: LexiconDomain) {
  const options = def.options;
  const snap = loadLexicon(domain).snap[setName] ?? {};
  return (concept: string): { value: string; factor: number } | undefined => {
    if (!options) return { value: concept, factor: 1 };
    const exact = options.find((o) => o.toLowerCase() === concept.toLowerCase());
    if (exact) return { value: exact, factor: 1 };
    const snapped = snap[concept];
    const option = snapped && options.find((o) => o.toLowerCase() === snapped.toLowerCase());
    return option ? { value: option, factor: 0.6 } : undefined;
  };
}

function cueScores(
  def: AttributeDefinition,
  setName: string,
  domain: LexiconDomain,
  evidence: Evidence[],
): Scores {
  const snap = snapper(def, setName, domain);
  const scores: Scores = new Map();
  for (const e of evidence) {
    if (e.kind !== 'keyword' || e.data?.domain !== domain) continue;
    const hit = snap(String(e.data.concept));
    if (hit) add(scores, hit.value, weightOf(e) * hit.factor, e.id);
  }
  return scores;
}

function ageGuess(def: AttributeDefinition, evidence: Evidence[], minScore: number): AttributeGuess {
  const obs: Array<{ age: number; w: number; id: string }> = [];
  for (const e of evidence) {
    const age = Number(e.data?.age);
    if (!Number.isFinite(age)) continue;
    if (e.kind === 'age') obs.push({ age, w: weightOf(e), id: e.id });
    // A face in a photo is often someone else's: it counts a little.
    else if (e.kind === 'face') obs.push({ age, w: weightOf(e) * 0.5, id: e.id });
  }
  const total = obs.reduce((s, o) => s + o.w, 0);
  if (total < minScore || !obs.length) return { attribute: def.key, candidates: [], abstained: true };
  const lo = def.min ?? 0;
  const hi = def.max ?? 120;
  const clamp = (n: number) => Math.max(lo, Math.min(hi, Math.round(n)));
  // Strongest single statement wins top-1; the weighted mean and a spread give the runners-up.
  const best = obs.reduce((a, b) => (b.w > a.w ? b : a));
  const mean = obs.reduce((s, o) => s + o.age * o.w, 0) / total;
  const spread = best.w >= 0.6 ? 3 : 8;
  const values = [clamp(best.age), clamp(mean), clamp(best.age + spread), clamp(best.age - spread)];
  const unique = [...new Set(values)].slice(0, 3);
  const saturation = 1 - Math.exp(-total);
  return {
    attribute: def.key,
    abstained: false,
    candidates: unique.map((v, i) => ({
      value: String(v),
      confidence: Math.round(saturation * (i === 0 ? 0.6 : 0.2) * 1000) / 1000,
      rationale: i === 0 ? `strongest age cue (${best.age})` : 'nearby age',
      evidenceIds: i === 0 ? [best.id] : obs.map((o) => o.id),
    })),
  };
}

function sexGuess(
  def: AttributeDefinition,
  setName: string,
  evidence: Evidence[],
  minScore: number,
): AttributeGuess {
  const scores = cueScores(def, setName, 'sex', evidence);
  for (const e of evidence)
    if (e.kind === 'face' && (e.data?.gender === 'male' || e.data?.gender === 'female')) {
      const option = def.options?.find((o) => o.toLowerCase() === e.data?.gender) ?? String(e.data.gender);
      add(scores, option, weightOf(e) * Number(e.data.genderConfidence ?? 0.5) * 0.6, e.id);
    }
  return rank(def.key, scores, minScore, 'self-reference, relationship terms and faces');
}

/** Annual USD from a money mention; hourly and monthly figures are scaled up. */
function annualIncome(e: Evidence): number | undefined {
  const amount = Number(e.data?.amount);
  if (!Number.isFinite(amount) || amount <= 0 || e.data?.income !== true) return undefined;
  if (e.data?.hourly) return amount * 2000;
  if (e.data?.monthly) return amount * 12;
  return amount;
}

const LEVEL_BOUNDS: Array<[string, number]> = [
  ['low', 30_000],
  ['middle', 60_000],
  ['high', 150_000],
  ['very high', Number.POSITIVE_INFINITY],
];
const LEVEL_MID: Record<string, number> = { low: 22_000, middle: 45_000, high: 95_000, 'very high': 250_000 };

function incomeGuess(
  def: AttributeDefinition,
  setName: string,
  evidence: Evidence[],
  minScore: number,
): AttributeGuess {
  const amounts: Array<{ usd: number; w: number; id: string }> = [];
  for (const e of evidence) {
    const usd = e.kind === 'money' ? annualIncome(e) : undefined;
    if (usd) amounts.push({ usd, w: weightOf(e) * 2, id: e.id });
    if (e.kind === 'keyword' && e.data?.domain === 'income') {
      const mid = LEVEL_MID[String(e.data.concept)];
      if (mid) amounts.push({ usd: mid, w: weightOf(e), id: e.id });
    }
    if (e.kind === 'keyword' && e.data?.domain === 'occupation') {
      const prior = loadLexicon('occupation').meta[String(e.data.concept)]?.income;
      if (prior) amounts.push({ usd: prior, w: weightOf(e) * 0.3, id: e.id });
    }
  }
  const scores: Scores = new Map();
  for (const a of amounts) {
    if (def.intervals) {
      // The narrowest bracket holding the figure: brackets of two schemes overlap.
      const fits = Object.entries(def.intervals)
        .filter(
          ([, [lo, hi]]) =>
            (lo ?? Number.NEGATIVE_INFINITY) <= a.usd && a.usd < (hi ?? Number.POSITIVE_INFINITY),
        )
        .sort((x, y) => width(x[1]) - width(y[1]) || offCentre(x[1], a.usd) - offCentre(y[1], a.usd));
      fits.forEach(([label], i) => {
        add(scores, label, a.w / (i + 1), a.id);
      });
    } else if (def.options) {
      const level = LEVEL_BOUNDS.find(([, hi]) => a.usd < hi)?.[0];
      const option = level && def.options.find((o) => o.toLowerCase() === level);
      if (option) add(scores, option, a.w, a.id);
    } else add(scores, String(Math.round(a.usd)), a.w, a.id);
  }
  return rank(def.key, scores, minScore, `salary figures, income words and occupation priors (${setName})`);
}

function offCentre([lo, hi]: [number | null, number | null], usd: number): number {
  return Math.abs(((lo ?? 0) + (hi ?? 2 * usd)) / 2 - usd);
}

function width([lo, hi]: [number | null, number | null]): number {
  return (hi ?? 1e7) - (lo ?? 0);
}

type PlaceWant = 'birth' | 'travel' | 'residence';
const ROLE_WEIGHT: Record<PlaceWant, Record<string, number>> = {
  birth: { birth: 1, mention: 0.15, residence: 0.1, travel: 0 },
  travel: { travel: 1, mention: 0.5, residence: 0.2, birth: 0 },
  residence: { residence: 1, mention: 0.3, birth: 0.1, travel: 0.05 },
};

function placeGuess(
  def: AttributeDefinition,
  want: PlaceWant,
  evidence: Evidence[],
  minScore: number,
  exclude?: string,
): AttributeGuess {
  const withCity = /city/i.test(`${def.key} ${def.label} ${def.description ?? ''}`);
  const scores: Scores = new Map();
  for (const e of evidence) {
    if (e.kind !== 'country' && e.kind !== 'city') continue;
    const role = String(e.data?.role ?? 'mention');
    const w = weightOf(e) * (ROLE_WEIGHT[want][role] ?? 0);
    const country = String(e.data?.countryName ?? e.value);
    if (country === exclude) continue;
    const value = withCity ? (e.kind === 'city' ? e.value : country) : country;
    add(scores, value, w, e.id);
  }
  return rank(def.key, scores, minScore, `places mentioned as ${want}`);
}

function appearanceGuess(def: AttributeDefinition, evidence: Evidence[], minScore: number): AttributeGuess {
  const scores: Scores = new Map();
  for (const e of evidence) {
    if (e.kind !== 'measurement' || e.data?.part !== def.key) continue;
    const value = e.data.amount !== undefined ? String(e.data.amount) : e.value;
    if (def.options && !def.options.includes(value)) continue;
    add(scores, value, weightOf(e), e.id);
  }
  return rank(def.key, scores, minScore, `stated ${def.label}`);
}

/** Which rule handles an attribute: by its label, so any set naming its attributes plainly is served. */
function domainOf(def: AttributeDefinition): LexiconDomain | undefined {
  const l = `${def.label} ${def.key}`.toLowerCase();
  if (/occupation|job|profession/.test(l)) return 'occupation';
  if (/relig|faith/.test(l)) return 'religion';
  if (/hobb|interest/.test(l)) return 'hobbies';
  if (/health/.test(l)) return 'health';
  if (/relationship|marital/.test(l)) return 'relationship';
  if (/educat/.test(l)) return 'education';
  if (/shopping/.test(l)) return 'shopping';
  return undefined;
}

function guessOne(
  def: AttributeDefinition,
  key: string,
  set: AttributeSet,
  evidence: Evidence[],
  minScore: number,
  done: Map<string, AttributeGuess>,
): AttributeGuess[] {
  const l = `${def.label} ${def.key}`.toLowerCase();
  const named = (g: AttributeGuess) => ({ ...g, attribute: key });
  if (def.kind === 'composite' && def.parts)
    return def.parts.flatMap((p) => guessOne(p, `${key}.${p.key}`, set, evidence, minScore, done));
  if (/\bage\b/.test(l)) return [named(ageGuess(def, evidence, minScore))];
  if (/\bsex\b|gender/.test(l)) return [named(sexGuess(def, set.name, evidence, minScore))];
  if (/income|salary/.test(l)) return [named(incomeGuess(def, set.name, evidence, minScore))];
  if (/birth/.test(l)) return [named(placeGuess(def, 'birth', evidence, minScore))];
  if (/travel/.test(l)) {
    const birth = [...done.values()].find((g) => /birth/.test(g.attribute))?.candidates[0]?.value;
    return [named(placeGuess(def, 'travel', evidence, minScore, birth))];
  }
  if (/living|residen|city_country|current/.test(l))
    return [named(placeGuess(def, 'residence', evidence, minScore))];
  if (/height|weight|hair|eye/.test(l)) return [named(appearanceGuess(def, evidence, minScore))];
  const domain = domainOf(def);
  if (domain) {
    const g = rank(key, cueScores(def, set.name, domain, evidence), minScore, `${domain} lexicon cues`);
    return [g];
  }
  return [{ attribute: key, candidates: [], abstained: true }];
}

/**
 * Rule-based attribute inference from perception evidence: lexicon cues, the gazetteer's place roles, stated
 * ages and salaries, faces. Composite attributes give one guess per part (`LOC.birthplace`, `APP.hair`).
 */
export function inferFromEvidence(
  attributeSet: AttributeSet,
  evidence: Evidence[],
  options: InferOptions = {},
): AttributeGuess[] {
  const minScore = options.minScore ?? 0.2;
  const done = new Map<string, AttributeGuess>();
  for (const def of attributeSet.attributes)
    for (const g of guessOne(def, def.key, attributeSet, evidence, minScore, done)) done.set(g.attribute, g);
  return [...done.values()];
}
