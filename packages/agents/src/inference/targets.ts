import type { AttributeDefinition, AttributeSet } from '@privlens/datasets';

/**
 * One thing the reasoning step predicts. Composite attributes (PRISM LOC, APP) are reasoned about part by
 * part, because their parts have different kinds; the target key is then `<attribute>.<part>`.
 */
export interface InferenceTarget {
  key: string;
  attribute: string;
  part?: string;
  definition: AttributeDefinition;
}

export function inferenceTargets(attributeSet: AttributeSet): InferenceTarget[] {
  const targets: InferenceTarget[] = [];
  for (const def of attributeSet.attributes) {
    if (def.kind === 'composite' && def.parts?.length) {
      for (const part of def.parts)
        targets.push({ key: `${def.key}.${part.key}`, attribute: def.key, part: part.key, definition: part });
    } else {
      targets.push({ key: def.key, attribute: def.key, definition: def });
    }
  }
  return targets;
}

/** Describes a target for a prompt: label, kind and the closed option list when there is one. */
export function describeTarget(target: InferenceTarget, parent?: AttributeDefinition): string {
  const d = target.definition;
  const name = parent ? `${parent.label} — ${d.label}` : d.label;
  const lines = [`Attribute: ${name} (key ${target.key}, kind ${d.kind})`];
  if (d.description) lines.push(`Meaning: ${d.description}`);
  if (d.unit) lines.push(`Unit: ${d.unit}`);
  if (d.min !== undefined || d.max !== undefined) lines.push(`Range: ${d.min ?? '…'} to ${d.max ?? '…'}`);
  if (d.options?.length) lines.push(`Answer with one of: ${d.options.join(' | ')}`);
  if (d.kind === 'set') lines.push('Each candidate is a single member of the set.');
  return lines.join('\n');
}
