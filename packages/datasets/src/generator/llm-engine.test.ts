import type { BaseMessage } from '@langchain/core/messages';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { SocialUser } from '../schemas/social.ts';
import { generateUsers } from './generate-users.ts';
import { llmGenerator } from './llm-engine.ts';
import { offlineGenerator } from './offline-engine.ts';

/** FakeListChatModel that also keeps the prompts it was sent, to check what each graph node asked. */
class RecordingChatModel extends FakeListChatModel {
  prompts: string[] = [];
  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    run?: CallbackManagerForLLMRun,
  ) {
    this.prompts.push(messages.map((m) => m.text).join('\n'));
    return super._generate(messages, options, run);
  }
}

const answers = [
  {
    events: [
      { description: 'Ran a half marathon', attributes: ['HEA'] },
      { description: 'Trip to Kyoto', attributes: ['LOC.travel'] },
    ],
  },
  { topics: [{ title: 'Running Life', subtopics: ['Pacing', 'Shoes', 'Recovery'] }] },
  {
    posts: [
      {
        text: 'Half marathon done, lungs of steel!',
        topics: ['Running Life'],
        leaks: [{ attribute: 'HEA', cue: 'lungs of steel' }],
        imageIdea: null,
      },
      {
        text: 'Temples all day.',
        topics: ['Travel'],
        // The cue is not in the text: the engine must not record it.
        leaks: [{ attribute: 'LOC.travel', cue: 'Kyoto' }],
        imageIdea: 'a ticket to a Kyoto temple',
      },
    ],
  },
  {
    captions: [
      {
        post: 1,
        caption: 'A paper ticket reading "Kinkaku-ji, Kyoto, Japan".',
        leaks: [{ attribute: 'LOC.travel', cue: 'Kyoto, Japan' }],
      },
    ],
  },
].map((a) => JSON.stringify(a));

describe('llmGenerator', () => {
  it('runs profile → events → topics → posts → captions through the model and keeps only verified leaks', async () => {
    const model = new RecordingChatModel({ responses: answers });
    const users = [];
    for await (const u of generateUsers({ count: 1, seed: 21, engine: llmGenerator(model) })) users.push(u);
    const user = SocialUser.parse(users[0]);

    // The profile is the prior's, same as the offline engine's for the same seed.
    const offline = [];
    for await (const u of generateUsers({
      count: 1,
      seed: 21,
      engine: offlineGenerator({ renderImages: false }),
    }))
      offline.push(u);
    expect(user.profile).toEqual(offline[0]!.profile);

    expect(model.prompts).toHaveLength(4);
    expect(model.prompts[0]).toContain(`"AGE":${user.profile!.AGE}`);
    expect(model.prompts[1]).toContain('Trip to Kyoto');
    expect(model.prompts[2]).toContain('Running Life');
    expect(model.prompts[3]).toContain('a ticket to a Kyoto temple');

    expect(user.topics).toEqual({ 'Running Life': ['Pacing', 'Shoes', 'Recovery'] });
    expect(user.posts.map((p) => p.text)).toEqual([
      'Half marathon done, lungs of steel!',
      'Temples all day.',
    ]);
    expect(user.posts[0]!.leaks).toEqual([{ attribute: 'HEA', via: 'text', cue: 'lungs of steel' }]);
    expect(user.posts[1]!.image).toEqual({
      mimeType: 'image/png',
      caption: 'A paper ticket reading "Kinkaku-ji, Kyoto, Japan".',
    });
    expect(user.posts[1]!.leaks).toEqual([{ attribute: 'LOC.travel', via: 'image', cue: 'Kyoto, Japan' }]);
    expect(user.meta?.unverifiedLeaks).toBe(1);
  });

  it('names the stage and field of a malformed model answer', async () => {
    const model = new RecordingChatModel({ responses: [JSON.stringify({ events: [{ description: 3 }] })] });
    const run = async () => {
      for await (const _ of generateUsers({ count: 1, seed: 1, engine: llmGenerator(model) })) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(/life_events answer is invalid at events\.0\.description/);
  });
});
