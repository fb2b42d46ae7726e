import { resolve } from 'node:path';
import { generateUsers, llmGenerator, offlineGenerator, SocialUser, writeJsonl } from '@privlens/datasets';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { modelFromFlag } from '../models.ts';
import { createProgress } from '../progress.ts';

export interface GenerateFlags {
  count: number;
  seed: number;
  engine: string;
  out: string;
  textOnly?: boolean;
}

/** Synthetic PRISM-style users with ground-truth leaks, streamed to privlens JSONL as they are made. */
export async function generateCommand(context: CommandContext, flags: GenerateFlags) {
  const out = resolve(flags.out);
  let engine: ReturnType<typeof offlineGenerator>;
  if (flags.engine === 'offline') engine = offlineGenerator({ renderImages: !flags.textOnly });
  else {
    const model = modelFromFlag(flags.engine, 'generator', context.store());
    if (!model.chatModel)
      throw new CliError(`model ${flags.engine} offers no chat model for the LLM generator`, EXIT.usage);
    engine = llmGenerator(model.chatModel);
  }
  const progress = createProgress('generate', flags.count, { quiet: context.global.quiet });
  let posts = 0;
  let images = 0;
  const users = (async function* () {
    for await (const user of generateUsers({
      count: flags.count,
      seed: flags.seed,
      engine,
      signal: context.signal,
    })) {
      posts += user.posts.length;
      images += user.posts.filter((p) => p.image?.bytes).length;
      progress.tick();
      yield user;
    }
  })();
  try {
    await writeJsonl(out, SocialUser, users);
  } finally {
    progress.stop();
  }
  context.say(`wrote ${flags.count} users (${posts} posts, ${images} images) to ${out}`);
  const result = { file: out, users: flags.count, posts, images, engine: flags.engine, seed: flags.seed };
  emitJson(context, result);
  return result;
}
