/** The component guard's cone check (src/nmf/components.ts): conjunctions of parts are found. */
import { expect } from 'chai';
import {
  ComponentGuard,
  coneWeights,
  DUPLICATE_COSINE,
  largest,
  spanCosinesSq,
  spanCosinesSqLoop,
} from '../../src/nmf/components';
import { spanCosinesSqWasm } from '../../src/kernels/wasm/host-loops';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Rng } from '../../src/random';
import type { NmfData } from '../../src/nmf/data';

/** The Gram matrix (float64) of the rows of H, given as arrays. */
function gram(H: number[][]): Float64Array {
  const k = H.length;
  const G = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) G[a * k + b] = H[a].reduce((s, v, j) => s + v * H[b][j], 0);
  }
  return G;
}

describe('nmf/components: rows of H in the cone of the others', () => {
  // Three disjoint parts and their conjunction 2·h0 + 0.5·h2 (plus a little noise).
  const H = [
    [1, 1, 0, 0, 0, 0],
    [0, 0, 1, 1, 0, 0],
    [0, 0, 0, 0, 1, 1],
    [2, 2, 0, 0.01, 0.5, 0.5],
  ];
  const G = gram(H);

  it('finds the conjunction and the weights that rebuild it', () => {
    const c = coneWeights(G, 4, 3, [])!;
    expect(c).to.not.equal(undefined);
    expect(c[0]).to.be.closeTo(2, 1e-6);
    expect(c[1]).to.be.closeTo(0.005, 1e-6);
    expect(c[2]).to.be.closeTo(0.5, 1e-6);
    expect(c[3]).to.equal(0);
  });

  it('leaves distinct parts alone, and a row whose parts are excluded', () => {
    for (let a = 0; a < 3; a++) expect(coneWeights(G, 4, a, []), `row ${a}`).to.equal(undefined);
    expect(coneWeights(G, 4, 3, [0])).to.equal(undefined);
  });

  it('takes a row within cosine 0.99 of the cone (the duplicate threshold), not one at 0.96', () => {
    // h3 = h0 + 0.2·e (e orthogonal to every other row): 0.1 gives cosine 0.995 (in), 0.3 gives 0.958 (out).
    const near = (eps: number) =>
      gram([
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, eps],
      ]);
    expect(coneWeights(near(0.1), 3, 2, [])).to.not.equal(undefined);
    expect(coneWeights(near(0.3), 3, 2, [])).to.equal(undefined);
  });
});

describe('nmf/components: the span bound that lets the cone check skip its NNLS', () => {
  /** cos² between h_a and its cone point c (from G), as coneWeights measures it. */
  const coneCosSq = (G: Float64Array, k: number, a: number, c: Float64Array) => {
    let cross = 0;
    let quad = 0;
    for (let b = 0; b < k; b++) {
      cross += c[b] * G[b * k + a];
      for (let d = 0; d < k; d++) quad += c[b] * G[b * k + d] * c[d];
    }
    return (cross * cross) / (G[a * k + a] * quad);
  };

  it('bounds every cone point from above, and passes every row the cone check takes', () => {
    const rng = new Rng(7);
    let taken = 0;
    for (let trial = 0; trial < 40; trial++) {
      const k = 3 + (trial % 6);
      const m = 12;
      const H = Array.from({ length: k }, () => Array.from({ length: m }, () => rng.uniform()));
      // Some rows a near-conjunction of two others, as the cone check looks for.
      if (trial % 2) H[k - 1] = H[0].map((v, j) => 2 * v + H[1][j] + 0.02 * rng.uniform());
      const G = gram(H);
      const bound = spanCosinesSq(G, k, [])!;
      expect(bound, `trial ${trial}`).to.not.equal(undefined);
      for (let a = 0; a < k; a++) {
        const c = coneWeights(G, k, a, []);
        if (!c) continue;
        taken++;
        expect(bound[a]).to.be.at.least(coneCosSq(G, k, a, c) - 1e-12);
        expect(bound[a]).to.be.above(DUPLICATE_COSINE ** 2 - 1e-3);
      }
    }
    expect(taken).to.be.above(10);
  });

  it('is 0 for orthogonal rows and excluded ones, ≈1 for a near-conjunction, undefined for a dependent set', () => {
    const parts = [
      [1, 1, 0, 0, 0, 0],
      [0, 0, 1, 1, 0, 0],
      [0, 0, 0, 0, 1, 1],
    ];
    for (const v of spanCosinesSq(gram(parts), 3, [])!) expect(v).to.be.closeTo(0, 1e-15);
    const G = gram([...parts, [2, 2, 0, 0.01, 0.5, 0.5]]);
    const bound = spanCosinesSq(G, 4, [])!;
    expect(bound[3]).to.be.above(0.9999);
    expect(spanCosinesSq(G, 4, [0])![3]).to.be.below(0.1); // without h0's direction
    expect(spanCosinesSq(G, 4, [0])![0]).to.equal(0);
    expect(spanCosinesSq(gram([...parts, [1, 1, 1, 1, 0, 0]]), 4, [])).to.equal(undefined);
  });

  it('in WebAssembly gives the bits of the loop form (on subsets, and undefined where it does)', function () {
    if (!simdProductsAvailable()) this.skip();
    const rng = new Rng(11);
    let defined = 0;
    for (const k of [1, 4, 9, 64]) {
      const H = Array.from({ length: k }, () => Array.from({ length: 80 }, () => rng.uniform()));
      if (k > 4) H[k - 1] = H[0].map((v, j) => 2 * v + H[1][j] + 1e-3 * rng.uniform());
      const G = gram(H);
      for (const S of [[...Array(k).keys()], [...Array(k).keys()].filter((b) => b % 3 !== 1)]) {
        const want = spanCosinesSqLoop(G, k, S);
        const got = spanCosinesSqWasm(G, k, S, 1e-8);
        if (want === undefined) expect(got, `k ${k}`).to.equal(undefined);
        else {
          defined++;
          expect(Buffer.from(got!.buffer).equals(Buffer.from(want.buffer)), `k ${k}`).to.equal(
            true,
          );
        }
      }
    }
    expect(defined).to.be.at.least(6);
    const dependent = gram([
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
    ]);
    expect(spanCosinesSqLoop(dependent, 3, [0, 1, 2])).to.equal(undefined);
    expect(spanCosinesSqWasm(dependent, 3, [0, 1, 2], 1e-8)).to.equal(undefined);
  });
});

describe('nmf/components: the guard counts only components it changed', () => {
  // X 3 × 4 with ‖X‖² = 12; rank 2, the guard with penalties (no re-seeding, no balancing).
  const data = { rows: 3, cols: 4, sqNorm: 12 } as unknown as NmfData;
  const factors = (wDead: number, hDead: number) => ({
    w: Float32Array.from([1, wDead, 1, wDead, 1, wDead]), // n × k
    ht: Float32Array.from([1, hDead, 1, hDead, 1, hDead, 1, hDead]), // m × k
    scaleComponent: () => {
      throw new Error('not balanced with penalties');
    },
  });

  it('zeroes a dead but non-zero component and counts it', () => {
    const f = factors(1e-9, 1e-9);
    const out = new ComponentGuard(data, 2, 100, true).check(f, 1);
    expect(out).to.deep.equal({ reseeded: 0, zeroed: 1, balanced: 0 });
    expect(Array.from(f.w.filter((_, i) => i % 2 === 1))).to.deep.equal([0, 0, 0]);
    expect(Array.from(f.ht.filter((_, i) => i % 2 === 1))).to.deep.equal([0, 0, 0, 0]);
  });

  it('does not count a component that was zero already (nothing changed)', () => {
    const f = factors(0, 0);
    const out = new ComponentGuard(data, 2, 100, true).check(f, 1);
    expect(out).to.deep.equal({ reseeded: 0, zeroed: 0, balanced: 0 });
  });
});

describe('nmf/components: the re-seeding candidates', () => {
  /** The reference: every index sorted by value, largest first, ties by index. */
  const sorted = (v: Float64Array, count: number) =>
    Array.from(v.keys())
      .sort((a, b) => v[b] - v[a] || a - b)
      .slice(0, count);

  it('largest(values, count) is a full sort cut to count, ties by the lower index', () => {
    const rng = new Rng(3);
    for (const [n, count, levels] of [
      [1, 1, 5],
      [10, 3, 3],
      [1000, 12, 1000],
      [1000, 40, 7],
      [5, 8, 2],
      [50, 0, 4],
    ]) {
      // Few distinct levels: many ties.
      const v = Float64Array.from({ length: n }, () => Math.floor(rng.uniform() * levels));
      expect(largest(v, count), `n = ${n}, count = ${count}`).to.deep.equal(sorted(v, count));
    }
  });

  it('counts a NaN as the smallest value', () => {
    const v = Float64Array.from([NaN, 2, NaN, 5, 1]);
    expect(largest(v, 3)).to.deep.equal([3, 1, 4]);
    expect(largest(v, 5)).to.deep.equal([3, 1, 4, 0, 2]);
  });
});
