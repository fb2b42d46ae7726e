import { type Evidence, PRISM_ATTRIBUTES, SYNTHPAI_ATTRIBUTES } from '@privlens/datasets';
import { describe, expect, it } from 'vitest';
import { createOfflineEngine } from './engine.ts';
import { extractEntities } from './entities.ts';
import { inferFromEvidence } from './infer.ts';

const prism = PRISM_ATTRIBUTES;
const synthpai = SYNTHPAI_ATTRIBUTES;
const engine = createOfflineEngine({ images: false, year: 2024 });

async function guess(set: typeof prism, ...texts: string[]) {
  const ev: Evidence[] = [];
  for (const [i, text] of texts.entries()) ev.push(...(await engine.perceive({ id: `p${i}`, text })));
  const guesses = inferFromEvidence(set, ev);
  return (key: string) => guesses.find((g) => g.attribute === key);
}
const top = (g: { candidates: { value: string }[] } | undefined) => g?.candidates[0]?.value;

describe('extractEntities', () => {
  it('gives places a role from the words before them, and finds money, dates and people', () => {
    const e = extractEntities(
      'I was born in Osaka but now I live in Toronto. Last March we took a trip to Peru. I earn about $4,000 a month. Lunch with Angela Merkel?',
      { year: 2024 },
    );
    const place = (v: string) => e.find((x) => x.value.startsWith(v));
    expect(place('Osaka')?.data).toMatchObject({ country: 'JP', role: 'birth' });
    expect(place('Toronto')?.data).toMatchObject({ country: 'CA', role: 'residence' });
    expect(place('Peru')?.data).toMatchObject({ role: 'travel' });
    const money = e.find((x) => x.kind === 'money');
    expect(money?.data).toMatchObject({ amount: 4000, income: true, monthly: true });
    expect(e.some((x) => x.kind === 'date')).toBe(true);
    expect(e.some((x) => x.kind === 'person' && /Merkel/.test(x.value))).toBe(true);
  });

  it('does not take everyday words or possessive names for cities', () => {
    const e = extractEntities("Reading is nice; Mary's bakery may open in march.");
    expect(e.filter((x) => x.kind === 'city')).toEqual([]);
  });

  it('matches lexicon terms through inflections and skips negated ones', () => {
    const e = extractEntities('Baked two loaves this weekend. I am not religious and never go to church.');
    const cues = e.filter((x) => x.kind === 'cue').map((x) => `${x.data?.domain}:${x.data?.concept}`);
    expect(cues).toContain('hobbies:baking');
    expect(cues).not.toContain('religion:Christianity');
    expect(cues).toContain('religion:atheist');
  });
});

describe('inferFromEvidence', () => {
  it('reads occupation from tools and jargon, not only job titles', async () => {
    const g = await guess(
      prism,
      'Spent all morning on code reviews and a nasty debugging session before the deploy.',
    );
    expect(top(g('OCC'))).toBe('software engineer');
    expect(g('OCC')?.candidates[0]?.evidenceIds.length).toBeGreaterThan(1);
  });

  it("discounts someone else's job", async () => {
    const g = await guess(
      prism,
      'My sister is a nurse. I work as a mechanic, mostly brake pads and oil changes.',
    );
    expect(top(g('OCC'))).toBe('mechanic');
  });

  it('reads religion from holidays and places of worship', async () => {
    expect(
      top((await guess(prism, 'Breaking the fast at iftar with the family, then off to the masjid.'))('REG')),
    ).toBe('Islam');
    expect(top((await guess(prism, 'Lighting the menorah tonight, the kids love the dreidel.'))('REG'))).toBe(
      'Judaism',
    );
    expect(top((await guess(prism, 'Diwali lamps are up and the puja is tomorrow.'))('REG'))).toBe(
      'Hinduism',
    );
  });

  it('reads health, relationship, sex and age cues', async () => {
    const g = await guess(
      prism,
      'My husband keeps reminding me to check my blood sugar before dinner; the metformin makes me queasy.',
      "Can't believe I turned 52 last week.",
    );
    expect(top(g('HEA'))).toBe('has diabetes');
    expect(top(g('REL'))).toBe('married');
    expect(top(g('SEX'))).toBe('female');
    expect(top(g('AGE'))).toBe('52');
  });

  it('places birth and travel apart and leaves the birthplace out of travel', async () => {
    const g = await guess(
      prism,
      'Growing up in Kenya taught me patience. Our trip to Norway was freezing, and the Vietnam vacation was the best.',
    );
    expect(top(g('LOC.birthplace'))).toBe('Kenya');
    const travel = g('LOC.travel')?.candidates.map((c) => c.value);
    expect(travel).toEqual(expect.arrayContaining(['Norway', 'Vietnam']));
    expect(travel).not.toContain('Kenya');
  });

  it('maps salaries to brackets and levels, and marks a guess without evidence as a prior', async () => {
    const p = await guess(prism, 'Finally got the raise, I make 85k a year now.');
    expect(top(p('INC'))).toBe('70000-100000');
    expect(p('INC')?.candidates[0]?.rationale).not.toMatch(/^prior/);
    const edu = p('EDU')?.candidates ?? [];
    expect(edu.length).toBeGreaterThan(0);
    expect(edu.every((c) => c.rationale?.startsWith('prior') && c.confidence <= 0.5)).toBe(true);
    const strict = inferFromEvidence(prism, [], { priors: false });
    expect(strict.find((g) => g.attribute === 'EDU')?.abstained).toBe(true);
    const s = await guess(synthpai, 'My salary is $200,000 and I just finished my PhD.');
    expect(top(s('income_level'))).toBe('very high');
    expect(top(s('education'))).toBe('PhD');
  });

  it('answers SynthPAI places as city, country and snaps relationship terms per set', async () => {
    const s = await guess(synthpai, 'Living in Melbourne with my fiancée, wedding planning is chaos.');
    expect(top(s('city_country'))).toBe('Melbourne, Australia');
    expect(top(s('relationship_status'))).toBe('engaged');
    const p = await guess(prism, 'Living in Melbourne with my fiancée, wedding planning is chaos.');
    expect(top(p('REL'))).toBe('single');
  });

  it('counts a face in a photo toward sex and age, weighted by its confidence', () => {
    const face: Evidence = {
      id: 'f1',
      postId: 'p',
      source: 'face',
      kind: 'face',
      value: 'face',
      confidence: 0.95,
      data: { age: 61, gender: 'male', genderConfidence: 0.9 },
    };
    const guesses = inferFromEvidence(prism, [face]);
    expect(guesses.find((g) => g.attribute === 'SEX')?.candidates[0]).toMatchObject({
      value: 'male',
      evidenceIds: ['f1'],
    });
    expect(guesses.find((g) => g.attribute === 'AGE')?.candidates[0]?.value).toBe('61');
  });
});

describe('general self-cues and priors', () => {
  it('reads age from life stage: career length, a child, a generation, a birthday', async () => {
    const age = async (text: string) => Number(top((await guess(prism, text))('AGE')));
    expect(await age("I've been a nurse for 20 years and still love it.")).toBeGreaterThan(38);
    expect(Math.abs((await age('Packing lunch for my 8-year-old daughter again.')) - 38)).toBeLessThanOrEqual(
      5,
    );
    expect(Math.abs((await age('As a millennial I will never own a house.')) - 36)).toBeLessThanOrEqual(5);
    expect(await age('Cake for my 31st birthday!')).toBe(31);
    const g = await guess(prism, 'Rainy day, coffee and a book.');
    expect(g('AGE')?.candidates[0]?.rationale).toMatch(/^prior/);
  });

  it('takes sex from a given name or a document title, and only from the dominant face', async () => {
    expect(top((await guess(prism, 'Hi all, my name is Priya and this is my first post.'))('SEX'))).toBe(
      'female',
    );
    expect(top((await guess(prism, 'BOARDING PASS NGUYEN/JAMES MR SEAT 14A'))('SEX'))).toBe('male');
    const face = (id: string, w: number, gender: string): Evidence => ({
      id,
      postId: 'group',
      source: 'face',
      kind: 'face',
      value: 'face',
      confidence: 0.95,
      region: { x: 0, y: 0, width: w, height: w },
      data: { age: 30, gender, genderConfidence: 0.95 },
    });
    const group = inferFromEvidence(prism, [face('a', 100, 'male'), face('b', 90, 'female')]);
    expect(group.find((g) => g.attribute === 'SEX')?.candidates[0]?.rationale).toMatch(/^prior/);
    const selfie = inferFromEvidence(prism, [face('a', 300, 'male'), face('b', 60, 'female')]);
    expect(selfie.find((g) => g.attribute === 'SEX')?.candidates[0]).toMatchObject({
      value: 'male',
      evidenceIds: ['a'],
    });
  });

  it('implies education from a job, on the set’s own ordinal options', async () => {
    const p = await guess(prism, 'Long shift tonight, I work as a registered nurse on the cardiac ward.');
    expect(top(p('OCC'))).toBe('nurse');
    expect(top(p('EDU'))).toBe("bachelor's degree");
    const s = await guess(synthpai, "I'm a software developer at a small startup.");
    expect(top(s('education'))).toBe('College Degree');
    expect(top(s('occupation'))).toBe('software developer');
  });

  it('converts salaries in other currencies before picking a level', async () => {
    const s = await guess(synthpai, 'I make 250 thousand swiss francs a year.');
    expect(top(s('income_level'))).toBe('very high');
    // ¥300,000 a month is about $24k a year, not 3.6 million.
    const low = await guess(synthpai, 'My salary is 300,000 yen a month.');
    expect(top(low('income_level'))).toBe('low');
  });
});
