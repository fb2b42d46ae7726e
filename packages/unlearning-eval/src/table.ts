import { NOT_AVAILABLE, type Score } from '@privlens/metrics';
import type { UnlearningComparison } from './compare.ts';
import { cellScore, type UnlearningReport } from './report.ts';
import type { EvalModality, EvalSet } from './vocabulary.ts';

const SETS: [EvalSet, string][] = [
  ['forget', 'Forget Set'],
  ['test', 'Test Set'],
  ['retain', 'Retain Set'],
  ['celebrity', 'Real Celebrity'],
];

function pct(score: Score): string {
  return score === NOT_AVAILABLE ? 'N/A' : (score.value * 100).toFixed(2);
}
function dec(score: Score): string {
  return score === NOT_AVAILABLE ? 'N/A' : score.value.toFixed(3);
}
function withCi(score: Score, scale: number, digits: number): string {
  if (score === NOT_AVAILABLE) return 'N/A';
  const f = (v: number) => (v * scale).toFixed(digits);
  return `${f(score.value)} [${f(score.ci[0])}, ${f(score.ci[1])}]`;
}

type Row = Pick<UnlearningReport, 'model' | 'cells'>;

/**
 * The paper's layout (MLLMU-Bench Table 2): one block per modality, one row per model, and per set
 * classification accuracy (%), generation ROUGE-L and BLEU, cloze accuracy (%). Markdown.
 */
export function unlearningTable(input: UnlearningReport | UnlearningComparison): string {
  const rows: Row[] = input.kind === 'mllmu-unlearning' ? [input] : input.reports;
  const out: string[] = [];
  for (const [modality, title] of [
    ['multimodal', 'Multimodal (image + text)'],
    ['text', 'Unimodal (text only)'],
  ] as [EvalModality, string][]) {
    out.push(`### ${title}`, '');
    const header = [
      'Model',
      ...SETS.flatMap(([, name]) => [
        `${name} Class. Acc`,
        `${name} ROUGE-L`,
        `${name} BLEU`,
        `${name} Cloze Acc`,
      ]),
    ];
    out.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const row of rows) {
      const cells = SETS.flatMap(([set]) => [
        pct(cellScore(row, set, 'classification', modality, 'accuracy')),
        dec(cellScore(row, set, 'generation', modality, 'rougeL')),
        dec(cellScore(row, set, 'generation', modality, 'bleu')),
        pct(cellScore(row, set, 'cloze', modality, 'accuracy')),
      ]);
      out.push(`| ${[row.model.label, ...cells].join(' | ')} |`);
    }
    out.push('');
  }
  if (input.kind === 'mllmu-unlearning-comparison') {
    out.push(`### Drops against ${input.baseline.label} (baseline − model; 95% CI)`, '');
    out.push(
      '| Model | Set | Task | Modality | Metric | Drop | Retain drop | Celebrity drop | Drop − retain drop | Noise floor | Verdict |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const model of input.models) {
      for (const d of model.forget) {
        const scale = d.metric === 'accuracy' ? 100 : 1;
        const digits = d.metric === 'accuracy' ? 1 : 3;
        out.push(
          `| ${[
            model.model.label,
            d.set,
            d.task,
            d.modality,
            d.metric,
            withCi(d.drop, scale, digits),
            withCi(d.retainDrop, scale, digits),
            withCi(d.celebrityDrop, scale, digits),
            withCi(d.versusRetain, scale, digits),
            (d.noise * scale).toFixed(digits),
            d.verdict,
          ].join(' | ')} |`,
        );
      }
    }
    out.push('', `Method: ${input.method}`, '');
  }
  return out.join('\n');
}
