/**
 * Online NMF (src/nmf/online.ts): near the batch error on a planted problem, one pass over one
 * batch is exactly one alternating step, the final pass and transformOnline agree, memory that
 * does not grow with the rows, named option errors, no tensor leaks.
 */
import { expect } from 'chai';
import { factorize } from '../../src/nmf';
import { factorizeOnline, transformOnline } from '../../src/nmf/online';
import { memorySource } from '../../src/nmf/online-source';
import { gramOfRows } from '../../src/nmf/online-batch';
import { largestEigenvalueSmall } from '../../src/linalg/small';
import { transposeArray } from '../../src/linalg/sparse';
import { overparamGramBb } from '../../src/kernels/overparam-gram';
import { Rng } from '../../src/random';
import { errorOf, expectNoLeak } from '../helpers';

/** X = W H (+ 5 % multiplicative noise), W sparse topic mixtures, H sparse topics. */
function planted(n: number, m: number, k: number, seed: number) {
  const rng = new Rng(seed);
  const H = Float32Array.from({ length: k * m }, () => (rng.uniform() < 0.3 ? rng.uniform() : 0));
  const X = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: k }, () => (rng.uniform() < 0.4 ? rng.uniform() : 0));
    w[i % k] += 0.5;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += w[t] * H[t * m + j];
      X[i * m + j] = s * (1 + 0.05 * rng.normal() ** 2);
    }
  }
  return { data: X, shape: [n, m] as [number, number] };
}

describe('nmf: online (mini-batch) NMF', () => {
  const X = planted(600, 40, 4, 1);

  it('reaches the batch anls error within 2 % on a planted problem (10 passes)', async () => {
    const online = await factorizeOnline(memorySource(X), { rank: 4, batchSize: 50, passes: 10 });
    const batch = await factorize(X, { rank: 4 });
    const anlsError = batch.relativeError;
    batch.W.dispose();
    batch.H.dispose();
    expect(online.relativeError).to.be.lessThan(anlsError * 1.02);
    expect(online.relativeError).to.be.lessThan(0.1);
    expect(online.batches).to.equal(11 * 12);
  });

  it('one pass over one batch is one alternating step: W from H₀, then H from WᵀW and WᵀX', async () => {
    const k = 3;
    const [n, m] = X.shape;
    const rng = new Rng(5);
    const H0 = Float32Array.from({ length: k * m }, () => rng.uniform());
    const r = await factorizeOnline(
      memorySource(X),
      { rank: k, H: H0, batchSize: n, passes: 1, hMaxIter: 50, hTol: 0 },
      () => undefined,
    );
    // The same engine calls on the whole X, written out here.
    const engine = (
      G: Float64Array,
      C: ArrayLike<number>,
      x0: ArrayLike<number>,
      r_: number,
      tol: number,
      maxIter: number,
    ) =>
      overparamGramBb(
        G,
        C,
        x0,
        k,
        r_,
        {
          depth: 2,
          lipschitz: largestEigenvalueSmall(G, k),
          tol,
          maxIter,
          checkEvery: 5,
          layout: 'columns',
        },
        undefined,
        undefined,
        new Float32Array(k * r_),
      ).x as Float32Array;
    const ht0 = transposeArray(H0, k, m);
    const GH = gramOfRows(ht0, m, k);
    const P = new Float32Array(n * k);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < k; t++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += X.data[i * m + j] * ht0[j * k + t];
        P[i * k + t] = s;
      }
    // The line-search start along max(P, 0), as online.ts documents.
    const x0 = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      let num = 0;
      let den = 0;
      for (let s = 0; s < k; s++) {
        num += P[i * k + s] * P[i * k + s];
        for (let t = 0; t < k; t++) den += P[i * k + s] * GH[s * k + t] * P[i * k + t];
      }
      for (let s = 0; s < k; s++) x0[i * k + s] = (num / den) * P[i * k + s];
    }
    const W = engine(GH, P, x0, n, 1e-4, 100);
    const Bt = new Float64Array(m * k);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++)
        for (let t = 0; t < k; t++) Bt[j * k + t] += X.data[i * m + j] * W[i * k + t];
    const Ht = engine(gramOfRows(W, n, k), Bt, ht0, m, 0, 50);
    const H = transposeArray(Ht, m, k);
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < H.length; i++) {
      diff = Math.max(diff, Math.abs(H[i] - r.H[i]));
      norm = Math.max(norm, Math.abs(H[i]));
    }
    expect(diff / norm).to.be.lessThan(1e-5);
  });

  it('the final pass hands W block by block, equal to transformOnline with the same H', async () => {
    const blocks: number[] = [];
    const W1 = new Float32Array(600 * 4);
    const r = await factorizeOnline(
      memorySource(X),
      { rank: 4, batchSize: 128, passes: 1 },
      (b) => {
        blocks.push(b.start);
        W1.set(b.w, b.start * 4);
      },
    );
    expect(blocks).to.deep.equal([0, 128, 256, 384, 512]);
    const W2 = new Float32Array(600 * 4);
    let sqError = 0;
    let sqNorm = 0;
    for await (const b of transformOnline(memorySource(X), r.H, 4, { batchSize: 128 })) {
      W2.set(b.w, b.start * 4);
      sqError += b.squaredError;
      sqNorm += b.squaredNorm;
    }
    expect(Array.from(W2)).to.deep.equal(Array.from(W1));
    expect(Math.sqrt(sqError / sqNorm)).to.be.closeTo(r.relativeError, 1e-12);
    // The reported error is ‖X − WH‖_F / ‖X‖_F computed directly.
    let e = 0;
    let x = 0;
    for (let i = 0; i < 600; i++)
      for (let j = 0; j < 40; j++) {
        let s = 0;
        for (let t = 0; t < 4; t++) s += W1[i * 4 + t] * r.H[t * 40 + j];
        e += (X.data[i * 40 + j] - s) ** 2;
        x += X.data[i * 40 + j] ** 2;
      }
    expect(r.relativeError).to.be.closeTo(Math.sqrt(e / x), 1e-5);
  });

  it('its buffers depend on the batch size and rank, not on the rows', async () => {
    const big = planted(1200, 40, 4, 1);
    const a = await factorizeOnline(memorySource(X), { rank: 4, batchSize: 64, passes: 1 });
    const b = await factorizeOnline(memorySource(big), { rank: 4, batchSize: 64, passes: 1 });
    expect(b.workBytes).to.equal(a.workBytes);
    const c = await factorizeOnline(memorySource(big), { rank: 4, batchSize: 128, passes: 1 });
    expect(c.workBytes).to.be.greaterThan(b.workBytes);
  });

  it('is seeded: the same options give the same H', async () => {
    const o = { rank: 4, batchSize: 100, passes: 2, seed: 3 };
    const a = await factorizeOnline(memorySource(X), o);
    const b = await factorizeOnline(memorySource(X), o);
    expect(Array.from(a.H)).to.deep.equal(Array.from(b.H));
  });

  it('options errors name the option and what is allowed', async () => {
    const s = memorySource(X);
    expect(await errorOf(() => factorizeOnline(s, { rank: 4, batchSize: 0 }))).to.match(
      /option batchSize must be an integer ≥ 1, got 0/,
    );
    expect(await errorOf(() => factorizeOnline(s, { rank: 4, forgetFactor: 1.5 }))).to.match(
      /option forgetFactor must be a number > 0 ≤ 1/,
    );
    expect(await errorOf(() => factorizeOnline(s, { rank: 4, passes: 1.5 }))).to.match(
      /option passes/,
    );
    expect(await errorOf(() => factorizeOnline(s, { rank: 4, batchsize: 3 } as never))).to.match(
      /unknown online NMF option "batchsize"/,
    );
    expect(await errorOf(() => factorizeOnline(s, { rank: 2, H: new Float32Array(3) }))).to.match(
      /option H must be a Float32Array of rank × nFeatures = 2 × 40/,
    );
    const neg = memorySource({ data: [1, -1, 0, 2], shape: [2, 2] });
    expect(await errorOf(() => factorizeOnline(neg, { rank: 1 }))).to.match(
      /X has -1 at row 0, column 1/,
    );
  });

  it('leaves no tensor behind (nndsvda on the first batch included)', async () => {
    await expectNoLeak(() =>
      factorizeOnline(memorySource(X), { rank: 4, batchSize: 200, passes: 1 }),
    );
    await expectNoLeak(async () => {
      for await (const b of transformOnline(memorySource(X), new Float32Array(4 * 40).fill(1), 4))
        void b;
    });
  });
});
