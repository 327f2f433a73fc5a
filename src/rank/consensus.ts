/**
 * Brunet et al. (2004)'s consensus over repeated fits at one rank: each fit assigns sample i
 * (a row of X, `nSamples × nFeatures`) to the component with the largest entry of its row of
 * W (`nSamples × k`); the connectivity matrix is 1 where two samples share a component; the
 * consensus matrix C (`nSamples × nSamples`) is its mean over the fits. Its summaries:
 *
 * - cophenetic correlation (Brunet 2004): how well average-linkage clustering of 1 − C
 *   reproduces 1 − C; 1 for a perfectly stable clustering;
 * - dispersion (Kim & Park 2007): mean of 4 (C_ij − ½)² over all pairs; 1 when every C_ij is
 *   0 or 1;
 * - PAC (Șenbabaoğlu et al. 2014): the share of pairs i < j with C_ij in (0.1, 0.9), the
 *   ambiguously clustered pairs; 0 when stable (lower is better).
 */
import { averageLinkage } from './linkage';

/** Cluster labels of the rows of W (`n × k`, row-major): argmax, −1 for an all-zero row. */
export function argmaxLabels(W: ArrayLike<number>, n: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let value = 0;
    for (let t = 0; t < k; t++) {
      const v = W[i * k + t];
      if (v > value) {
        value = v;
        best = t;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/** C (`n × n`, row-major): the share of the labellings in which i and j share a label ≥ 0. */
export function consensusMatrix(labellings: Int32Array[], n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (const labels of labellings) {
    for (let i = 0; i < n; i++) {
      const li = labels[i];
      if (li < 0) continue;
      for (let j = 0; j < n; j++) if (labels[j] === li) C[i * n + j] += 1;
    }
  }
  const runs = labellings.length;
  for (let p = 0; p < C.length; p++) C[p] /= runs;
  return C;
}

/** Summaries of a consensus matrix: cophenetic correlation, dispersion and PAC (each in [0, 1]). */
export interface ConsensusScores {
  cophenetic: number;
  dispersion: number;
  pac: number;
  /** The samples in dendrogram order (blocks on the diagonal when C is drawn in this order). */
  order: Int32Array;
}

/** The summaries of a consensus matrix C (`n × n`). */
export function consensusScores(
  C: Float64Array,
  n: number,
  pacBounds = [0.1, 0.9],
): ConsensusScores {
  let disp = 0;
  let ambiguous = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = C[i * n + j];
      disp += 4 * (c - 0.5) ** 2;
      if (j > i && c > pacBounds[0] && c < pacBounds[1]) ambiguous++;
    }
  }
  const D = new Float64Array(n * n);
  for (let p = 0; p < D.length; p++) D[p] = 1 - C[p];
  const link = averageLinkage(D, n);
  // A constant consensus (every pair always together or always apart) is a perfectly stable
  // clustering: cophenetic correlation 1 rather than the undefined 0/0.
  const constant = !Number.isFinite(link.copheneticCorrelation);
  return {
    cophenetic: constant ? 1 : link.copheneticCorrelation,
    dispersion: disp / (n * n),
    pac: ambiguous / ((n * (n - 1)) / 2),
    order: link.order,
  };
}

/**
 * C in the order `order`, averaged down to at most `size` × `size` pixels (block means), as
 * a square picture's values in [0, 1] (row-major).
 */
export function consensusMap(
  C: Float64Array,
  n: number,
  order: Int32Array,
  size: number,
): { data: Float32Array; size: number } {
  const s = Math.min(n, size);
  const sum = new Float64Array(s * s);
  const count = new Float64Array(s * s);
  for (let a = 0; a < n; a++) {
    const pa = Math.floor((a * s) / n);
    const row = order[a] * n;
    for (let b = 0; b < n; b++) {
      const q = pa * s + Math.floor((b * s) / n);
      sum[q] += C[row + order[b]];
      count[q]++;
    }
  }
  const data = new Float32Array(s * s);
  for (let q = 0; q < data.length; q++) data[q] = sum[q] / count[q];
  return { data, size: s };
}
