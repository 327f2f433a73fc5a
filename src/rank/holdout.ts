/**
 * The speckled hold-out of cross-validation: a seeded random set of single entries of X
 * (`nSamples × nFeatures`) marked missing, the rest observed. Every row and every column
 * keeps at least one observed entry (a line with none could not be fitted at all).
 */
import { usageError } from '../errors';
import { Rng } from '../random';

/** A speckled hold-out of an `n × m` matrix: which entries are fitted and which are scored. */
export interface HoldOut {
  /** `n × m` row-major: 1 observed (fitted), 0 held out. */
  mask: Float32Array;
  /** Row-major indices (i·m + j) of the held-out entries, ascending. */
  held: Int32Array;
}

/** Holds out round(fraction · n · m) entries, chosen by `seed`. */
export function speckledHoldOut(n: number, m: number, fraction: number, seed: number): HoldOut {
  if (!(fraction > 0 && fraction < 1)) {
    throw usageError(`option holdOut must be in (0, 1), got ${fraction}`);
  }
  const total = n * m;
  const want = Math.round(fraction * total);
  if (want < 1 || n < 2 || m < 2) {
    throw usageError(
      `holding out ${fraction} of a ${n} × ${m} matrix leaves nothing to score or to fit`,
    );
  }
  const rng = new Rng(seed);
  const order = rng.permutation(total);
  const mask = new Float32Array(total).fill(1);
  const rowObserved = new Int32Array(n).fill(m);
  const colObserved = new Int32Array(m).fill(n);
  let count = 0;
  for (let p = 0; p < total && count < want; p++) {
    const e = order[p];
    const i = Math.floor(e / m);
    const j = e - i * m;
    if (rowObserved[i] === 1 || colObserved[j] === 1) continue;
    mask[e] = 0;
    rowObserved[i]--;
    colObserved[j]--;
    count++;
  }
  const held = new Int32Array(count);
  for (let e = 0, c = 0; e < total; e++) if (mask[e] === 0) held[c++] = e;
  return { mask, held };
}
