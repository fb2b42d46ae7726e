import { z } from 'zod';

/**
 * How a value of an attribute is compared with the ground truth. The taxonomy itself (labels, options)
 * is data (`data/attributes/*.json`), so users can extend it without touching code.
 */
export const AttributeKind = z.enum([
  'number', // AGE: an integer; guesses may be numbers or ranges
  'ordinal', // EDU: options in a fixed order, adjacent = "less precise"
  'categorical', // SEX, REL, REG, HEA, SHP, OCC: one of the options (snapped by Jaro-Winkler)
  'free-text', // values with no closed option list (SynthPAI occupation, city_country)
  'interval', // INC: numeric brackets, compared by overlap
  'set', // HOB: several values, compared by set overlap
  'composite', // LOC, APP: named parts, each with its own kind
]);
export type AttributeKind = z.infer<typeof AttributeKind>;

/** A regular expression written as data: rejected when loaded, naming its field, if it does not compile. */
const RegexSource = z
  .string()
  .min(1)
  .refine(
    (source) => {
      try {
        new RegExp(source, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

const AttributeBase = z.object({
  key: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
  kind: AttributeKind,
  options: z.array(z.string()).optional(),
  /**
   * Free-text values ("Masters in Computer Science") mapped onto an option ("College Degree"): case-insensitive
   * regular expressions tried in order, the first match wins. Lets data with free-text truths be scored by level.
   */
  valueRules: z.array(z.object({ pattern: RegexSource, option: z.string().min(1) })).optional(),
  /** For 'interval': each option's numeric bounds (null = open end), keyed by option label. */
  intervals: z.record(z.string(), z.tuple([z.number().nullable(), z.number().nullable()])).optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

export type AttributeDefinition = z.infer<typeof AttributeBase> & { parts?: AttributeDefinition[] };
export const AttributeDefinition: z.ZodType<AttributeDefinition> = AttributeBase.extend({
  parts: z.lazy(() => z.array(AttributeDefinition)).optional(),
});

export const AttributeSet = z.object({
  name: z.string().min(1),
  source: z.string().optional(),
  attributes: z.array(AttributeDefinition).min(1),
});
export type AttributeSet = z.infer<typeof AttributeSet>;

/** PRISM's twelve private attributes. */
export const PRISM_ATTRIBUTE_KEYS = [
  'AGE',
  'EDU',
  'SEX',
  'OCC',
  'INC',
  'REL',
  'LOC',
  'APP',
  'SHP',
  'HOB',
  'HEA',
  'REG',
] as const;
export const PrismAttributeKey = z.enum(PRISM_ATTRIBUTE_KEYS);
export type PrismAttributeKey = z.infer<typeof PrismAttributeKey>;

/** The "Beyond Memorization" / SynthPAI attribute set, with the dataset's own field names. */
export const SYNTHPAI_ATTRIBUTE_KEYS = [
  'age',
  'sex',
  'city_country',
  'birth_city_country',
  'education',
  'occupation',
  'income_level',
  'relationship_status',
] as const;
export const SynthPaiAttributeKey = z.enum(SYNTHPAI_ATTRIBUTE_KEYS);
export type SynthPaiAttributeKey = z.infer<typeof SynthPaiAttributeKey>;

/** A numeric interval; null is an open end (">180000" is [180000, null]). */
export const Interval = z.object({ min: z.number().nullable(), max: z.number().nullable() });
export type Interval = z.infer<typeof Interval>;

const ScalarValue = z.union([z.string(), z.number(), z.array(z.string()), Interval]);
/** A ground-truth value: a scalar, or named parts for composite attributes (LOC, APP). */
export const AttributeValue = z.union([ScalarValue, z.record(z.string(), ScalarValue)]);
export type AttributeValue = z.infer<typeof AttributeValue>;

/** Ground truth: attribute key → value. Keys come from an AttributeSet (PRISM codes or SynthPAI names). */
export const Profile = z.record(z.string(), AttributeValue);
export type Profile = z.infer<typeof Profile>;
