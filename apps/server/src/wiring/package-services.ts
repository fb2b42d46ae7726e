import {
  closeCheckpointer,
  createLlmJudge,
  defenseTraceOf,
  inferAttributes,
  inferUsers,
  openCheckpointer,
  type PostScan,
  runCompliance,
  ruleJudge,
  scanPost,
  toComplianceRecord,
  withPolicyGuard,
  withSelfModeration,
} from '@privlens/agents';
import {
  type AttributeSet,
  PRISM_ATTRIBUTES,
  type Post,
  SpySample,
  SpyScenario,
  SYNTHPAI_ATTRIBUTES,
  type SocialUser,
} from '@privlens/datasets';
import { scoreCompliance } from '@privlens/metrics';
import {
  type CreateModelOptions,
  createModel,
  createOfflineEngine,
  inferFromEvidence,
  type Model,
} from '@privlens/models';
import type { Store } from '@privlens/store';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { z } from 'zod';
import {
  type ChatInput,
  type InputIssue,
  type Json,
  type JsonObject,
  type PackageServicesOptions,
  type PostInput,
  type RunSpec,
  ServiceInputError,
  type Services,
} from '../services.ts';

/** JSON of package results: they are plain data, the cast only forgets their precise types. */
const json = <T>(value: T): JsonObject => value as unknown as JsonObject;

const attributeSetOf = (name: 'prism' | 'synthpai'): AttributeSet =>
  name === 'synthpai' ? SYNTHPAI_ATTRIBUTES : PRISM_ATTRIBUTES;

function toPost(input: PostInput): Post {
  return {
    id: input.id,
    text: input.text,
    ...(input.image ? { image: { mimeType: input.image.mimeType, bytes: input.image.bytes } } : {}),
  };
}

/** Posts as a run's config stores them (JSON: image bytes as base64). */
const StoredPost = z.object({
  id: z.string().min(1),
  text: z.string(),
  image: z.object({ mimeType: z.enum(['image/png', 'image/jpeg']), base64: z.string() }).optional(),
});
const StoredUser = z.object({ id: z.string().min(1), posts: z.array(StoredPost).min(1) });

const ComplianceRunBody = z.object({
  kind: z.literal('compliance'),
  target: z.string().min(1),
  judge: z.string().min(1).default('rule'),
  defense: z.enum(['policy-guard', 'self-moderation', 'none']).default('none'),
  concurrency: z.number().int().min(1).max(64).default(4),
  samples: z.array(SpySample).min(1),
});
const InferenceRunBody = z.object({
  kind: z.literal('inference'),
  model: z.string().min(1).default('offline'),
  attributeSet: z.enum(['prism', 'synthpai']).default('prism'),
  concurrency: z.number().int().min(1).max(16).default(2),
  users: z.array(StoredUser).min(1),
});

function firstIssue(error: z.ZodError): InputIssue {
  const issue = error.issues[0] as z.core.$ZodIssue;
  return { field: issue.path.join('.') || '(body)', message: issue.message };
}

function socialUser(user: z.infer<typeof StoredUser>, attributeSet: string): SocialUser {
  return {
    id: user.id,
    source: 'api',
    attributeSet,
    posts: user.posts.map((p) =>
      toPost({
        id: p.id,
        text: p.text,
        ...(p.image
          ? { image: { mimeType: p.image.mimeType, bytes: Buffer.from(p.image.base64, 'base64') } }
          : {}),
      }),
    ),
  };
}

async function openSaver(
  option: PackageServicesOptions['checkpointer'],
  store: Store,
): Promise<BaseCheckpointSaver> {
  if (option?.kind === 'postgres') {
    // Only loaded when asked for: a multi-instance deployment shares run checkpoints in PostgreSQL.
    const { PostgresSaver } = await import('@langchain/langgraph-checkpoint-postgres');
    const saver = PostgresSaver.fromConnString(option.url);
    await saver.setup();
    return saver;
  }
  if (option?.kind === 'memory') return openCheckpointer(':memory:');
  const file =
    option?.file ??
    (store.file === ':memory:' ? ':memory:' : store.file.replace(/[^/\\]+$/, 'checkpoints.db'));
  return openCheckpointer(file);
}

export async function createPackageServices(options: PackageServicesOptions): Promise<Services> {
  const store = options.store as Store;
  const saver = await openSaver(options.checkpointer, store);
  const engine = createOfflineEngine(options.images === false ? { images: false } : {});
  const offline = { engine, reasoner: inferFromEvidence };
  const allow = options.allowModel ?? ((id: string) => id === 'offline');
  const models = new Map<string, Model>();
  const scenarios = options.guard?.scenarios
    ? z.array(SpyScenario).parse(options.guard.scenarios)
    : undefined;

  function model(id: string, field: string, role: CreateModelOptions['role'] = 'target'): Model {
    const resolved = options.aliases?.[id] ?? id;
    if (!allow(resolved)) throw new ServiceInputError(field, `model "${id}" is not enabled on this server`);
    const key = `${role}:${resolved}`;
    let found = models.get(key);
    if (!found) {
      try {
        found = createModel(resolved, { cache: store, ...options.modelOptions, role });
      } catch (error) {
        throw new ServiceInputError(field, (error as Error).message);
      }
      models.set(key, found);
    }
    return found;
  }

  function defended(base: Model, defense: ChatInput['defense']): Model {
    if (defense === 'self-moderation') return withSelfModeration(base);
    if (defense === 'policy-guard') {
      if (!options.guard)
        throw new ServiceInputError(
          'defense',
          'the policy guard needs SPY-Bench label2text (set PRIVLENS_SPY_DATA)',
        );
      return withPolicyGuard(base, { label2text: options.guard.label2text, scenarios });
    }
    return base;
  }
  const defendedModels = new Map<string, Model>();
  const defendedModel = (id: string, defense: ChatInput['defense'], field: string) => {
    const key = `${defense}:${id}`;
    let found = defendedModels.get(key);
    if (!found) {
      found = defended(model(id, field), defense);
      defendedModels.set(key, found);
    }
    return found;
  };
  const inferenceModel = (id: string | undefined, field: string) =>
    !id || id === 'offline' ? undefined : model(id, field);

  return {
    async scan(input, { signal }) {
      const m = inferenceModel(input.model, 'model');
      const result: PostScan = await scanPost(toPost(input.post), {
        attributeSet: attributeSetOf(input.attributeSet),
        ...(input.threshold !== undefined ? { threshold: input.threshold } : {}),
        ...(m ? { model: m } : { offline }),
        textOnly: !input.post.image,
        signal,
      });
      return json(result);
    },

    async infer(input, { signal }) {
      const m = inferenceModel(input.model, 'model');
      const result = await inferAttributes(
        {
          id: input.user.id,
          source: 'api',
          attributeSet: input.attributeSet,
          posts: input.user.posts.map(toPost),
        },
        { attributeSet: attributeSetOf(input.attributeSet), ...(m ? { model: m } : { offline }), signal },
      );
      return json(result);
    },

    async chat(input, { signal }) {
      const target = defendedModel(input.model, input.defense, 'model');
      const response = await target.invoke(
        {
          messages: input.messages,
          ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
          ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
        },
        { signal },
      );
      const trace = defenseTraceOf(response);
      return {
        text: response.text,
        modelId: response.modelId,
        usage: response.usage,
        ...(trace ? { defense: json(trace) } : {}),
      };
    },

    planRun(body): RunSpec | InputIssue {
      if (body.kind === 'compliance') {
        const parsed = ComplianceRunBody.safeParse(body);
        if (!parsed.success) return firstIssue(parsed.error);
        const seen = new Set<string>();
        for (const [i, s] of parsed.data.samples.entries()) {
          if (seen.has(s.sampleId))
            return { field: `samples.${i}.sampleId`, message: `duplicate sampleId ${s.sampleId}` };
          seen.add(s.sampleId);
        }
        try {
          defended(model(parsed.data.target, 'target'), parsed.data.defense);
          if (parsed.data.judge !== 'rule') model(parsed.data.judge, 'judge', 'judge');
        } catch (error) {
          if (error instanceof ServiceInputError) return { field: error.field, message: error.message };
          throw error;
        }
        return {
          kind: 'compliance',
          config: json(parsed.data),
          models: { target: parsed.data.target, judge: parsed.data.judge },
          total: parsed.data.samples.length,
        };
      }
      if (body.kind === 'inference') {
        const parsed = InferenceRunBody.safeParse(body);
        if (!parsed.success) return firstIssue(parsed.error);
        try {
          inferenceModel(parsed.data.model, 'model');
        } catch (error) {
          if (error instanceof ServiceInputError) return { field: error.field, message: error.message };
          throw error;
        }
        return {
          kind: 'inference',
          config: json(parsed.data),
          models: { target: parsed.data.model },
          total: parsed.data.users.length,
        };
      }
      return {
        field: 'kind',
        message: `unknown run kind "${String(body.kind)}": expected compliance or inference`,
      };
    },

    async executeRun(spec, ctx): Promise<Json> {
      if (spec.kind === 'compliance') {
        const config = ComplianceRunBody.parse(spec.config);
        const result = await runCompliance(config.samples, {
          target: model(config.target, 'target'),
          judge: config.judge === 'rule' ? ruleJudge : createLlmJudge(model(config.judge, 'judge', 'judge')),
          ...(config.defense !== 'none' ? { defense: (m: Model) => defended(m, config.defense) } : {}),
          ...(options.guard ? { label2text: options.guard.label2text } : {}),
          concurrency: config.concurrency,
          checkpointer: saver,
          threadId: ctx.runId,
          signal: ctx.signal,
          // Samples already in the store are neither asked nor judged again, even when the checkpoint lags.
          skip: ctx.doneKeys,
          onRecord: (record) => ctx.record(record.sample_id, json(record)),
        });
        return json({ agreement: result.agreement });
      }
      const config = InferenceRunBody.parse(spec.config);
      const m = inferenceModel(config.model, 'model');
      const users = config.users
        .filter((u) => !ctx.doneKeys.has(u.id))
        .map((u) => socialUser(u, config.attributeSet));
      const result = await inferUsers(users, {
        runId: ctx.runId,
        checkpointer: saver,
        attributeSet: attributeSetOf(config.attributeSet),
        ...(m ? { model: m } : { offline }),
        concurrency: config.concurrency,
        signal: ctx.signal,
        onResult: (r) => ctx.record(r.userId, json(r)),
      });
      return json({ failedUsers: result.failedUsers, usage: result.usage });
    },

    scoreRecords(kind, records): Json {
      if (kind === 'compliance') {
        const list = records as Parameters<typeof toComplianceRecord>[0][];
        const out: JsonObject = {};
        for (const key of ['without', 'with'] as const) {
          const part = list.filter((r) => r.distractors === (key === 'with'));
          if (part.length > 0) out[key] = json(scoreCompliance(part.map(toComplianceRecord)));
        }
        return out;
      }
      const list = records as { status?: string; guesses?: { abstained?: boolean }[] }[];
      return {
        users: list.length,
        failedUsers: list.filter((r) => r.status === 'failed').length,
        guesses: list.reduce((n, r) => n + (r.guesses?.filter((g) => !g.abstained).length ?? 0), 0),
      };
    },

    async close() {
      await engine.close();
      closeCheckpointer(saver);
      if ('end' in saver && typeof saver.end === 'function') await (saver as { end(): Promise<void> }).end();
    },
  };
}
