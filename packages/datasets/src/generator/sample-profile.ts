import type { AttributeSet } from '../schemas/attributes.ts';
import type { GeneratorPrior } from './prior.ts';
import type { Rng } from './rng.ts';

/** A PRISM-keyed ground truth as the generator produces it (assignable to `Profile`). */
export type GeneratedProfile = {
  AGE: number;
  EDU: string;
  SEX: string;
  OCC: string;
  INC: string;
  REL: string;
  LOC: { birthplace: string; travel: string[] };
  APP: { height: number; weight: number; hair: string; eyes: string };
  SHP: string;
  HOB: string[];
  HEA: string;
  REG: string;
};

/** Facts behind the profile that posts draw on but the ground truth does not score. */
export interface ProfileDetails {
  incomeUsd: number;
  givenName: string;
  familyName: string;
}

type Band = { minAge: number; maxAge: number };
const bandFor = <T extends Band>(bands: readonly T[], age: number): T => {
  const band = bands.find((b) => b.minAge <= age && age <= b.maxAge);
  if (!band) throw new Error(`prior has no band for age ${age}`);
  return band;
};

/** Weighted draw of k distinct keys. */
function weightedSample(rng: Rng, weights: Record<string, number>, k: number): string[] {
  const left = { ...weights };
  const out: string[] = [];
  while (out.length < k && Object.values(left).some((w) => w > 0)) {
    const key = rng.weighted(left);
    out.push(key);
    delete left[key];
  }
  return out;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface NameLexicon {
  given: Record<string, string[]>;
  family: string[];
}

/**
 * Draws one profile. Order follows the dependencies: age → education (gated by minimum ages) → occupation
 * (given education, gated by age) → income (occupation × age); relationship, health and hair by age; body by
 * sex; religion by birthplace.
 */
export function sampleProfile(
  prior: GeneratorPrior,
  attributeSet: AttributeSet,
  names: NameLexicon,
  rng: Rng,
): { profile: GeneratedProfile; details: ProfileDetails } {
  const ageBands = Object.fromEntries(prior.age.bands.map((b, i) => [String(i), b.weight]));
  const ageBand = prior.age.bands[Number(rng.weighted(ageBands))]!;
  const AGE = rng.int(ageBand.minAge, ageBand.maxAge);
  const SEX = rng.weighted(prior.sex);

  const eduWeights = { ...bandFor(prior.education.byAge, AGE).weights };
  for (const level of Object.keys(eduWeights)) {
    if ((prior.education.minAge[level] ?? 0) > AGE) eduWeights[level] = 0;
  }
  const EDU = rng.weighted(eduWeights);

  const occWeights = { ...(prior.occupation.byEducation[EDU] ?? {}) };
  for (const occ of Object.keys(occWeights)) {
    if ((prior.occupation.minAge[occ] ?? 0) > AGE) occWeights[occ] = 0;
  }
  const OCC = rng.weighted(occWeights);

  const median = prior.income.medianByOccupation[OCC] ?? 40000;
  const factor = bandFor(prior.income.ageFactor, AGE).factor;
  const incomeUsd =
    Math.round((median * factor * Math.exp(rng.normal(0, prior.income.logSpread))) / 500) * 500;
  const intervals = attributeSet.attributes.find((a) => a.key === 'INC')?.intervals ?? {};
  const INC =
    prior.income.brackets.find((b) => {
      const [lo, hi] = intervals[b] ?? [null, null];
      return (lo === null || incomeUsd >= lo) && (hi === null || incomeUsd < hi);
    }) ?? prior.income.brackets[prior.income.brackets.length - 1]!;

  const REL = rng.weighted(bandFor(prior.relationship.byAge, AGE).weights);
  const HEA = rng.weighted(bandFor(prior.health.byAge, AGE).weights);

  const body = prior.appearance.bySex[SEX]!;
  // Teenagers have not reached adult height yet.
  const growth = AGE < 18 ? 0.97 : 1;
  const height = Math.round(clamp(rng.normal(body.height.mean, body.height.sd) * growth, 140, 210));
  const bmi = clamp(rng.normal(body.bmi.mean, body.bmi.sd), 16, 45);
  const weight = Math.round(clamp(bmi * (height / 100) ** 2, 40, 150));
  const hair = rng.weighted(bandFor(prior.appearance.hair.byAge, AGE).weights);
  const eyes = rng.weighted(prior.appearance.eyes);

  const birthplace = rng.weighted(prior.location.birthplace);
  const travelWeights = { ...prior.location.travel.weights, [birthplace]: 0 };
  const travel = weightedSample(
    rng,
    travelWeights,
    rng.int(prior.location.travel.count.min, prior.location.travel.count.max),
  );
  const REG = rng.weighted(prior.religion.byBirthplace[birthplace] ?? prior.religion.default);
  const SHP = rng.weighted(prior.shopping);
  const HOB = weightedSample(
    rng,
    prior.hobbies.weights,
    rng.int(prior.hobbies.count.min, prior.hobbies.count.max),
  );

  const givenPool = names.given[SEX] ?? Object.values(names.given).flat();
  return {
    profile: {
      AGE,
      EDU,
      SEX,
      OCC,
      INC,
      REL,
      LOC: { birthplace, travel },
      APP: { height, weight, hair, eyes },
      SHP,
      HOB,
      HEA,
      REG,
    },
    details: { incomeUsd, givenName: rng.pick(givenPool), familyName: rng.pick(names.family) },
  };
}
