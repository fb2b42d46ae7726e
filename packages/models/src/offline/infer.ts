import type {
  AttributeDefinition,
  AttributeGuess,
  AttributeSet,
  Candidate,
  Evidence,
} from '@privlens/datasets';
import { weightOf } from './evidence-weight.ts';
import { type LexiconDomain, loadLexicon } from './lexicon.ts';
import {
  educationLadder,
  educationLevelOf,
  educationOptionFor,
  loadPriors,
  occupationFacts,
  type ProfileContext,
  profileContext,
} from './priors.ts';

/** Rationale prefix of a candidate drawn from a prior rather than from evidence in the posts. */
const PRIOR_RATIONALE = 'prior: ';
/** True when the engine guessed this candidate from a prior, not from anything the posts show. */
export function isPriorCandidate(candidate: Pick<Candidate, 'rationale'>): boolean {
  return candidate.rationale?.startsWith(PRIOR_RATIONALE) ?? false;
}

export interface InferOptions {
  /** Total evidence weight below which an attribute is abstained on. */
  minScore?: number;
  /** Answer age, sex, education, income and relationship from a prior when the evidence is too weak (default
   * true); false abstains instead. */
  priors?: boolean;
}

type Scores = Map<string, { score: number; ids: Set<string> }>;

function add(scores: Scores, value: string, weight: number, id: string) {
  if (!(weight > 0)) return;
  const s = scores.get(value) ?? { score: 0, ids: new Set<string>() };
  s.score += weight;
  s.ids.add(id);
  scores.set(value, s);
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

/** The attribute option spelled like `value`, ignoring case. */
function optionNamed(options: string[] | undefined, value: string): string | undefined {
  const wanted = value.toLowerCase();
  return options?.find((o) => o.toLowerCase() === wanted);
}

/** The entry of an age-banded prior table (`[upTo, value]`, ascending) for the profile's age, if one is known. */
function ageBand<T>(bands: Array<[number, T]>, ctx: ProfileContext): T | undefined {
  const age = ctx.age?.age;
  return age === undefined ? undefined : bands.find(([upTo]) => age < upTo)?.[1];
}

/** Maps a lexicon concept onto an attribute's options: exact match, then the lexicon's per-set snap table. */
function snapper(def: AttributeDefinition, setName: string, domain: LexiconDomain) {
  const options = def.options;
  const snap = loadLexicon(domain).snap[setName] ?? {};
  return (concept: string): { value: string; factor: number } | undefined => {
    if (!options) return { value: concept, factor: 1 };
    const exact = optionNamed(options, concept);
    if (exact) return { value: exact, factor: 1 };
    const snapped = snap[concept];
    const option = snapped && optionNamed(options, snapped);
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

const PRIOR_CONFIDENCE = 0.5;

/** A guess from a prior alone: the shares damped by PRIOR_CONFIDENCE, rationale starting with 'prior'. */
function priorGuess(
  attribute: string,
  shares: Array<[string, number]>,
  why: string,
  evidenceIds: string[] = [],
): AttributeGuess {
  const merged = new Map<string, number>();
  for (const [v, p] of shares) merged.set(v, (merged.get(v) ?? 0) + p);
  const total = [...merged.values()].reduce((a, b) => a + b, 0) || 1;
  const candidates: Candidate[] = [...merged]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([value, p]) => ({
      value,
      confidence: Math.round((p / total) * PRIOR_CONFIDENCE * 1000) / 1000,
      rationale: `${PRIOR_RATIONALE}${why}`,
      evidenceIds,
    }));
  return { attribute, candidates, abstained: candidates.length === 0 };
}

function idsOf(evidence: Evidence[], domain: string, concept?: string): string[] {
  return evidence
    .filter(
      (e) => e.kind === 'keyword' && e.data?.domain === domain && (!concept || e.data?.concept === concept),
    )
    .map((e) => e.id)
    .slice(0, 5);
}

/**
 * Faces that are likely the author: the only face of its image, or one at least 2.5 times the area of the next.
 * A group photo says little about who posted it.
 */
function authorFaces(evidence: Evidence[]): Evidence[] {
  const byPost = new Map<string, Evidence[]>();
  for (const e of evidence) if (e.kind === 'face') byPost.set(e.postId, [...(byPost.get(e.postId) ?? []), e]);
  const out: Evidence[] = [];
  const area = (e: Evidence) => (e.region ? e.region.width * e.region.height : 0);
  for (const faces of byPost.values()) {
    const sorted = [...faces].sort((a, b) => area(b) - area(a));
    const [first, second] = sorted;
    if (!first || first.data?.age === undefined) continue;
    if (!second || area(first) >= 2.5 * area(second)) out.push(first);
  }
  return out;
}

function ageGuess(
  def: AttributeDefinition,
  evidence: Evidence[],
  minScore: number,
  ctx: ProfileContext,
): AttributeGuess {
  const obs: Array<{ age: number; w: number; id: string; spread: number }> = [];
  for (const e of evidence) {
    const age = Number(e.data?.age);
    if (e.kind === 'age' && Number.isFinite(age))
      obs.push({ age, w: weightOf(e), id: e.id, spread: Number(e.data?.spread ?? 3) });
  }
  // A face in a photo is often someone else's: the author's likely face counts a little.
  for (const e of authorFaces(evidence))
    obs.push({ age: Number(e.data?.age), w: weightOf(e) * 0.5, id: e.id, spread: 6 });
  const lo = def.min ?? 0;
  const hi = def.max ?? 120;
  const clamp = (n: number) => Math.max(lo, Math.min(hi, Math.round(n)));
  const total = obs.reduce((s, o) => s + o.w, 0);
  if (total < minScore || !obs.length) {
    const p = loadPriors().age;
    const occ = ctx.occupation ? occupationFacts(ctx.occupation.concept).age : undefined;
    const edu = ctx.education ? p.byEducation[ctx.education.level] : undefined;
    const rel = ctx.relationship ? p.byRelationship[ctx.relationship.concept] : undefined;
    const weak = obs.length ? obs.reduce((s, o) => s + o.age * o.w, 0) / total : undefined;
    const [base, why] =
      occ !== undefined
        ? [occ, `age typical of a ${ctx.occupation?.concept}`]
        : weak !== undefined
          ? [weak, 'weak age cues']
          : edu !== undefined
            ? [edu, `age typical of ${ctx.education?.level}`]
            : rel !== undefined
              ? [rel, `age typical of ${ctx.relationship?.concept}`]
              : [p.default, 'typical adult poster'];
    const values = [...new Set([clamp(base), clamp(base + p.spread), clamp(base - p.spread)])];
    return priorGuess(
      def.key,
      values.map((v, i) => [String(v), i === 0 ? 0.5 : 0.25]),
      why,
      obs.map((o) => o.id),
    );
  }
  // Strongest single statement wins top-1; the weighted mean and a spread give the runners-up.
  const best = obs.reduce((a, b) => (b.w > a.w ? b : a));
  const mean = obs.reduce((s, o) => s + o.age * o.w, 0) / total;
  const spread = best.w >= 0.6 ? 3 : Math.max(8, best.spread);
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
  ctx: ProfileContext,
): AttributeGuess {
  const scores = cueScores(def, setName, 'sex', evidence);
  for (const e of authorFaces(evidence))
    if (e.data?.gender === 'male' || e.data?.gender === 'female') {
      const option = optionNamed(def.options, e.data.gender) ?? e.data.gender;
      add(scores, option, weightOf(e) * Number(e.data.genderConfidence ?? 0.5) * 0.6, e.id);
    }
  const guess = rank(def.key, scores, minScore, 'self-reference, names, partner terms and faces');
  if (!guess.abstained) return guess;
  const p = loadPriors().sex;
  const occ = ctx.occupation?.concept;
  const female = occ !== undefined ? p.femaleShareByOccupation[occ] : undefined;
  const shares: Record<string, number> =
    female !== undefined ? { female, male: 1 - female } : { ...p.default };
  const option = (v: string) => optionNamed(def.options, v) ?? v;
  return priorGuess(
    def.key,
    Object.entries(shares).map(([v, s]) => [option(v), s]),
    female !== undefined ? `sex ratio of ${occ}s` : 'even sex ratio',
    occ ? idsOf(evidence, 'occupation', occ) : [],
  );
}

/** Annual USD from a money mention; hourly and monthly figures are scaled up, other currencies converted. */
function annualIncome(e: Evidence): number | undefined {
  const amount = Number(e.data?.amount) * Number(e.data?.usdRate ?? 1);
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

function incomeScores(
  def: AttributeDefinition,
  amounts: Array<{ usd: number; w: number; id: string }>,
): Scores {
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
      const option = level && optionNamed(def.options, level);
      if (option) add(scores, option, a.w, a.id);
    } else add(scores, String(Math.round(a.usd)), a.w, a.id);
  }
  return scores;
}

function incomeGuess(
  def: AttributeDefinition,
  setName: string,
  evidence: Evidence[],
  minScore: number,
  ctx: ProfileContext,
): AttributeGuess {
  const amounts: Array<{ usd: number; w: number; id: string }> = [];
  for (const e of evidence) {
    const usd = e.kind === 'money' ? annualIncome(e) : undefined;
    if (usd) amounts.push({ usd, w: weightOf(e) * 2, id: e.id });
    if (e.kind === 'keyword' && e.data?.domain === 'income') {
      const mid = LEVEL_MID[String(e.data.concept)];
      if (mid) amounts.push({ usd: mid, w: weightOf(e), id: e.id });
    }
  }
  const scores = incomeScores(def, amounts);
  const guess = rank(def.key, scores, minScore, `salary figures and income words (${setName})`);
  if (!guess.abstained) return guess;
  // No figure: the occupation's typical pay, or the age band's, as a prior around which the neighbours sit.
  const p = loadPriors().income;
  const occ = ctx.occupation?.concept;
  const occIncome = occ ? occupationFacts(occ).income : undefined;
  const ageIncome = ageBand(p.byAge, ctx);
  const [usd, why] =
    occIncome !== undefined
      ? [occIncome, `typical pay of a ${occ}`]
      : ageIncome
        ? [ageIncome, `typical pay at ${Math.round(ctx.age?.age ?? 0)}`]
        : [p.defaultUsd, 'median pay'];
  const prior = incomeScores(def, [
    { usd, w: 1, id: 'prior' },
    { usd: usd * 1.6, w: 0.4, id: 'prior' },
    { usd: usd / 1.6, w: 0.4, id: 'prior' },
  ]);
  for (const [v, s] of scores) add(prior, v, s.score, [...s.ids][0] ?? 'prior');
  return priorGuess(
    def.key,
    [...prior].map(([v, s]) => [v, s.score]),
    why,
    occ ? idsOf(evidence, 'occupation', occ) : [],
  );
}

function educationGuess(
  def: AttributeDefinition,
  evidence: Evidence[],
  minScore: number,
  ctx: ProfileContext,
): AttributeGuess {
  const toOption = educationOptionFor(def);
  const scores: Scores = new Map();
  for (const e of evidence) {
    if (e.kind !== 'keyword' || e.data?.domain !== 'education') continue;
    const level = educationLevelOf(String(e.data.concept));
    const option = level && toOption(level);
    if (option) add(scores, option, weightOf(e), e.id);
  }
  // A job that needs a degree says the author has at least that degree: strong only when the job is plain.
  const occ = ctx.occupation;
  const needed = occ ? occupationFacts(occ.concept).education : undefined;
  const neededOption = needed ? toOption(needed) : undefined;
  if (occ && neededOption && occ.weight >= 1) {
    const ids = idsOf(evidence, 'occupation', occ.concept);
    for (const id of ids) add(scores, neededOption, 0.35 / Math.max(1, ids.length), id);
  }
  const guess = rank(def.key, scores, minScore, 'degree words and the education a job needs');
  if (!guess.abstained) return guess;
  const p = loadPriors().education;
  const ladder = educationLadder();
  if (neededOption && needed) {
    const i = ladder.indexOf(needed);
    const shares: Array<[string, number]> = [[neededOption, 1]];
    for (const j of [i + 1, i - 1]) {
      const o = ladder[j] && toOption(ladder[j] as string);
      if (o) shares.push([o, p.neighbours]);
    }
    return priorGuess(
      def.key,
      shares,
      `education a ${occ?.concept} usually has`,
      idsOf(evidence, 'occupation', occ?.concept),
    );
  }
  const shares: Array<[string, number]> = [];
  for (const [level, share] of Object.entries(p.default)) {
    const o = toOption(level);
    if (o) shares.push([o, share]);
  }
  return priorGuess(def.key, shares, 'education of the general adult population');
}

function relationshipGuess(
  def: AttributeDefinition,
  setName: string,
  evidence: Evidence[],
  minScore: number,
  ctx: ProfileContext,
): AttributeGuess {
  const guess = rank(
    def.key,
    cueScores(def, setName, 'relationship', evidence),
    minScore,
    'partner, ex, widow and wedding terms',
  );
  if (!guess.abstained) return guess;
  const p = loadPriors().relationship;
  const byAge = ageBand(p.byAge, ctx);
  const snap = snapper(def, setName, 'relationship');
  const shares: Array<[string, number]> = [];
  for (const [concept, share] of Object.entries(byAge ?? p.default)) {
    const hit = snap(concept);
    if (hit) shares.push([hit.value, share]);
  }
  return priorGuess(
    def.key,
    shares,
    byAge
      ? `relationship status typical at ${Math.round(ctx.age?.age ?? 0)}`
      : 'relationship status of adults',
  );
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

interface Run {
  set: AttributeSet;
  evidence: Evidence[];
  minScore: number;
  ctx: ProfileContext;
  priors: boolean;
  done: Map<string, AttributeGuess>;
}

/** Free-text occupation: the title the author used ("graphic designer"), else the concept's own name. */
function occupationGuess(def: AttributeDefinition, run: Run, key: string): AttributeGuess {
  const scores = cueScores(def, run.set.name, 'occupation', run.evidence);
  if (def.options) return rank(key, scores, run.minScore, 'occupation lexicon cues and job titles');
  const titled: Scores = new Map();
  const titleOf = new Map<string, string>();
  for (const e of run.evidence) {
    if (e.kind !== 'keyword' || e.data?.domain !== 'occupation' || typeof e.data.title !== 'string') continue;
    add(titled, e.data.title, weightOf(e) * 2, e.id);
    if (!titleOf.has(String(e.data.concept))) titleOf.set(String(e.data.concept), e.data.title);
  }
  // Jargon of a concept the author also named a title for backs the title ("software developer", not the
  // concept's name "software engineer").
  for (const [v, s] of scores) {
    const title = titleOf.get(v) ?? v;
    if (title === v && titled.has(v)) continue;
    for (const id of s.ids) add(titled, title, s.score / s.ids.size, id);
  }
  return rank(key, titled, run.minScore, 'job titles and occupation lexicon cues');
}

function guessOne(def: AttributeDefinition, key: string, run: Run): AttributeGuess[] {
  const { set, evidence, minScore, ctx, done } = run;
  const l = `${def.label} ${def.key}`.toLowerCase();
  const named = (g: AttributeGuess) => ({ ...g, attribute: key });
  if (def.kind === 'composite' && def.parts)
    return def.parts.flatMap((p) => guessOne(p, `${key}.${p.key}`, run));
  const withPrior = (g: AttributeGuess) =>
    run.priors || !g.candidates.every((c) => c.rationale?.startsWith('prior'))
      ? g
      : { attribute: g.attribute, candidates: [], abstained: true };
  // With a prior to fall back on, any evidence at all beats it: a lone partner term still says more than 50/50.
  const weakest = run.priors ? Number.MIN_VALUE : minScore;
  if (/\bage\b/.test(l)) return [named(withPrior(ageGuess(def, evidence, minScore, ctx)))];
  if (/\bsex\b|gender/.test(l)) return [named(withPrior(sexGuess(def, set.name, evidence, weakest, ctx)))];
  if (/income|salary/.test(l)) return [named(withPrior(incomeGuess(def, set.name, evidence, weakest, ctx)))];
  if (/birth/.test(l)) return [named(placeGuess(def, 'birth', evidence, minScore))];
  if (/travel/.test(l)) {
    const birth = [...done.values()].find((g) => /birth/.test(g.attribute))?.candidates[0]?.value;
    return [named(placeGuess(def, 'travel', evidence, minScore, birth))];
  }
  if (/living|residen|city_country|current/.test(l))
    return [named(placeGuess(def, 'residence', evidence, minScore))];
  if (/height|weight|hair|eye/.test(l)) return [named(appearanceGuess(def, evidence, minScore))];
  const domain = domainOf(def);
  if (domain === 'education') return [named(withPrior(educationGuess(def, evidence, weakest, ctx)))];
  if (domain === 'relationship')
    return [named(withPrior(relationshipGuess(def, set.name, evidence, weakest, ctx)))];
  if (domain === 'occupation') return [occupationGuess(def, run, key)];
  if (domain) {
    const g = rank(key, cueScores(def, set.name, domain, evidence), minScore, `${domain} lexicon cues`);
    return [g];
  }
  return [{ attribute: key, candidates: [], abstained: true }];
}

/**
 * Rule-based attribute inference from perception evidence: lexicon cues, job titles, the gazetteer's place roles,
 * stated or life-stage ages, salaries, the author's likely face. Age, sex, education, income and relationship fall
 * back to a low-confidence prior conditioned on what the evidence does say (education given occupation …) rather
 * than abstaining; those candidates' rationale starts with 'prior'. Composite attributes give one guess per part
 * (`LOC.birthplace`, `APP.hair`).
 */
export function inferFromEvidence(
  attributeSet: AttributeSet,
  evidence: Evidence[],
  options: InferOptions = {},
): AttributeGuess[] {
  const run: Run = {
    set: attributeSet,
    evidence,
    minScore: options.minScore ?? 0.2,
    ctx: profileContext(evidence),
    priors: options.priors ?? true,
    done: new Map(),
  };
  for (const def of attributeSet.attributes)
    for (const g of guessOne(def, def.key, run)) run.done.set(g.attribute, g);
  return [...run.done.values()];
}
