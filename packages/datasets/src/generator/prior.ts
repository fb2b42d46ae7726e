import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AttributeDefinition, AttributeSet } from '../schemas/attributes.ts';
import { PRISM_ATTRIBUTES } from '../taxonomy.ts';

const Weights = z
  .record(z.string(), z.number().nonnegative())
  .refine((w) => Object.values(w).some((v) => v > 0), 'needs at least one positive weight');

const AgeRange = { minAge: z.number().int(), maxAge: z.number().int() };
const WeightsByAge = z.array(z.object({ ...AgeRange, weights: Weights })).min(1);
const Count = z
  .object({ min: z.number().int().nonnegative(), max: z.number().int().nonnegative() })
  .refine((c) => c.min <= c.max, 'min must not exceed max');
const Gaussian = z.object({ mean: z.number(), sd: z.number().nonnegative() });

const PriorShape = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  age: z.object({ bands: z.array(z.object({ ...AgeRange, weight: z.number().nonnegative() })).min(1) }),
  sex: Weights,
  education: z.object({
    /** Hard floor: no level is drawn below its minimum age, whatever the weights say. */
    minAge: z.record(z.string(), z.number().int()),
    byAge: WeightsByAge,
  }),
  occupation: z.object({
    minAge: z.record(z.string(), z.number().int()),
    byEducation: z.record(z.string(), Weights),
  }),
  income: z.object({
    /** Options of the INC attribute used for generated users (one non-overlapping scheme). */
    brackets: z.array(z.string()).min(1),
    medianByOccupation: z.record(z.string(), z.number().positive()),
    ageFactor: z.array(z.object({ ...AgeRange, factor: z.number().positive() })).min(1),
    /** Standard deviation of log income around the median. */
    logSpread: z.number().nonnegative(),
  }),
  relationship: z.object({ byAge: WeightsByAge }),
  health: z.object({ byAge: WeightsByAge }),
  appearance: z.object({
    bySex: z.record(z.string(), z.object({ height: Gaussian, bmi: Gaussian })),
    hair: z.object({ byAge: WeightsByAge }),
    eyes: Weights,
  }),
  location: z.object({
    birthplace: Weights,
    travel: z.object({ count: Count, weights: Weights }),
  }),
  religion: z.object({ default: Weights, byBirthplace: z.record(z.string(), Weights).default({}) }),
  shopping: Weights,
  hobbies: z.object({ count: Count, weights: Weights }),
});
export type GeneratorPrior = z.infer<typeof PriorShape>;

export interface PriorIssue {
  field: string;
  message: string;
}

/** A prior that failed validation; `issues` name each offending field as a dotted path. */
export class GeneratorPriorError extends Error {
  readonly issues: PriorIssue[];
  readonly field: string;
  constructor(source: string, issues: PriorIssue[]) {
    super(
      `invalid generator prior (${source}): ${issues.map((i) => `${i.field || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'GeneratorPriorError';
    this.issues = issues;
    this.field = issues[0]?.field ?? '';
  }
}

const defaultPriorFile = new URL('../../data/priors/default.json', import.meta.url);

function optionsOf(set: AttributeSet, path: string): string[] | undefined {
  const [key, part] = path.split('.');
  const top = set.attributes.find((a) => a.key === key);
  const def: AttributeDefinition | undefined = part ? top?.parts?.find((p) => p.key === part) : top;
  return def?.options;
}

/** Checks a parsed prior against the value spaces and ages of an attribute set; returns every problem found. */
function crossCheck(prior: GeneratorPrior, set: AttributeSet): PriorIssue[] {
  const issues: PriorIssue[] = [];
  const ageDef = set.attributes.find((a) => a.key === 'AGE');
  const ageMin = ageDef?.min ?? 15;
  const ageMax = ageDef?.max ?? 75;

  const inOptions = (attr: string, keys: Iterable<string>, field: string) => {
    const options = optionsOf(set, attr);
    if (!options) return;
    for (const k of keys) {
      if (!options.includes(k))
        issues.push({ field: `${field}.${k}`, message: `"${k}" is not a ${attr} option` });
    }
  };
  const covers = (bands: { minAge: number; maxAge: number }[], field: string) => {
    bands.forEach((b, i) => {
      if (b.minAge > b.maxAge) issues.push({ field: `${field}.${i}`, message: 'minAge exceeds maxAge' });
    });
    for (let age = ageMin; age <= ageMax; age++) {
      if (!bands.some((b) => b.minAge <= age && age <= b.maxAge)) {
        issues.push({ field, message: `no band covers age ${age} (bands must cover ${ageMin}–${ageMax})` });
        return;
      }
    }
  };
  const byAge = (attr: string, bands: GeneratorPrior['health']['byAge'], field: string) => {
    covers(bands, field);
    bands.forEach((b, i) => {
      inOptions(attr, Object.keys(b.weights), `${field}.${i}.weights`);
    });
  };

  covers(prior.age.bands, 'age.bands');
  if (!prior.age.bands.some((b) => b.weight > 0))
    issues.push({ field: 'age.bands', message: 'needs a band with a positive weight' });
  inOptions('SEX', Object.keys(prior.sex), 'sex');

  inOptions('EDU', Object.keys(prior.education.minAge), 'education.minAge');
  byAge('EDU', prior.education.byAge, 'education.byAge');
  const eduMin = (level: string) => prior.education.minAge[level] ?? ageMin;
  prior.education.byAge.forEach((band, i) => {
    const possible = Object.entries(band.weights).some(([l, w]) => w > 0 && eduMin(l) <= band.minAge);
    if (!possible)
      issues.push({
        field: `education.byAge.${i}.weights`,
        message: `no education level is possible at age ${band.minAge}`,
      });
  });

  inOptions('OCC', Object.keys(prior.occupation.minAge), 'occupation.minAge');
  inOptions('EDU', Object.keys(prior.occupation.byEducation), 'occupation.byEducation');
  const occMin = (occ: string) => prior.occupation.minAge[occ] ?? ageMin;
  const reachable = new Set(
    prior.education.byAge.flatMap((b) =>
      Object.entries(b.weights)
        .filter(([, w]) => w > 0)
        .map(([l]) => l),
    ),
  );
  for (const level of reachable) {
    const weights = prior.occupation.byEducation[level];
    const field = `occupation.byEducation.${level}`;
    if (!weights) {
      issues.push({
        field,
        message: `education level "${level}" can be drawn but has no occupation weights`,
      });
      continue;
    }
    inOptions('OCC', Object.keys(weights), field);
    // The youngest user holding this level must still have an occupation open to them.
    const youngest = Math.max(
      eduMin(level),
      Math.min(...prior.education.byAge.filter((b) => (b.weights[level] ?? 0) > 0).map((b) => b.minAge)),
    );
    if (!Object.entries(weights).some(([o, w]) => w > 0 && occMin(o) <= youngest))
      issues.push({ field, message: `no occupation is open to a ${youngest}-year-old with "${level}"` });
    for (const [occ, w] of Object.entries(weights)) {
      if (w > 0 && prior.income.medianByOccupation[occ] === undefined)
        issues.push({
          field: `income.medianByOccupation.${occ}`,
          message: `missing (occupation "${occ}" can be drawn)`,
        });
    }
  }

  inOptions('INC', prior.income.brackets, 'income.brackets');
  const incDef = set.attributes.find((a) => a.key === 'INC');
  prior.income.brackets.forEach((b, i) => {
    if (incDef?.intervals && !incDef.intervals[b])
      issues.push({ field: `income.brackets.${i}`, message: `bracket "${b}" has no numeric interval` });
  });
  covers(prior.income.ageFactor, 'income.ageFactor');
  byAge('REL', prior.relationship.byAge, 'relationship.byAge');
  byAge('HEA', prior.health.byAge, 'health.byAge');
  byAge('APP.hair', prior.appearance.hair.byAge, 'appearance.hair.byAge');
  inOptions('APP.eyes', Object.keys(prior.appearance.eyes), 'appearance.eyes');
  for (const [sex, w] of Object.entries(prior.sex)) {
    if (w > 0 && !prior.appearance.bySex[sex])
      issues.push({ field: `appearance.bySex.${sex}`, message: `missing (sex "${sex}" can be drawn)` });
  }
  inOptions('REG', Object.keys(prior.religion.default), 'religion.default');
  for (const [country, w] of Object.entries(prior.religion.byBirthplace))
    inOptions('REG', Object.keys(w), `religion.byBirthplace.${country}`);
  inOptions('SHP', Object.keys(prior.shopping), 'shopping');
  inOptions('HOB', Object.keys(prior.hobbies.weights), 'hobbies.weights');
  const hobbyCount = Object.values(prior.hobbies.weights).filter((w) => w > 0).length;
  if (prior.hobbies.count.max > hobbyCount)
    issues.push({
      field: 'hobbies.count.max',
      message: `exceeds the ${hobbyCount} hobbies with positive weight`,
    });
  return issues;
}

/**
 * Validates a prior (an object, e.g. parsed JSON) against the schema and the attribute set's value spaces.
 * Throws GeneratorPriorError naming every bad field.
 */
export function parseGeneratorPrior(
  input: unknown,
  options: { source?: string; attributeSet?: AttributeSet } = {},
): GeneratorPrior {
  const source = options.source ?? 'prior';
  const parsed = PriorShape.safeParse(input);
  if (!parsed.success) {
    throw new GeneratorPriorError(
      source,
      parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const issues = crossCheck(parsed.data, options.attributeSet ?? PRISM_ATTRIBUTES);
  if (issues.length > 0) throw new GeneratorPriorError(source, issues);
  return parsed.data;
}

/** Reads and validates a prior JSON file; errors name the file and the field. */
export function loadGeneratorPrior(file: string | URL, attributeSet?: AttributeSet): GeneratorPrior {
  const source = String(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GeneratorPriorError(source, [{ field: '', message: (error as Error).message }]);
  }
  return parseGeneratorPrior(json, { source, attributeSet });
}

let defaultPrior: GeneratorPrior | undefined;
/** The shipped prior, data/priors/default.json. */
export function defaultGeneratorPrior(): GeneratorPrior {
  defaultPrior ??= loadGeneratorPrior(defaultPriorFile);
  return defaultPrior;
}
