import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeImage, toBytes } from './image.ts';

const require = createRequire(import.meta.url);
type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');

export interface FaceObservation {
  box: { x: number; y: number; width: number; height: number };
  detectionConfidence: number;
  /** undefined when the face is too small for the age/gender head to be trusted */
  age?: number;
  gender?: 'male' | 'female';
  genderConfidence?: number;
  expression: string;
  expressionConfidence: number;
}

export interface FaceOptions {
  /** Longer image side fed to the detector (px). */
  maxSide?: number;
  /** Minimum face side (px, in the detector's downscaled input) before age/gender are reported: they are wrong on ~20 px faces. */
  minAttributeFaceSize?: number;
  minConfidence?: number;
}

let faceApiLoad: Promise<FaceApi> | undefined;

/** face-api on the tfjs wasm backend, weights from the package's own model/ folder: no network. */
async function loadFaceApi(): Promise<FaceApi> {
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  // Without the platform-fetch flag emscripten reads the .wasm from disk; fetch() cannot take a file path.
  wasm.setWasmPaths(`${wasmDir}/`);
  // face-api's typings list only the tf ops it re-exports; the runtime object is full tfjs.
  const tf = faceapi.tf as unknown as { setBackend(name: string): Promise<boolean>; ready(): Promise<void> };
  await tf.setBackend('wasm');
  await tf.ready();
  const modelDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await Promise.all([
    faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir),
    faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir),
    faceapi.nets.ageGenderNet.loadFromDisk(modelDir),
    faceapi.nets.faceExpressionNet.loadFromDisk(modelDir),
  ]);
  return faceapi;
}

export function createFaces(options: FaceOptions = {}) {
  const maxSide = options.maxSide ?? 640;
  const minAttr = options.minAttributeFaceSize ?? 40;
  const minConfidence = options.minConfidence ?? 0.4;
  return {
    async detect(image: Uint8Array | ArrayBuffer | string): Promise<FaceObservation[]> {
      faceApiLoad ??= loadFaceApi().catch((err) => {
        faceApiLoad = undefined;
        throw err;
      });
      const faceapi = await faceApiLoad;
      const img = await decodeImage(toBytes(image), maxSide);
      const tf = faceapi.tf;
      const tensor = tf.tidy(() =>
        tf.slice(
          tf.tensor3d(Int32Array.from(img.rgba), [img.height, img.width, 4], 'int32'),
          [0, 0, 0],
          [-1, -1, 3],
        ),
      );
      try {
        const found = await faceapi
          .detectAllFaces(
            tensor as never,
            new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 20 }),
          )
          .withFaceLandmarks()
          .withFaceExpressions()
          .withAgeAndGender();
        return found.map((f) => {
          const b = f.detection.box;
          const box = {
            x: Math.round(b.x * img.scale),
            y: Math.round(b.y * img.scale),
            width: Math.round(b.width * img.scale),
            height: Math.round(b.height * img.scale),
          };
          const [expression, expressionConfidence] = Object.entries(
            f.expressions as unknown as Record<string, number>,
          ).sort((a, c) => c[1] - a[1])[0] ?? ['neutral', 0];
          const big = Math.min(b.width, b.height) >= minAttr;
          return {
            box,
            detectionConfidence: f.detection.score,
            ...(big
              ? {
                  age: Math.round(f.age),
                  gender: f.gender === 'male' ? 'male' : 'female',
                  genderConfidence: f.genderProbability,
                }
              : {}),
            expression,
            expressionConfidence,
          } satisfies FaceObservation;
        });
      } finally {
        tensor.dispose();
      }
    },
  };
}
export type Faces = ReturnType<typeof createFaces>;
