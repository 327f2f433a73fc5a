/** Randomized SVD against ml-matrix's exact SVD; sparse kernels against dense products. */
import { expect } from 'chai';
import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { checkCsr } from '../../src/linalg/csr';
import { csrTimesTransposed, sampledProduct, transposedTimesCsr } from '../../src/linalg/sparse';
import { randomizedSvd, wideSvd } from '../../src/linalg/svd';
import { loopThinProducts, type Matrix64 } from '../../src/linalg/thin';
import { readData } from '../../src/nmf/data';
import { expectNoLeak } from '../helpers';
import { absGaussian, maxAbsDiff, product, toCsr } from '../nmf/fixtures';

/** A row-major array's rows of `width` entries. */
function chunk(a: ArrayLike<number>, width: number): number[][] {
  return Array.from({ length: a.length / width }, (_, i) =>
    Array.from({ length: width }, (_, j) => a[i * width + j]),
  );
}

/** Σ_i v(i)·E[i, t] for i < len: a computed singular vector against column t of the exact ones. */
function dotWith(E: Matrix, t: number, len: number, v: (i: number) => number): number {
  let dot = 0;
  for (let i = 0; i < len; i++) dot += v(i) * E.get(i, t);
  return dot;
}

/**
 * The k leading singular triplets of `svd` against the exact ones (values within `valueTol` of
 * σ₁, vectors up to a sign that u and v share, within `vectorTol`).
 */
function expectLeadingTriplets(
  svd: { U: ArrayLike<number>; S: ArrayLike<number>; V: ArrayLike<number> },
  exact: SingularValueDecomposition,
  [rows, cols, k]: [number, number, number],
  valueTol: number,
  vectorTol: number,
) {
  for (let t = 0; t < k; t++) {
    expect(svd.S[t]).to.be.closeTo(exact.diagonal[t], valueTol * exact.diagonal[0]);
    const dotV = dotWith(exact.rightSingularVectors, t, cols, (j) => svd.V[j * k + t]);
    const dotU = dotWith(exact.leftSingularVectors, t, rows, (i) => svd.U[i * k + t]);
    expect(Math.abs(dotV)).to.be.closeTo(1, vectorTol);
    expect(dotU).to.be.closeTo(dotV, 2 * vectorTol);
  }
}

describe('linalg: randomized SVD and sparse products', () => {
  it('randomizedSvd finds the leading singular triplets of a dense and a CSR matrix, tall or wide', async () => {
    // Singular values 10, 8, 6, 4, 2 on top of a small remainder: a clear gap after 5.
    const A = absGaussian(40, 25, 4).map((r) => r.map((v) => 0.01 * v));
    const U = absGaussian(40, 5, 1);
    const V = absGaussian(5, 25, 2);
    const tall = product(U, V).map((r, i) => r.map((v, j) => v + A[i][j]));
    const wide = tall[0].map((_, j) => tall.map((r) => r[j]));
    for (const X of [tall, wide]) {
      const [rows, cols] = [X.length, X[0].length];
      const exact = new SingularValueDecomposition(new Matrix(X), { autoTranspose: true });
      for (const input of [X, toCsr(X)]) {
        // The data may cache Xᵀ for its products until it is disposed.
        const svd = await expectNoLeak(() => {
          const data = readData(input);
          try {
            return randomizedSvd(data, 5, { seed: 3 });
          } finally {
            data.dispose();
          }
        });
        expect(svd.U.length).to.equal(rows * 5);
        expect(svd.V.length).to.equal(cols * 5);
        expectLeadingTriplets(svd, exact, [rows, cols, 5], 1e-4, 1e-3);
      }
    }
  });

  it('randomizedSvd stops its power rounds once the Ritz values settle, not before', () => {
    /** Products of X with thin arrays, counted. */
    const counted = (X: number[][]) => {
      const data = readData(X);
      const op = {
        rows: data.rows,
        cols: data.cols,
        products: 0,
        timesTransposedArray: (M: ArrayLike<number>, k: number, out?: Float32Array) => {
          op.products++;
          return data.timesTransposedArray(M, k, out);
        },
        transposedTimesArray: (M: ArrayLike<number>, k: number, out?: Float32Array) => {
          op.products++;
          return data.transposedTimesArray(M, k, out);
        },
        dispose: () => data.dispose(),
      };
      return op;
    };
    // Rank 4 plus noise 1e-4 (σ₅ ≪ σ₄): X·Ω holds the range already, the second round sees it.
    const noise = absGaussian(300, 60, 4).map((r) => r.map((v) => 1e-4 * v));
    const planted = product(absGaussian(300, 4, 1), absGaussian(4, 60, 2)).map((r, i) =>
      r.map((v, j) => v + noise[i][j]),
    );
    // Independent Gaussian entries: a flat spectrum, no round settles.
    const flat = absGaussian(300, 60, 5);
    const runs: [number[][], number | undefined, number][] = [
      [planted, undefined, 1 + 2 + 1 + 1], // X·Ω, one round, the next round's Xᵀ·Q, then Bᵀ
      [planted, 7, 16],
      [flat, undefined, 16],
    ];
    for (const [X, powerIterations, products] of runs) {
      const op = counted(X);
      try {
        const svd = randomizedSvd(op, 4, { seed: 1, powerIterations });
        expect(op.products, `powerIterations ${powerIterations}`).to.equal(products);
        if (X === planted) {
          const exact = new SingularValueDecomposition(new Matrix(X));
          for (let t = 0; t < 4; t++) {
            expect(svd.S[t]).to.be.closeTo(exact.diagonal[t], 1e-5 * exact.diagonal[0]);
          }
        }
      } finally {
        op.dispose();
      }
    }
  });

  it('randomizedSvd of a wide X leaves XᵀQ unnormalized between the first and last rounds only where cond(XᵀQ)² is small', () => {
    // X = U·diag(s)·Vᵀ (60 × 300) with orthonormal U, V and s_j = decay^j: σ₁/σ₁₄ = decay^−13.
    const orthonormalColumns = (rows: number, cols: number, seed: number) =>
      new QrDecomposition(new Matrix(absGaussian(rows, cols, seed))).orthogonalMatrix.subMatrix(
        0,
        rows - 1,
        0,
        cols - 1,
      );
    const [rows, cols, k] = [60, 300, 4];
    const U = orthonormalColumns(rows, rows, 11);
    const V = orthonormalColumns(cols, rows, 12);
    // decay 0.85: cond² ≈ 70 (skipped in rounds 1 … 5 of 7); 0.5: cond² ≈ 7·10⁷ (never)
    for (const [decay, zOrthonormalizations] of [
      [0.85, 2],
      [0.5, 7],
    ]) {
      const S = Matrix.diag(Array.from({ length: rows }, (_, j) => decay ** j));
      const X = U.mmul(S).mmul(V.transpose());
      // X has negative entries (not NMF data): its products with the l columns of M from ml-matrix
      const into = (P: Matrix, out?: Float32Array) => {
        const values = P.to1DArray();
        return out ? (out.set(values), out) : Float32Array.from(values);
      };
      const data = {
        rows,
        cols,
        timesTransposedArray: (M: ArrayLike<number>, _l: number, out?: Float32Array) =>
          into(X.mmul(new Matrix(chunk(M, cols)).transpose()), out),
        transposedTimesArray: (M: ArrayLike<number>, l: number, out?: Float32Array) =>
          into(new Matrix(chunk(M, l)).transpose().mmul(X), out),
      };
      let wideTimes = 0;
      const thin = () => ({
        ...loopThinProducts,
        times: <T extends Matrix64>(
          F: Matrix64,
          n: number,
          l: number,
          M: Matrix64,
          c: number,
          out?: T,
        ): T => {
          if (n === cols && out === F) wideTimes++; // an orthonormalization of XᵀQ in place
          return loopThinProducts.times(F, n, l, M, c, out);
        },
      });
      const svd = randomizedSvd(data, k, { seed: 4, thin, powerIterations: 7 });
      expect(wideTimes, `decay ${decay}`).to.equal(zOrthonormalizations);
      const exact = new SingularValueDecomposition(X, { autoTranspose: true });
      expectLeadingTriplets(svd, exact, [rows, cols, k], 1e-6, 1e-5);
    }
  });

  it('randomizedSvd of a sparse X with few rows works on X·Xᵀ: one product, the leading triplets', () => {
    // 30 × 3000, ≈10 % non-zero: rank 4 on sparse supports (each column in one or two of four
    // groups of rows) plus small noise on the same pattern.
    const [rows, cols] = [30, 3000];
    const noise = absGaussian(rows, cols, 9);
    const weights = absGaussian(4, cols, 10);
    const X = Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => {
        const group = i % 10 === 0 ? 4 : Math.floor(i / 8); // 0 … 3, some rows in none
        const inGroup = group < 4 && (j % 4 === group || j % 7 === group);
        return inGroup && j % 5 < 2 ? weights[group][j] * (1 + i / rows) + 1e-3 * noise[i][j] : 0;
      }),
    );
    const data = readData(toCsr(X));
    let products = 0;
    const op = {
      ...data,
      rowGram: data.rowGram!,
      timesTransposedArray: (M: ArrayLike<number>, k: number, out?: Float32Array) => {
        products++;
        return data.timesTransposedArray(M, k, out);
      },
      transposedTimesArray: (M: ArrayLike<number>, k: number, out?: Float32Array) => {
        products++;
        return data.transposedTimesArray(M, k, out);
      },
      timesArray: undefined,
      transposedTimesRowsArray: undefined,
    };
    try {
      expect(data.rowGram!(Infinity)).to.be.an.instanceOf(Float64Array);
      const svd = randomizedSvd(op, 4, { seed: 2 });
      expect(products).to.equal(1); // Bᵀ = XᵀQ
      const exact = new SingularValueDecomposition(new Matrix(X), { autoTranspose: true });
      expectLeadingTriplets(svd, exact, [rows, cols, 4], 1e-5, 1e-4);
      // onOperator: the same U and V, in X's spare room (views of its memory) where it has one.
      const kept = randomizedSvd(data, 4, { seed: 2, onOperator: true });
      const spare = data.spare?.(0);
      if (spare) {
        // Views of X's memory at its spare room: V there, U after it.
        expect(kept.V.byteOffset).to.equal(spare.byteOffset);
        expect(kept.U.byteOffset).to.equal(spare.byteOffset + kept.V.byteLength);
        expect(new Float64Array(spare.buffer, spare.byteOffset, 1)[0]).to.equal(kept.V[0]);
      }
      expect(Array.from(kept.U)).to.deep.equal(Array.from(svd.U));
      expect(Array.from(kept.V)).to.deep.equal(Array.from(svd.V));
      expect(Array.from(kept.S)).to.deep.equal(Array.from(svd.S));
    } finally {
      data.dispose();
    }
  });

  it('wideSvd gives the leading triplets of a short wide matrix, zeros past its rank', () => {
    const [l, cols, k] = [6, 40, 5];
    // Rank 4: the last two rows repeat combinations of the first ones.
    const rows = absGaussian(4, cols, 8);
    rows.push(
      rows[0].map((v, j) => v + 2 * rows[1][j]),
      rows[2].map((v) => 3 * v),
    );
    const Bt = Float64Array.from(rows[0].flatMap((_, j) => rows.map((r) => r[j])));
    const exact = new SingularValueDecomposition(new Matrix(rows));
    const got = wideSvd(Bt, cols, l, k);
    for (let t = 0; t < 4; t++) {
      expect(got.S[t]).to.be.closeTo(exact.diagonal[t], 1e-10 * exact.diagonal[0]);
      const dotV = dotWith(exact.rightSingularVectors, t, cols, (j) => got.V[j * k + t]);
      const dotU = dotWith(exact.leftSingularVectors, t, l, (a) => got.U[a * k + t]);
      expect(Math.abs(dotV)).to.be.closeTo(1, 1e-9);
      expect(dotU).to.be.closeTo(dotV, 1e-9); // the same sign for u and v
    }
    expect(got.S[4]).to.equal(0);
    expect(got.V.filter((_, i) => i % k === 4).every((v) => v === 0)).to.equal(true);
  });

  it('CSR kernels equal the dense products X·Hᵀ, Wᵀ·X and (W·H) at the non-zeros', () => {
    const X = absGaussian(13, 9, 5).map((r) => r.map((v) => (v < 0.7 ? 0 : v)));
    const csr = checkCsr(toCsr(X), 'X');
    const W = absGaussian(13, 4, 6);
    const H = absGaussian(4, 9, 7);
    const Ht = H[0].map((_, j) => H.map((row) => row[j]));
    const Wt = W[0].map((_, t) => W.map((row) => row[t]));
    expect(maxAbsDiff(csrTimesTransposed(csr, H.flat(), 4), product(X, Ht).flat())).to.be.below(
      1e-5,
    );
    expect(maxAbsDiff(transposedTimesCsr(W.flat(), csr, 4), product(Wt, X).flat())).to.be.below(
      1e-5,
    );
    const WH = product(W, H);
    const sampled = sampledProduct(csr, W.flat(), H.flat(), 4);
    let p = 0;
    X.forEach((row, i) =>
      row.forEach((v, j) => v !== 0 && expect(sampled[p++]).to.be.closeTo(WH[i][j], 1e-5)),
    );
    expect(p).to.equal(csr.values.length);
  });
});
