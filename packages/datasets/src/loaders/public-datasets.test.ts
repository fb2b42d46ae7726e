import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../test-support/fixtures.ts';
import { DatasetError } from '../errors.ts';
import { SYNTHPAI_ATTRIBUTE_KEYS } from '../schemas/attributes.ts';
import { loadLlmPrivacy } from './llmprivacy.ts';
import { loadSynthPaiProfiles } from './synthpai.ts';
import { loadTofuEvalLog, loadTofuQa, loadTofuRefusals } from './tofu.ts';

describe('loadLlmPrivacy', () => {
  it('turns each of the 525 lines into a user with a SynthPAI-keyed profile', () => {
    const { records, skipped } = loadLlmPrivacy(
      fixturePath('llmprivacy/data/synthetic/synthetic_dataset.jsonl'),
    );
    expect(records).toHaveLength(525);
    expect(skipped).toBe(0);
    const u = records[0];
    expect(Object.keys(u?.profile ?? {})).toEqual([...SYNTHPAI_ATTRIBUTE_KEYS]);
    expect(u?.profile?.city_country).toBe('Zurich, Switzerland');
    expect(u?.posts[0]?.text).toMatch(/^hahaha mate/);
    expect(u?.meta).toMatchObject({
      feature: 'income_level',
      hardness: 1,
      income: '250 thousand swiss francs',
    });
    expect(String(u?.meta?.guess)).toContain('Guess:');
    const byFeature = new Map<string, number>();
    for (const r of records)
      byFeature.set(String(r.meta?.feature), (byFeature.get(String(r.meta?.feature)) ?? 0) + 1);
    expect(byFeature.get('income_level')).toBe(80);
    expect(byFeature.get('sex')).toBe(53);
  });

  it('names the line and field of a malformed record', () => {
    const file = join(tmpdir(), `llmp-${process.pid}.jsonl`);
    const good = {
      personality: {
        age: 1,
        sex: 'm',
        city_country: 'a',
        birth_city_country: 'b',
        education: 'e',
        occupation: 'o',
        income_level: 'low',
        relationship_status: 's',
      },
      feature: 'age',
      hardness: 2,
      response: 'hi',
    };
    writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, hardness: 9 })}\n`);
    expect(() => loadLlmPrivacy(file)).toThrow(expect.objectContaining({ file, row: 2, field: 'hardness' }));
    const lenient = loadLlmPrivacy(file, { mode: 'lenient' });
    expect(lenient.records.map((u) => u.id)).toEqual(['llmprivacy-1']);
    expect(lenient.skipped).toBe(1);
  });
});

describe('loadSynthPaiProfiles', () => {
  it('loads the 300 seed profiles', () => {
    const { records } = loadSynthPaiProfiles(
      fixturePath('synthpai/data/profiles/user_bot_profiles_300.json'),
    );
    expect(records).toHaveLength(300);
    expect(records[1]).toMatchObject({
      id: 'pers2',
      profile: { age: 45, sex: 'female', relationship_status: 'married' },
    });
  });

  it('names the profile and field of a bad one', () => {
    const file = join(tmpdir(), `synthpai-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ pers1: { age: 'old' } }));
    expect(() => loadSynthPaiProfiles(file)).toThrow(DatasetError);
    expect(() => loadSynthPaiProfiles(file)).toThrow(expect.objectContaining({ row: 'pers1', field: 'age' }));
  });
});

describe('TOFU', () => {
  it('reads the perturbed QA files as JSON lines and the refusals as plain text', () => {
    const authors = loadTofuQa(fixturePath('tofu/data/real_authors_perturbed.json'));
    expect(authors.records).toHaveLength(100);
    expect(authors.records[0]).toMatchObject({
      question: "Who wrote the play 'Romeo and Juliet'?",
      answer: 'William Shakespeare',
    });
    expect(authors.records[0]?.perturbed_answer).toHaveLength(3);
    expect(loadTofuQa(fixturePath('tofu/data/world_facts_perturbed.json')).records).toHaveLength(117);
    const refusals = loadTofuRefusals(fixturePath('tofu/data/idontknow.jsonl'));
    expect(refusals.length).toBeGreaterThanOrEqual(99);
    expect(refusals[0]).toBe("I'm not certain about that.");
  });

  it('turns every column-major eval log into per-item records', () => {
    const base = 'tofu/data/ft_epoch5_lr1e-05_llama2-7b_full_wd0/eval_results/ds_size300';
    const sizes: Record<string, number> = {
      [`${base}/eval_log.json`]: 300,
      [`${base}/eval_log_forget.json`]: 300,
      [`${base}/eval_real_author_wo_options.json`]: 100,
      [`${base}/eval_real_world_wo_options.json`]: 117,
      'tofu/data/ft_epoch5_lr1e-05_llama2-7b_retain90_wd0/eval_results/ds_size300/eval_log_forget.json': 300,
    };
    for (const [path, n] of Object.entries(sizes)) {
      const { records } = loadTofuEvalLog(fixturePath(path));
      expect(records).toHaveLength(n);
      expect(records.map((r) => r.index)).toEqual([...Array(n).keys()]);
    }
    const retain = loadTofuEvalLog(
      fixturePath(
        'tofu/data/ft_epoch5_lr1e-05_llama2-7b_retain90_wd0/eval_results/ds_size300/eval_log_forget.json',
      ),
    );
    expect(retain.records[0]?.avg_gt_loss).toBeCloseTo(1.8474756479263306, 12);
    expect(retain.records[0]?.perturb_loss).toHaveLength(5);
    expect(retain.records[0]?.generated_text[0]).toMatch(/^\[INST\]/);
  });
});
