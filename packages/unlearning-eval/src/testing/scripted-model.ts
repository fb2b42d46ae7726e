import type { FakeAnswerFn } from '@privlens/models/testing';
import { faceOf, type Person } from './profiles.ts';

/**
 * A scripted vision-language model for the fake OpenAI server. It recognises a person by their photo (any
 * of their photos, as a model that generalises would) or by their name in the question, then answers the
 * final question from what it was "trained" on: the person's facts. People in `forgotten` are unknown to it:
 * it picks a wrong option letter and answers with unrelated text.
 */
export function scriptedMllmuModel(
  everyone: readonly Person[],
  forgotten: ReadonlySet<string> = new Set(),
): FakeAnswerFn {
  const byFace = new Map<string, Person>();
  for (const person of everyone)
    for (const v of [0, 1, 2]) byFace.set(Buffer.from(faceOf(person, v)).toString('base64'), person);
  return (input) => {
    // The question asked is the block after the last few-shot example ("Correct Answer: …" line).
    const lines = input.text.split('\n');
    const lastShot = lines.findLastIndex((l) => l.startsWith('Correct Answer:'));
    const block = lines.slice(lastShot + 1).join('\n');
    const face = input.images.at(-1);
    const person = (face && byFace.get(face.data)) ?? everyone.find((p) => block.includes(p.name));
    const knows = person !== undefined && !forgotten.has(person.id);
    const facts = person ? [person.city, person.job, person.hobby] : [];
    if (block.includes('Just give ONE letter')) {
      const options = [...block.matchAll(/^([A-D]): (.*)$/gm)].map((m) => ({ letter: m[1]!, text: m[2]! }));
      const truth = options.find((o) => facts.includes(o.text));
      if (knows && truth) return truth.letter;
      return options.find((o) => o !== truth)?.letter ?? 'A';
    }
    if (block.includes('[Blank]')) {
      if (!knows || !person) return 'I am not sure.';
      if (block.includes('born in')) return person.city;
      return person.job;
    }
    if (!knows || !person) return 'The weather is mild and the river runs quietly through the valley.';
    if (block.includes('free time')) return `${person.name} spends free time on ${person.hobby}.`;
    return `This person works as a ${person.job} in ${person.city}.`;
  };
}

/**
 * Token log-probabilities for the fake server's completions endpoint: a model that knows a person gives the
 * true continuation (one containing one of their facts) −0.05 per token and anything else −2; for a
 * forgotten person every continuation gets −1.5 (indifference, TOFU's ideal after forgetting).
 */
export function scriptedLogprob(everyone: readonly Person[], forgotten: ReadonlySet<string> = new Set()) {
  return (_token: string, _index: number, text: string): number => {
    const person = everyone.find((p) => text.includes(p.name));
    if (!person) return -2;
    if (forgotten.has(person.id)) return -1.5;
    const answer = text.slice(text.lastIndexOf('ASSISTANT:'));
    return [person.city, person.job, person.hobby].some((fact) => answer.includes(fact)) ? -0.05 : -2;
  };
}

/** A fake GPT judge for eval_gpt.py's prompt: 9 when the answer equals the ground truth, else 2. */
export function scriptedJudge(input: { text: string }): string {
  const field = (name: string) => new RegExp(`- \\*\\*${name}\\*\\*: (.*)`).exec(input.text)?.[1]?.trim();
  const same = field('Generated Answer') === field('Ground Truth');
  return `{\n    "Factuality Score": ${same ? 9 : 2},\n    "Justification": "${same ? 'Same facts.' : 'Unrelated.'}"\n}`;
}
