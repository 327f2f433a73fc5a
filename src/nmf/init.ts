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
  if (init === 'nndsvd') return { W, H };
  if (init === 'nndsvda') return { W: zerosFilled(W, data.mean), H: zerosFilled(H, data.mean) };
  const rng = new Rng(seed);
  const random = () => Math.abs((data.mean * rng.normal()) / 100);
  return { W: zerosDrawn(W, random), H: zerosDrawn(H, random) };
}

function absScaled(v: Float64Array, scale: number): Float32Array {
  return Float32Array.from(v, (x) => Math.abs(x) * scale);
}

/** F with its zeros replaced by `value`, a new tensor; disposes F. */
function zerosFilled(F: tf.Tensor2D, value: number): tf.Tensor2D {
  const out = tf.tidy(() => tf.where(tf.equal(F, 0), tf.fill(F.shape, value), F) as tf.Tensor2D);
  F.dispose();
  return out;
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
 * Plain NNDSVD (zeros kept) as new tensors W (`n × k`) and H (`k × m`): for each singular pair
 * (u_t, v_t) after the first, the positive or the negative parts, whichever has the larger norm
 * product, scaled to √(σ_t·‖u‖‖v‖); the leading pair by absolute values (Perron–Frobenius);
 * entries below NNDSVD_EPS set to 0. All in tensor operations, the choices as 0/1 masks.
 */
export function nndsvd(data: NmfData, k: number, seed: number): Factors {
  const { U: Ut, S, Vt } = randomizedSvd(data, k, { seed });
  const factors = tf.tidy(() => {
    const U = tf.tensor2d(Ut, [data.rows, k]);
    const V = tf.tensor2d(new Float32Array(Vt), [k, data.cols]);
    const [xp, xn, yp, yn] = [tf.relu(U), tf.relu(tf.neg(U)), tf.relu(V), tf.relu(tf.neg(V))];
    const [xpn, xnn] = [tf.norm(xp, 'euclidean', 0), tf.norm(xn, 'euclidean', 0)]; // k
    const [ypn, ynn] = [tf.norm(yp, 'euclidean', 1), tf.norm(yn, 'euclidean', 1)]; // k
    const positive = tf.cast(tf.greater(tf.mul(xpn, ypn), tf.mul(xnn, ynn)), 'float32');
    const first = tf.cast(tf.equal(tf.range(0, k), 0), 'float32'); // the leading pair
    const pick = (a: tf.Tensor, b: tf.Tensor, lead: tf.Tensor) =>
      tf.add(
        tf.mul(first, lead),
        tf.mul(tf.sub(1, first), tf.add(tf.mul(positive, a), tf.mul(tf.sub(1, positive), b))),
      );
    const u = pick(xp, xn, tf.abs(U)); // n × k
    const v = pick(tf.transpose(yp), tf.transpose(yn), tf.transpose(tf.abs(V))); // m × k
    const un = pick(xpn, xnn, tf.onesLike(xpn));
    const vn = pick(ypn, ynn, tf.onesLike(ypn));
    const sigma = tf.mul(un, vn);
    const lbd = tf.sqrt(tf.mul(tf.tensor1d(new Float32Array(S)), sigma));
    const none = tf.lessEqual(sigma, 0);
    const zero = tf.zerosLike(sigma);
    const W = tf.mul(u, tf.where(none, zero, tf.div(lbd, un)));
    const H = tf.transpose(tf.mul(v, tf.where(none, zero, tf.div(lbd, vn))));
    const small = (F: tf.Tensor) => tf.where(tf.less(F, NNDSVD_EPS), tf.zerosLike(F), F);
    return { W: small(W) as tf.Tensor2D, H: small(H) as tf.Tensor2D };
  });
  return factors;
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
