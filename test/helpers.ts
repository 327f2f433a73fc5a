/** Test helpers: leak checks, seeded problems, float comparisons. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { Rng } from '../src/random';

/** Runs `fn` and asserts that tf.memory().numTensors is unchanged after it (besides `keep`). */
export async function expectNoLeak<T>(
  fn: () => Promise<T> | T,
  keep: (r: T) => tf.Tensor[] = () => [],
): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const kept = keep(result).length;
  expect(tf.memory().numTensors - kept, 'tensors leaked').to.equal(before);
  return result;
}

/** A row-major Gaussian matrix with entries N(0, scale²). */
export function gaussian(rows: number, cols: number, seed: number, scale = 1): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => scale * rng.normal()),
  );
}

export function matVec(A: number[][], x: number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
}

/** Relative difference |a − b| / max(|b|, tiny). */
export function relDiff(a: number, b: number, tiny = 1e-30): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), tiny);
}

/** The message `fn` throws or rejects with, or '(no error)'. */
export async function errorOf(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}
