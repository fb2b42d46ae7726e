import { describe, expect, it } from 'vitest';
import { defaultGeneratorPrior, GeneratorPriorError, parseGeneratorPrior } from './prior.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests mutate the parsed prior into invalid shapes
type PriorDraft = Record<string, any>;
const copy = () => structuredClone(defaultGeneratorPrior()) as PriorDraft;

function fieldsOf(prior: unknown): string[] {
  try {
    parseGeneratorPrior(prior, { source: 'my-prior.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(GeneratorPriorError);
    expect((error as Error).message).toContain('my-prior.json');
    return (error as GeneratorPriorError).issues.map((i) => i.field);
  }
  throw new Error('prior was accepted');
}

describe('generator prior', () => {
  it('ships a default that passes its own checks', () => {
    expect(defaultGeneratorPrior().name).toBe('default');
  });

  it('names the field of a wrong type', () => {
    const prior = copy();
    prior.sex.male = 'often';
    expect(fieldsOf(prior)).toContain('sex.male');
  });

  it('names a value outside the attribute value space', () => {
    const prior = copy();
    prior.education.byAge[2].weights.Doctorate = 3;
    expect(fieldsOf(prior)).toContain('education.byAge.2.weights.Doctorate');
  });

  it('names an age table with a gap', () => {
    const prior = copy();
    prior.relationship.byAge = prior.relationship.byAge.filter((b: { minAge: number }) => b.minAge !== 25);
    expect(fieldsOf(prior)).toContain('relationship.byAge');
  });

  it('rejects an education level nobody of the band age could hold', () => {
    const prior = copy();
    prior.education.byAge[0].weights = { PhD: 1 };
    expect(fieldsOf(prior)).toContain('education.byAge.0.weights');
  });

  it('rejects a drawable education level with no occupation open to it', () => {
    const prior = copy();
    prior.occupation.byEducation['high school'] = { researcher: 1 };
    expect(fieldsOf(prior)).toContain('occupation.byEducation.high school');
    delete prior.occupation.byEducation['high school'];
    expect(fieldsOf(prior)).toContain('occupation.byEducation.high school');
  });

  it('names a missing section', () => {
    const prior = copy();
    delete prior.health;
    expect(fieldsOf(prior)).toContain('health');
  });

  it('rejects an income bracket that is not an INC option', () => {
    const prior = copy();
    prior.income.brackets.push('lots');
    expect(fieldsOf(prior)).toContain('income.brackets.lots');
  });
});
