import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { scanPost } from '@privlens/agents';
import { DatasetError, mimeTypeFromPath, type Post } from '@privlens/datasets';
import { type CommandContext, emitJson } from '../context.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { modelFromFlag } from '../models.ts';

/** Risk scan of one draft post: which attributes it gives away, on what evidence, what to cut. */
export async function scanCommand(
  context: CommandContext,
  flags: { text?: string; image?: string; model: string; threshold?: number; cache: boolean },
) {
  if (!flags.text && !flags.image) throw new CliError('scan needs --text and/or --image', EXIT.usage);
  const post: Post = { id: 'draft', text: flags.text ?? '' };
  if (flags.image) {
    const file = resolve(flags.image);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new DatasetError({
        file,
        field: 'image',
        message: `cannot read image (${(cause as Error).message})`,
      });
    }
    if (!/\.(png|jpe?g|webp|gif)$/i.test(extname(file)))
      throw new DatasetError({ file, field: 'image', message: 'expected a .png, .jpg, .webp or .gif image' });
    post.image = { path: file, bytes, mimeType: mimeTypeFromPath(file) };
  }
  const model =
    flags.model === 'offline' ? 'offline' : modelFromFlag(flags.model, 'attacker', context.store(), flags);
  const scan = await scanPost(post, {
    model,
    signal: context.signal,
    ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
  });
  if (scan.risks.length === 0) context.say('no attribute revealed above the threshold');
  for (const risk of scan.risks) {
    const best = risk.candidates[0];
    context.say(
      `${risk.label} (${risk.attribute}): ${best?.value ?? '?'} — confidence ${(risk.confidence * 100).toFixed(0)}%`,
    );
    for (const e of risk.evidence.slice(0, 3)) context.say(`    evidence [${e.source}] ${e.value}`);
    for (const r of risk.redactions.slice(0, 3)) context.say(`    redact ${JSON.stringify(r)}`);
  }
  if (scan.redactions.length > 0) context.say(`\nredacted text:\n${scan.redactedText}`);
  emitJson(context, scan);
  return { exitCode: EXIT.ok };
}
