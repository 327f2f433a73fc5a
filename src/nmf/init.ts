/**
 * Initial factors W (`nSamples × k`) and H (`k × nFeatures`), as scikit-learn computes them:
 *
 * - `random`: entries avg·|N(0, 1)| with avg = √(mean(X)/k) (H drawn first, then W).
 * - `nndsvd`: Boutsidis & Gallopoulos (2008) on a randomized truncated SVD: the positive or
 *   negative part of each singular pair, whichever has the larger norm product; entries below
 *   1e-6 set to 0 (better for sparse factors; `mu` cannot move those zeros).
 * - `nndsvda`: nndsvd with its zeros replaced by mean(X).
 * - `nndsvdar`: nndsvd with its zeros replaced by mean(X)·|N(0, 1)|/100.
 * - `custom`: the user's W and H, checked for shape, sign and non-zero content.
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputError, usageError } from '../errors';
import { readMatrix, type MatrixInput } from '../linalg/matrix';
import { randomizedSvd } from '../linalg/svd';
import { Rng } from '../random';
import type { NmfData } from './data';
import type { NmfInit } from './options';

export interface Factors {
  W: tf.Tensor2D;
  H: tf.Tensor2D;
}

const NNDSVD_EPS = 1e-6;

/** Computes the initial factors; the caller owns them. */
export function initialize(
  data: NmfData,
  k: number,
  init: Exclude<NmfInit, 'custom'>,
  seed: number,
): Factors {
  const n = data.rows;
  const m = data.cols;
  if (init === 'random') {
    const rng = new Rng(seed);
    const avg = Math.sqrt(data.mean / k);
    const H = absScaled(rng.normals(k * m), avg);
    const W = absScaled(rng.normals(n * k), avg);
    return { W: tf.tensor2d(W, [n, k]), H: tf.tensor2d(H, [k, m]) };
  }
  if (k > Math.min(n, m)) {
    throw usageError(
      `init '${init}' needs rank ≤ min(nSamples, nFeatures) = ${Math.min(n, m)}, got rank ${k}; use init 'random'`,
    );
  }
  const { W, H } = nndsvd(data, k, seed);
  const avg = data.mean;
  const rng = new Rng(seed);
  if (init === 'nndsvda') {
    fillZeros(W, () => avg);
    fillZeros(H, () => avg);
  } else if (init === 'nndsvdar') {
    fillZeros(W, () => Math.abs((avg * rng.normal()) / 100));
    fillZeros(H, () => Math.abs((avg * rng.normal()) / 100));
  }
  return {
    W: tf.tensor2d(Float32Array.from(W), [n, k]),
    H: tf.tensor2d(Float32Array.from(H), [k, m]),
  };
}

function absScaled(v: Float64Array, scale: number): Float32Array {
  return Float32Array.from(v, (x) => Math.abs(x) * scale);
}

function fillZeros(a: Float64Array, value: () => number): void {
  for (let i = 0; i < a.length; i++) if (a[i] === 0) a[i] = value();
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Plain NNDSVD (zeros kept), as float64 row-major W and H. */
export function nndsvd(
  data: NmfData,
  k: number,
  seed: number,
): { W: Float64Array; H: Float64Array } {
  const n = data.rows;
  const m = data.cols;
  const { U, S, Vt } = randomizedSvd(data, k, { seed });
  const W = new Float64Array(n * k);
  const H = new Float64Array(k * m);
  const col = (t: number) => Float64Array.from({ length: n }, (_, i) => U[i * k + t]);
  const row = (t: number) => Vt.slice(t * m, (t + 1) * m);
  // The leading pair can be taken non-negative (Perron–Frobenius): use absolute values.
  const s0 = Math.sqrt(S[0]);
  for (let i = 0; i < n; i++) W[i * k] = s0 * Math.abs(U[i * k]);
  for (let j = 0; j < m; j++) H[j] = s0 * Math.abs(Vt[j]);
  for (let t = 1; t < k; t++) {
    const x = col(t);
    const y = row(t);
    const xp = x.map((v) => Math.max(v, 0));
    const xn = x.map((v) => Math.max(-v, 0));
    const yp = y.map((v) => Math.max(v, 0));
    const yn = y.map((v) => Math.max(-v, 0));
    const [xpn, ypn, xnn, ynn] = [norm(xp), norm(yp), norm(xn), norm(yn)];
    const positive = xpn * ypn > xnn * ynn;
    const [u, v, un, vn] = positive ? [xp, yp, xpn, ypn] : [xn, yn, xnn, ynn];
    const sigma = un * vn;
    if (sigma === 0) continue;
    const lbd = Math.sqrt(S[t] * sigma);
    for (let i = 0; i < n; i++) W[i * k + t] = (lbd * u[i]) / un;
    for (let j = 0; j < m; j++) H[t * m + j] = (lbd * v[j]) / vn;
  }
  for (const a of [W, H]) for (let i = 0; i < a.length; i++) if (a[i] < NNDSVD_EPS) a[i] = 0;
  return { W, H };
}

/** Reads a custom factor, checking its shape, sign and that it is not all zeros. */
export function customFactor(
  input: MatrixInput,
  name: 'W' | 'H',
  rows: number,
  cols: number,
): tf.Tensor2D {
  const m = readMatrix(input, name);
  if (m.rows !== rows || m.cols !== cols) {
    const what = name === 'W' ? 'nSamples × rank' : 'rank × nFeatures';
    throw usageError(
      `custom init: ${name} must be ${rows} × ${cols} (${what}), got ${m.rows} × ${m.cols}`,
    );
  }
  let max = 0;
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i];
    if (v < 0) {
      throw inputError(
        `custom init: ${name} has a negative entry (${v}) at row ${Math.floor(i / cols)}, column ${i % cols}`,
      );
    }
    if (v > max) max = v;
  }
  if (max === 0) throw inputError(`custom init: ${name} is full of zeros`);
  return tf.tensor2d(Float32Array.from(m.data), [rows, cols]);
}
