/**
 * Average-linkage (UPGMA) hierarchical clustering of n items from their distances, in
 * float64, by the nearest-neighbour chain algorithm (O(n²) time, one n × n working copy;
 * average linkage is reducible, so the chain finds the same dendrogram as the greedy
 * closest-pair rule), and the cophenetic correlation of the result: the Pearson correlation
 * between the distances and the heights at which the dendrogram first joins each pair.
 */
import { usageError } from '../errors';

/** The result of average-linkage hierarchical clustering of n items (UPGMA). */
export interface Linkage {
  /** n − 1 merges, in the order made: clusters a and b (ids: leaves 0…n−1, merge t is n + t). */
  merges: { a: number; b: number; height: number; size: number }[];
  /** The leaves in dendrogram order (for drawing the consensus matrix as a block picture). */
  order: Int32Array;
  /** Pearson correlation of the distances with the cophenetic distances (NaN if either is constant). */
  copheneticCorrelation: number;
}

/** Clusters the n items of the symmetric distance matrix D (`n × n`, row-major; not changed). */
export function averageLinkage(D: ArrayLike<number>, n: number): Linkage {
  if (!(Number.isInteger(n) && n >= 2) || D.length !== n * n) {
    throw usageError(
      `averageLinkage needs an n × n distance matrix with n ≥ 2, got ${D.length} entries for n = ${n}`,
    );
  }
  const d = Float64Array.from(D);
  const size = new Int32Array(n).fill(1);
  const id = Int32Array.from({ length: n }, (_, i) => i); // cluster id held at slot i
  const active = new Uint8Array(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  // Sums for the cophenetic correlation over the pairs i < j.
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      sx += D[i * n + j];
      sxx += D[i * n + j] ** 2;
    }
  }
  let sy = 0;
  let syy = 0;
  let sxy = 0;
  const merges: Linkage['merges'] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1];
    const prev = chain.length > 1 ? chain[chain.length - 2] : -1;
    // The nearest active neighbour of a, preferring the previous chain element on ties.
    let b = prev;
    let best = prev >= 0 ? d[a * n + prev] : Infinity;
    for (let c = 0; c < n; c++) {
      if (!active[c] || c === a) continue;
      const v = d[a * n + c];
      if (v < best) {
        best = v;
        b = c;
      }
    }
    if (b !== prev) {
      chain.push(b);
      continue;
    }
    chain.length -= 2;
    // Merge a and b at height `best` into slot lo; slot hi goes inactive.
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    for (const p of members[lo]) {
      for (const q of members[hi]) {
        const x = D[p * n + q];
        sy += best;
        syy += best * best;
        sxy += x * best;
      }
    }
    const sl = size[lo];
    const sh = size[hi];
    for (let c = 0; c < n; c++) {
      if (!active[c] || c === lo || c === hi) continue;
      const v = (sl * d[lo * n + c] + sh * d[hi * n + c]) / (sl + sh);
      d[lo * n + c] = d[c * n + lo] = v;
    }
    merges.push({ a: id[lo], b: id[hi], height: best, size: sl + sh });
    id[lo] = n + merges.length - 1;
    size[lo] = sl + sh;
    members[lo] = members[lo].concat(members[hi]);
    members[hi] = [];
    active[hi] = 0;
    remaining--;
  }
  const pairs = (n * (n - 1)) / 2;
  const cov = sxy / pairs - (sx / pairs) * (sy / pairs);
  const vx = sxx / pairs - (sx / pairs) ** 2;
  const vy = syy / pairs - (sy / pairs) ** 2;
  const copheneticCorrelation = vx > 1e-300 && vy > 1e-300 ? cov / Math.sqrt(vx * vy) : NaN;
  return { merges, order: leafOrder(merges, n), copheneticCorrelation };
}

/** The leaves left to right (merge a before b), by an explicit stack from the root. */
function leafOrder(merges: Linkage['merges'], n: number): Int32Array {
  const order = new Int32Array(n);
  let p = 0;
  const stack = [n + merges.length - 1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < n) {
      order[p++] = node;
      continue;
    }
    const { a, b } = merges[node - n];
    stack.push(b, a);
  }
  return order;
}
