import { readFileSync } from 'node:fs';
import type { AttributeDefinition, Evidence } from '@privlens/datasets';
import { weightOf } from './evidence-weight.ts';
import { loadLexicon } from './lexicon.ts';

/**
 * What the evidence as a whole says about the author, for rules that condition on another attribute
 * (education given occupation, relationship given age). Computed from evidence, not from other guesses, because
 * callers may ask for one attribute at a time.
 */
export interface ProfileContext {
  /** top occupation concept of occupation.json and its weight */
  occupation?: { concept: string; weight: number; title?: string };
  /** explicit or life-stage age with its weight */
  age?: { age: number; weight: number };
  /** top education level on the generic scale */
  education?: { level: string; weight: number };
  relationship?: { concept: string; weight: number };
}

export interface PriorsFile {
  educationScale: Array<[string, string]>;
  education: { default: Record<string, number>; neighbours: number };
  age: {
    default: number;
    spread: number;
    byEducation: Record<string, number>;
    byRelationship: Record<string, number>;
  };
  sex: { default: Record<string, number>; femaleShareByOccupation: Record<string, number> };
  relationship: { default: Record<string, number>; byAge: Array<[number, Record<string, number>]> };
  income: { defaultUsd: number; byAge: Array<[number, number]> };
}

let priors: PriorsFile | undefined;
export function loadPriors(): PriorsFile {
  if (priors) return priors;
  const url = new URL('../../data/lexicons/priors.json', import.meta.url);
  try {
    priors = JSON.parse(readFileSync(url, 'utf8')) as PriorsFile;
  } catch (err) {
    throw new Error(`offline engine: cannot read ${url.pathname}: ${(err as Error).message}`);
  }
  return priors;
}

/** The generic education ladder, lowest first (priors.json educationScale). */
export function educationLadder(): string[] {
  return loadPriors().educationScale.map(([level]) => level);
}

/** Generic level of an option or free-text label ("College Degree" → bachelor's degree). */
export function educationLevelOf(label: string): string | undefined {
  const l = label.toLowerCase();
  // Exact level names first, then the patterns, most specific (highest) first for "PhD" vs "high school".
  const exact = loadPriors().educationScale.find(([level]) => level.toLowerCase() === l);
  if (exact) return exact[0];
  return educationPatterns().find(([, pattern]) => pattern.test(l))?.[0];
}

// Called for every education cue and option; compiling the scale's patterns once keeps that off the hot path.
let compiledScale: Array<[string, RegExp]> | undefined;
function educationPatterns(): Array<[string, RegExp]> {
  compiledScale ??= [...loadPriors().educationScale]
    .reverse()
    .map(([level, pattern]) => [level, new RegExp(pattern, 'i')]);
  return compiledScale;
}

/**
 * Each option of an education attribute on the generic ladder; a generic level maps to the option nearest on it.
 * Sets with coarse levels ("College Degree") take several generic levels onto one option.
 */
export function educationOptionFor(def: AttributeDefinition): (level: string) => string | undefined {
  const ladder = educationLadder();
  const placed = (def.options ?? [])
    .map((o) => ({ o, i: ladder.indexOf(educationLevelOf(o) ?? '') }))
    .filter((x) => x.i >= 0);
  const degreeFrom = ladder.indexOf('associate degree');
  return (level) => {
    if (!def.options) return level;
    const i = ladder.indexOf(level);
    if (i < 0 || !placed.length) return undefined;
    // Nearest on the ladder. A tie between two options: a finished degree goes to the degree option ("master's"
    // → "College Degree", not "PhD"); a level short of a degree goes to the higher non-degree option ("in high
    // school" → "high school", "in college" → "high school" rather than "associate degree").
    const degree = (o: string) => /degree|phd|doctor/i.test(o);
    const rank = (p: { o: string; i: number }) =>
      Math.abs(p.i - i) * 10 + (i >= degreeFrom ? (degree(p.o) ? 0 : 1) : degree(p.o) ? 2 : p.i > i ? 0 : 1);
    return [...placed].sort((x, y) => rank(x) - rank(y))[0]?.o;
  };
}

function topOf(m: Map<string, number>): [string, number] | undefined {
  return [...m].sort((a, b) => b[1] - a[1])[0];
}

export function profileContext(evidence: Evidence[]): ProfileContext {
  const occ = new Map<string, number>();
  const titles = new Map<string, string>();
  const edu = new Map<string, number>();
  const rel = new Map<string, number>();
  let ageSum = 0;
  let ageW = 0;
  let ageBest: { age: number; w: number } | undefined;
  for (const e of evidence) {
    const domain = e.data?.domain;
    const concept = e.data?.concept === undefined ? undefined : String(e.data.concept);
    if (e.kind === 'keyword' && concept) {
      const w = weightOf(e) * (e.data?.self ? 2 : 1);
      if (domain === 'occupation') {
        occ.set(concept, (occ.get(concept) ?? 0) + w);
        if (typeof e.data?.title === 'string' && !titles.has(concept)) titles.set(concept, e.data.title);
      } else if (domain === 'education') {
        const level = educationLevelOf(concept);
        if (level) edu.set(level, (edu.get(level) ?? 0) + w);
      } else if (domain === 'relationship') rel.set(concept, (rel.get(concept) ?? 0) + w);
    }
    if (e.kind === 'age' && Number.isFinite(Number(e.data?.age))) {
      const w = weightOf(e);
      ageSum += Number(e.data?.age) * w;
      ageW += w;
      if (!ageBest || w > ageBest.w) ageBest = { age: Number(e.data?.age), w };
    }
  }
  const o = topOf(occ);
  const d = topOf(edu);
  const r = topOf(rel);
  const title = o ? titles.get(o[0]) : undefined;
  return {
    ...(o ? { occupation: { concept: o[0], weight: o[1], ...(title ? { title } : {}) } } : {}),
    ...(ageBest ? { age: { age: ageBest.w >= 0.5 ? ageBest.age : ageSum / ageW, weight: ageW } } : {}),
    ...(d ? { education: { level: d[0], weight: d[1] } } : {}),
    ...(r ? { relationship: { concept: r[0], weight: r[1] } } : {}),
  };
}

/** Per-concept numbers and strings of occupation.json (income, age, education). */
export function occupationFacts(concept: string): { income?: number; age?: number; education?: string } {
  const lex = loadLexicon('occupation');
  const meta = lex.meta[concept] ?? {};
  const tags = lex.tags[concept] ?? {};
  return {
    ...(meta.income !== undefined ? { income: meta.income } : {}),
    ...(meta.age !== undefined ? { age: meta.age } : {}),
    ...(tags.education !== undefined ? { education: tags.education } : {}),
  };
}
