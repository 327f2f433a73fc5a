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
import { thinProducts } from '../kernels/wasm/thin64';
import { runKernelTaskNow } from '../kernels/task-threads';
import { tensorOf } from '../kernels/read-into';
import { randomizedSvd } from '../linalg/svd';
import { vectorParts } from './nndsvd-parts';
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
  if (init !== 'nndsvdar') return nndsvd(data, k, seed, init === 'nndsvda' ? data.mean : 0);
  const { W, H } = nndsvd(data, k, seed);
  const rng = new Rng(seed);
  const random = () => Math.abs((data.mean * rng.normal()) / 100);
  return { W: zerosDrawn(W, random), H: zerosDrawn(H, random) };
}

function absScaled(v: Float64Array, scale: number): Float32Array {
  return Float32Array.from(v, (x) => Math.abs(x) * scale);
}

/** F with each zero replaced by a draw of `value()` in storage order, a new tensor; disposes F. */
function zerosDrawn(F: tf.Tensor2D, value: () => number): tf.Tensor2D {
  const a = F.dataSync().slice();
  for (let i = 0; i < a.length; i++) if (a[i] === 0) a[i] = value();
  const out = tf.tensor2d(a, F.shape);
  F.dispose();
  return out;
}

/**
 * NNDSVD as new tensors W (`n × k`) and H (`k × m`): for each singular pair (u_t, v_t) after
 * the first, the positive or the negative parts, whichever has the larger norm product, scaled
 * to √(σ_t·‖u‖‖v‖); the leading pair by absolute values (Perron–Frobenius); entries below
 * NNDSVD_EPS set to `fill` (0 for plain nndsvd, mean(X) for nndsvda). Computed in float64
 * (nndsvd-parts.ts) from the randomized SVD (itself nmflow's own float64 and SIMD code), rounded
 * to float32 once at the end: no tfjs op is involved, so the same seed gives the same W and H,
 * bit for bit, on every backend (tf reductions round differently on each).
 */
export function nndsvd(data: NmfData, k: number, seed: number, fill = 0): Factors {
  const [n, m] = [data.rows, data.cols];
  // The orthonormalizations' in-place products on the kernel threads where they are ready.
  const thin = (maxCols: number) => thinProducts(maxCols, runKernelTaskNow);
  const svd = randomizedSvd(data, k, { seed, thin, onOperator: true });
  // U is `n × k` row-major (column t is u_t), V `m × k`; H's rows are the v parts.
  const {
    parts: [uParts, vParts],
    release,
  } = vectorParts(
    { F: svd.U, len: n, k, rowStride: k, vecStride: 1 },
    { F: svd.V, len: m, k, rowStride: k, vecStride: 1, outRowStride: 1, outVecStride: m },
  );
  const [xp, xn] = uParts.norms();
  const [yp, yn] = vParts.norms();
  // Column t of W is a_t·(relu(c_t·u_t) + z_t·relu(−u_t)), row t of H b_t·(…v_t…) alike.
  const [c, z, a, b] = [1, 0, 0, 0].map((v) => new Float64Array(k).fill(v));
  z[0] = 1;
  a[0] = b[0] = Math.sqrt(svd.S[0]);
  for (let t = 1; t < k; t++) {
    const positive = xp[t] * yp[t] > xn[t] * yn[t];
    c[t] = positive ? 1 : -1;
    const [un, vn] = positive ? [xp[t], yp[t]] : [xn[t], yn[t]];
    const lbd = Math.sqrt(svd.S[t] * un * vn);
    if (lbd > 0) [a[t], b[t]] = [lbd / un, lbd / vn];
  }
  // The tensors made before the parts' memory goes back (scaled may give views of it).
  const W = tensorOf(uParts.scaled(c, z, a, NNDSVD_EPS, fill), [n, k]);
  const H = tensorOf(vParts.scaled(c, z, b, NNDSVD_EPS, fill), [k, m]);
  release();
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
