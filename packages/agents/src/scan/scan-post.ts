import type { AttributeSet, Candidate, Evidence, Post } from '@privlens/datasets';
import { PRISM_ATTRIBUTES } from '@privlens/datasets';
import { isPriorCandidate } from '@privlens/models';
import { type InferenceOptions, inferAttributes } from '../inference/infer-users.ts';
import type { InferenceFailure, UsageTotals } from '../inference/state.ts';
import { inferenceTargets } from '../inference/targets.ts';
import { applyTextRedactions, type Redaction, suggestRedactions } from './redactions.ts';

export interface PostRisk {
  /** Target key (`OCC`, `LOC.birthplace`, …) and its label. */
  attribute: string;
  label: string;
  /** Confidence of the best candidate: how plainly the post gives the attribute away. */
  confidence: number;
  candidates: Candidate[];
  evidence: Evidence[];
  redactions: Redaction[];
}

export interface PostScan {
  postId: string;
  risks: PostRisk[];
  /** Every redaction of every risk, merged: apply these and the listed evidence is gone. */
  redactions: Redaction[];
  redactedText: string;
  failures: InferenceFailure[];
  usage: UsageTotals;
}

export interface ScanOptions extends InferenceOptions {
  /** A revealed attribute below this confidence is not reported. */
  threshold?: number;
}

/**
 * PRISM's user-facing warning: runs the inference graph on one draft post and reports which attributes
 * it reveals, on what evidence, and what to cut or blur before posting.
 */
export async function scanPost(post: Post, options: ScanOptions = {}): Promise<PostScan> {
  const attributeSet: AttributeSet = options.attributeSet ?? PRISM_ATTRIBUTES;
  const result = await inferAttributes(
    { id: `scan:${post.id}`, source: 'scan', attributeSet: attributeSet.name, posts: [post] },
    { ...options, attributeSet },
  );
  const labels = new Map(
    inferenceTargets(attributeSet).map((t) => {
      const parent = attributeSet.attributes.find((a) => a.key === t.attribute);
      return [t.key, t.part && parent ? `${parent.label}: ${t.definition.label}` : t.definition.label];
    }),
  );
  const byId = new Map(result.evidence.map((e) => [e.id, e]));
  const threshold = options.threshold ?? 0.3;
  const risks: PostRisk[] = [];
  for (const guess of result.guesses) {
    const best = guess.candidates[0];
    // An uncited guess, or one the offline engine drew from a prior (sex given a job), is not something the
    // post reveals: warning about it would teach the user nothing they could redact.
    if (guess.abstained || !best || best.confidence < threshold || !best.evidenceIds.length) continue;
    if (isPriorCandidate(best)) continue;
    const cited = [...new Set(guess.candidates.flatMap((c) => c.evidenceIds))]
      .map((id) => byId.get(id))
      .filter((e): e is Evidence => !!e);
    risks.push({
      attribute: guess.attribute,
      label: labels.get(guess.attribute) ?? guess.attribute,
      confidence: best.confidence,
      candidates: guess.candidates,
      evidence: cited,
      redactions: suggestRedactions(post.text, cited),
    });
  }
  risks.sort((a, b) => b.confidence - a.confidence);
  const redactions = suggestRedactions(post.text, [
    ...new Map(risks.flatMap((r) => r.evidence).map((e) => [e.id, e])).values(),
  ]);
  return {
    postId: post.id,
    risks,
    redactions,
    redactedText: applyTextRedactions(post.text, redactions),
    failures: result.failures,
    usage: result.usage,
  };
}
