import type { SchemaElement } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';

/**
 * Writes rows in the MLLMU-Bench parquet schema (the one HF datasets gives the released files): the
 * `Image` feature as a `{bytes, path}` struct, task lists as 3-level LISTs of structs. For tests only.
 */
const text = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: 'OPTIONAL',
});
const struct = (name: string, children: SchemaElement[][]): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', num_children: children.length },
  ...children.flat(),
];
const list = (name: string, element: SchemaElement[]): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...element,
];
const imageStruct = (name: string) =>
  struct(name, [[{ name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }], [text('path')]]);
const classification = (name: string) =>
  list(
    name,
    struct('element', [
      [text('Question')],
      struct('Options', [[text('A')], [text('B')], [text('C')], [text('D')]]),
      [text('Correct_Answer')],
    ]),
  );
const qa = (name: string) =>
  list(name, struct('element', [[text('Question')], [text('Ground_Truth')], [text('Type')]]));

export interface WriteMllmuOptions {
  /** 'image' (Full_Set, forget/retain, Retain_Set) or 'images' (Test_Set). */
  imageColumn?: 'image' | 'images';
  rowGroupSize?: number;
  /** Replace one column's schema, e.g. to write a deliberately wrong type. */
  override?: { column: string; schema: SchemaElement[] };
}

export function writeMllmuParquet(
  file: string,
  rows: Record<string, unknown>[],
  options: WriteMllmuOptions = {},
): void {
  const imageColumn = options.imageColumn ?? 'image';
  const columns: [string, SchemaElement[]][] = [
    ['ID', [text('ID')]],
    [imageColumn, imageColumn === 'image' ? imageStruct('image') : list('images', imageStruct('element'))],
    ['biography', [text('biography')]],
    ['question', [text('question')]],
    ['answer', [text('answer')]],
    [
      'Classification_Task',
      struct('Classification_Task', [
        classification('Image_Textual_Questions'),
        classification('Pure_Text_Questions'),
      ]),
    ],
    ['Generation_Task', qa('Generation_Task')],
    ['Mask_Task', qa('Mask_Task')],
  ];
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const [name, elements] of columns) {
    schema.push(...(options.override?.column === name ? options.override.schema : elements));
  }
  parquetWriteFile({
    filename: file,
    schema,
    columnData: columns.map(([name]) => ({ name, data: rows.map((r) => r[name] ?? null) })),
    rowGroupSize: options.rowGroupSize ?? 2,
  });
}
