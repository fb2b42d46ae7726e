import type { AttributeDefinition, AttributeGuess, Candidate, Evidence } from '@privlens/datasets';

export interface AggregateOptions {
  /** Below this confidence the best candidate is not worth stating: the attribute is abstained. */
  minConfidence?: number;
  topK?: number;
}

/** Puts a free-form answer on the option list when it plainly names an option (case, articles, plurals). */
export function canonicalValue(definition: AttributeDefinition, value: string): string {
  const raw = value.trim();
  const options = definition.options;
  if (!options?.length) return raw;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9<>+\- ]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const v = norm(raw);
  const exact = options.find((o) => norm(o) === v);
  if (exact) return exact;
  // The longest option named inside the answer ("a registered nurse" → nurse).
  const inside = options
    .filter((o) => new RegExp(`\\b${escapeRegExp(norm(o))}s?\\b`).test(v))
    .sort((a, b) => b.length - a.length);
  return inside[0] ?? raw;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Evidence weight of a candidate: for every post it cites, the strongest cited observation of that post,
 * summed. Two posts agreeing outweigh one post, however confident, which is how cross-post conflicts are
 * settled.
 */
export function evidenceWeight(evidenceIds: string[], evidenceById: Map<string, Evidence>): number {
  const perPost = new Map<string, number>();
  for (const id of evidenceIds) {
    const e = evidenceById.get(id);
    if (!e) continue;
    perPost.set(e.postId, Math.max(perPost.get(e.postId) ?? 0, e.confidence));
  }
  let total = 0;
  for (const w of perPost.values()) total += w;
  return total;
}

/**
 * One profile-level guess for a target from the reasoning step's proposals: duplicates (after putting
 * values on the option list) merge by noisy-or of their confidences, then each is scaled by its evidence
 * weight relative to the best-supported candidate. Uncited candidates keep half their confidence.
 */
export function aggregateCandidates(
  target: string,
  definition: AttributeDefinition,
  proposals: Candidate[],
  evidenceById: Map<string, Evidence>,
  options: AggregateOptions = {},
): AttributeGuess {
  const topK = options.topK ?? 3;
  const merged = new Map<string, Candidate & { key: string }>();
  for (const c of proposals) {
    const value = canonicalValue(definition, c.value);
    const key = value.toLowerCase();
    const prior = merged.get(key);
    if (!prior) {
      merged.set(key, {
        key,
        value,
        confidence: c.confidence,
        rationale: c.rationale,
        evidenceIds: [...c.evidenceIds],
      });
    } else {
      prior.confidence = 1 - (1 - prior.confidence) * (1 - c.confidence);
      prior.evidenceIds = [...new Set([...prior.evidenceIds, ...c.evidenceIds])];
      if (c.rationale && c.rationale !== prior.rationale)
        prior.rationale = prior.rationale ? `${prior.rationale} / ${c.rationale}` : c.rationale;
    }
  }
  const list = [...merged.values()];
  const weights = list.map((c) => evidenceWeight(c.evidenceIds, evidenceById));
  const maxWeight = Math.max(0, ...weights);
  const scored = list.map((c, i) => {
    const support = maxWeight > 0 ? 0.5 + 0.5 * ((weights[i] ?? 0) / maxWeight) : 0.5;
    return { c, score: c.confidence * support, weight: weights[i] ?? 0 };
  });
  // Score first; on a tie the better-supported value, then the earlier proposal (the proposer's own order).
  scored.sort((a, b) => (Math.abs(b.score - a.score) > 1e-9 ? b.score - a.score : b.weight - a.weight));
  const top = scored.slice(0, topK);
  const best = top[0];
  if (!best || best.score < (options.minConfidence ?? 0.05))
    return { attribute: target, candidates: [], abstained: true };
  return {
    attribute: target,
    abstained: false,
    candidates: top.map(({ c, score }) => ({
      value: c.value,
      confidence: Math.round(score * 1000) / 1000,
      ...(c.rationale ? { rationale: c.rationale } : {}),
      evidenceIds: c.evidenceIds,
    })),
  };
}
