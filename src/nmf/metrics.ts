/**
 * Quality measures of a factorization X (`nSamples × nFeatures`) ≈ W H (W `nSamples × k`,
 * H `k × nFeatures`), and the comparison of two factorizations. Inputs are any matrix form
 * (X may be CSR); nothing passed in is disposed. Sums accumulate in float64.
 */
import * as tf from '@tensorflow/tfjs-core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import munkres = require('munkres-js');
import { usageError } from '../errors';
import { readMatrix, toMatrix, type MatrixInput } from '../linalg/matrix';
import { readData, type NmfData, type NmfInput } from './data';
import { measureFit, type Fit } from './losses';
import type { NmfLoss } from './options';

const LOSS_BETA: Record<string, number> = { frobenius: 2, kl: 1, is: 0 };

/** Which entries of X are missing: `mask` (0 = missing, X's shape) and/or NaN entries. */
export interface MissingEntries {
  mask?: MatrixInput;
  nanAsMissing?: boolean;
}

function withFit<T>(
  X: NmfInput,
  W: MatrixInput,
  H: MatrixInput,
  beta: number,
  f: (fit: Fit, d: NmfData) => T,
  missing: MissingEntries = {},
): T {
  const data = readData(X, missing);
  const w = toMatrix(W, 'W');
  const h = toMatrix(H, 'H');
  try {
    if (w.shape[0] !== data.rows || h.shape[1] !== data.cols || w.shape[1] !== h.shape[0]) {
      throw usageError(
        `shapes do not fit X ≈ W·H: X ${data.rows} × ${data.cols}, W ${w.shape.join(' × ')}, H ${h.shape.join(' × ')}`,
      );
    }
    return f(measureFit(data, w, h, beta), data);
  } finally {
    tf.dispose([w, h]);
    data.dispose();
  }
}

/**
 * ‖X − WH‖_F / ‖X‖_F; with `missing`, over the observed entries only (of the difference and
 * of X alike).
 */
export function relativeError(
  X: NmfInput,
  W: MatrixInput,
  H: MatrixInput,
  missing: MissingEntries = {},
): number {
  return withFit(
    X,
    W,
    H,
    2,
    (fit, d) => Math.sqrt(Math.max(fit.squaredError, 0) / d.sqNorm),
    missing,
  );
}

/** D_β(X | WH) (β = 2: ½‖X − WH‖²_F; 1: KL; 0: IS), with sklearn's ε guards (losses.ts). */
export function betaDivergence(X: NmfInput, W: MatrixInput, H: MatrixInput, loss: NmfLoss): number {
  const beta = typeof loss === 'number' ? loss : LOSS_BETA[loss];
  if (beta === undefined) throw usageError(`unknown loss ${JSON.stringify(loss)}`);
  return withFit(X, W, H, beta, (fit) => fit.divergence);
}

/**
 * Explained variance 1 − ‖X − WH‖²_F / ‖X − 1·x̄ᵀ‖²_F, with x̄ the column (feature) means:
 * the share of the total variance of X around its mean that W·H reproduces.
 */
export function explainedVariance(X: NmfInput, W: MatrixInput, H: MatrixInput): number {
  return withFit(X, W, H, 2, (fit, d) => {
    const colSums = new Float64Array(d.cols);
    if (d.csr) {
      d.csr.values.forEach((v, p) => (colSums[d.csr!.indices[p]] += v));
    } else {
      const s = tf.sum(d.dense!, 0);
      s.dataSync().forEach((v, j) => (colSums[j] = v));
      s.dispose();
    }
    let meanSq = 0;
    for (const s of colSums) meanSq += (s * s) / d.rows;
    return 1 - fit.squaredError / (d.sqNorm - meanSq);
  });
}

/**
 * Mean Hoyer sparseness (√n − ‖v‖₁/‖v‖₂)/(√n − 1) of the rows (default; the components of H)
 * or the columns (the activations in W) of M: 0 for a constant vector, 1 for a single
 * non-zero. All-zero vectors are left out.
 */
export function hoyerSparseness(M: MatrixInput, along: 'rows' | 'columns' = 'rows'): number {
  const { data, rows, cols } = readMatrix(M, 'M');
  const [count, len] = along === 'rows' ? [rows, cols] : [cols, rows];
  const at =
    along === 'rows'
      ? (v: number, i: number) => data[v * cols + i]
      : (v: number, i: number) => data[i * cols + v];
  if (len < 2) throw usageError(`Hoyer sparseness needs vectors of length ≥ 2, got ${len}`);
  let total = 0;
  let used = 0;
  for (let v = 0; v < count; v++) {
    let l1 = 0;
    let l2 = 0;
    for (let i = 0; i < len; i++) {
      const x = at(v, i);
      l1 += Math.abs(x);
      l2 += x * x;
    }
    if (l2 === 0) continue;
    total += (Math.sqrt(len) - l1 / Math.sqrt(l2)) / (Math.sqrt(len) - 1);
    used++;
  }
  return used === 0 ? 0 : total / used;
}

/**
 * Two factorizations' components (rows of H, `k × nFeatures`) matched one to one by the
 * Hungarian method on cosine similarity: the pairs, their mean and minimum cosine, and the
 * components left unmatched when the ranks differ.
 */
export interface FactorizationComparison {
  /** Matched components, by index in `a`: the index in `b` and the cosine similarity. */
  pairs: { a: number; b: number; cosine: number }[];
  meanCosine: number;
  minCosine: number;
  /** Components left without a partner (when the ranks differ). */
  unmatchedA: number[];
  unmatchedB: number[];
}

/** Cosine similarities between the rows of A (`ka × m`) and B (`kb × m`), float64. */
export function cosineMatrix(A: MatrixInput, B: MatrixInput): number[][] {
  const a = readMatrix(A, 'a');
  const b = readMatrix(B, 'b');
  if (a.cols !== b.cols) {
    throw usageError(`components must have the same number of features: ${a.cols} vs ${b.cols}`);
  }
  const norms = (m: typeof a) =>
    Array.from({ length: m.rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] ** 2;
      return Math.sqrt(s);
    });
  const na = norms(a);
  const nb = norms(b);
  return Array.from({ length: a.rows }, (_, i) =>
    Array.from({ length: b.rows }, (_, t) => {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j] * b.data[t * b.cols + j];
      return na[i] > 0 && nb[t] > 0 ? s / (na[i] * nb[t]) : 0;
    }),
  );
}

/**
 * Matches the components (rows of H) of two factorizations by an optimal assignment
 * (Hungarian algorithm, maximizing the total cosine similarity) and reports each pair's
 * cosine. Pass H matrices (`k × nFeatures`) or objects with an `H` field.
 */
export function compareFactorizations(
  a: MatrixInput | { H: MatrixInput },
  b: MatrixInput | { H: MatrixInput },
): FactorizationComparison {
  const Ha = typeof a === 'object' && 'H' in a ? a.H : (a as MatrixInput);
  const Hb = typeof b === 'object' && 'H' in b ? b.H : (b as MatrixInput);
  const cos = cosineMatrix(Ha, Hb);
  const assignment: [number, number][] = munkres(cos.map((row) => row.map((c) => 1 - c)));
  const pairs = assignment
    .map(([i, t]) => ({ a: i, b: t, cosine: cos[i][t] }))
    .sort((p, q) => p.a - q.a);
  const cosines = pairs.map((p) => p.cosine);
  return {
    pairs,
    meanCosine: cosines.reduce((s, c) => s + c, 0) / cosines.length,
    minCosine: Math.min(...cosines),
    unmatchedA: cos.map((_, i) => i).filter((i) => !pairs.some((p) => p.a === i)),
    unmatchedB: (cos[0] ?? []).map((_, t) => t).filter((t) => !pairs.some((p) => p.b === t)),
  };
}
