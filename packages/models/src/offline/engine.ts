import { readFile } from 'node:fs/promises';
import type { Evidence, Post } from '@privlens/datasets';
import { createFaces, type FaceObservation, type FaceOptions } from './faces.ts';
import { type Entity, type EntityOptions, extractEntities } from './entities.ts';
import { createOcr, type OcrResult } from './ocr.ts';

export interface OfflineEngineOptions {
  faces?: FaceOptions;
  /** Turn off perception of images (text-only runs skip loading tesseract and tfjs). */
  images?: boolean;
  /** Year posts were written, for birth years. */
  year?: number;
  /** OCR words below this confidence (0..1) are dropped from OCR evidence. */
  minOcrConfidence?: number;
}

export interface OfflineEngine {
  perceive(post: Post): Promise<Evidence[]>;
  ocr(image: Uint8Array | ArrayBuffer | string): Promise<OcrResult>;
  faces(image: Uint8Array | ArrayBuffer | string): Promise<FaceObservation[]>;
  entities(text: string): Entity[];
  close(): Promise<void>;
}

/** Attributes a cue domain may bear on, in both shipped sets' keys. */
const DOMAIN_ATTRIBUTES: Record<string, string[]> = {
  occupation: ['OCC', 'occupation', 'INC', 'income_level'],
  religion: ['REG'],
  hobbies: ['HOB'],
  health: ['HEA'],
  relationship: ['REL', 'relationship_status'],
  sex: ['SEX', 'sex'],
  education: ['EDU', 'education'],
  shopping: ['SHP'],
  income: ['INC', 'income_level'],
};

function attributesOf(e: Entity): string[] | undefined {
  switch (e.kind) {
    case 'cue':
      return DOMAIN_ATTRIBUTES[String(e.data?.domain)];
    case 'age':
      return ['AGE', 'age'];
    case 'money':
      return e.data?.income ? ['INC', 'income_level'] : undefined;
    case 'country':
    case 'city':
      return e.data?.role === 'birth'
        ? ['LOC', 'birth_city_country']
        : e.data?.role === 'residence'
          ? ['city_country', 'LOC']
          : ['LOC', 'city_country', 'birth_city_country'];
    case 'measurement':
      return ['APP'];
    default:
      return undefined;
  }
}

function entityEvidence(
  postId: string,
  source: 'text' | 'ocr',
  entities: Entity[],
  scale: number,
  next: () => string,
): Evidence[] {
  return entities.map((e) => {
    const attributes = attributesOf(e);
    return {
      id: next(),
      postId,
      source,
      kind: e.kind === 'cue' ? 'keyword' : e.kind,
      value: e.value,
      confidence: Math.max(0, Math.min(1, e.confidence * scale)),
      span: { start: e.start, end: e.end },
      ...(attributes ? { attributes } : {}),
      ...(e.data ? { data: e.data } : {}),
    };
  });
}

/**
 * The embedded offline engine: tesseract OCR, face-api faces, compromise/wink/gazetteer/lexicon text reading.
 * Each model loads on first use; `close()` terminates the OCR worker.
 */
export function createOfflineEngine(options: OfflineEngineOptions = {}): OfflineEngine {
  const ocr = createOcr();
  const faces = createFaces(options.faces);
  const entityOptions: EntityOptions = options.year ? { year: options.year } : {};
  const minOcr = options.minOcrConfidence ?? 0.5;

  async function imageBytes(post: Post): Promise<Uint8Array | undefined> {
    const img = post.image;
    if (!img || img.missing) return undefined;
    if (img.bytes) return img.bytes;
    if (img.path) {
      try {
        return new Uint8Array(await readFile(img.path));
      } catch (err) {
        throw new Error(
          `offline engine: post ${post.id}: cannot read image ${img.path}: ${(err as Error).message}`,
        );
      }
    }
    return undefined;
  }

  return {
    ocr: (image) => ocr.read(image),
    faces: (image) => faces.detect(image),
    entities: (text) => extractEntities(text, entityOptions),
    async perceive(post) {
      let n = 0;
      const next = () => `${post.id}:e${++n}`;
      const text = [post.text, ...(post.topics ?? [])].filter(Boolean).join('\n');
      const evidence = entityEvidence(post.id, 'text', extractEntities(text, entityOptions), 1, next);
      const bytes = options.images === false ? undefined : await imageBytes(post);
      if (!bytes) return evidence;
      const [read, found] = await Promise.all([ocr.read(bytes), faces.detect(bytes)]);
      const words = read.words.filter((w) => w.confidence >= minOcr);
      if (words.length) {
        const ocrText = words.map((w) => w.text).join(' ');
        evidence.push({
          id: next(),
          postId: post.id,
          source: 'ocr',
          kind: 'text',
          value: ocrText,
          confidence: read.confidence,
          data: { words: words.length },
        });
        evidence.push(
          ...entityEvidence(post.id, 'ocr', extractEntities(ocrText, entityOptions), read.confidence, next),
        );
      }
      for (const f of found)
        evidence.push({
          id: next(),
          postId: post.id,
          source: 'face',
          kind: 'face',
          value:
            f.age !== undefined
              ? `face, about ${f.age}, ${f.gender}, ${f.expression}`
              : `small face, ${f.expression}`,
          confidence: f.detectionConfidence,
          region: f.box,
          ...(f.age !== undefined ? { attributes: ['AGE', 'SEX', 'age', 'sex'] } : {}),
          data: { ...f },
        });
      return evidence;
    },
    close: () => ocr.close(),
  };
}

let shared: OfflineEngine | undefined;
/** One engine per process: models are large, so callers share it. */
export function sharedOfflineEngine(): OfflineEngine {
  shared ??= createOfflineEngine();
  return shared;
}
