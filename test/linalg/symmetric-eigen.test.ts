/** The symmetric eigendecomposition in WebAssembly against ml-matrix's, bit for bit. */
import { expect } from 'chai';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../../src/random';
import { symmetricEigen, type SymmetricEigen } from '../../src/linalg/thin';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Thin64 } from '../../src/kernels/wasm/thin64';

/** Both forms: ml-matrix's (the loop form), and products.wat's where WebAssembly SIMD runs. */
const wasm = Thin64.create(80);
type Eigen = (G: number[], n: number) => SymmetricEigen;
const forms: [string, Eigen][] = [['ml-matrix', symmetricEigen]];
if (wasm) forms.push(['wasm', (G, n) => wasm.eigen(G, n)]);

/** G = AᵀA / m for a seeded Gaussian A (`m × n`), scaled by `decay`^j per column j. */
function gram(n: number, m: number, seed: number, decay = 1): number[][] {
  const rng = new Rng(seed);
  const A = Array.from({ length: m }, () =>
    Array.from({ length: n }, (_, j) => rng.normal() * decay ** j),
  );
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => A.reduce((s, r) => s + r[i] * r[j], 0) / m),
  );
}

function expectSameAsMlMatrix(G: number[][]): void {
  const n = G.length;
  const reference = new EigenvalueDecomposition(new Matrix(G), { assumeSymmetric: true });
  const E = reference.eigenvectorMatrix;
  for (const [name, eigen] of forms) {
    const { values, vectors } = eigen(G.flat(), n);
    expect(Array.from(values), `${name}, n = ${n}`).to.deep.equal(reference.realEigenvalues);
    for (let j = 0; j < n; j++) {
      const column = Array.from({ length: n }, (_, i) => E.get(i, j));
      expect(Array.from(vectors.subarray(j * n, (j + 1) * n)), name).to.deep.equal(column);
    }
  }
}

describe('linalg: symmetric eigendecomposition', () => {
  it("gives ml-matrix's eigenvalues and eigenvectors bit for bit, in both forms", () => {
    expect(forms.length).to.equal(simdProductsAvailable() ? 2 : 1);
    for (const n of [1, 2, 3, 7, 20, 30, 74]) expectSameAsMlMatrix(gram(n, n + 5, n));
    // Rank-deficient (more columns than rows), a spectrum decaying over 10 orders, and
    // matrices with zero rows, repeated and zero eigenvalues (tred2's scale = 0 branch).
    expectSameAsMlMatrix(gram(12, 4, 1));
    expectSameAsMlMatrix(gram(26, 40, 2, 0.4));
    const diagonal = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => (i === j ? [3, 0, 3, 1, 0, 2][i] : 0)),
    );
    expectSameAsMlMatrix(diagonal);
    expectSameAsMlMatrix(Array.from({ length: 5 }, () => new Array(5).fill(0)));
    expectSameAsMlMatrix(Array.from({ length: 4 }, () => new Array(4).fill(1)));
  });

  it('decomposes: G·v = λ·v with orthonormal v, values ascending, in both forms', () => {
    const n = 9;
    const G = gram(n, 30, 7);
    for (const [name, eigen] of forms) {
      const { values, vectors } = eigen(G.flat(), n);
      for (let j = 0; j < n; j++) {
        const v = vectors.subarray(j * n, (j + 1) * n);
        for (let i = 0; i < n; i++) {
          const Gv = G[i].reduce((s, g, t) => s + g * v[t], 0);
          expect(Gv, name).to.be.closeTo(values[j] * v[i], 1e-12);
        }
        for (let t = 0; t < n; t++) {
          const dot = v.reduce((s, x, i) => s + x * vectors[t * n + i], 0);
          expect(dot, name).to.be.closeTo(t === j ? 1 : 0, 1e-12);
        }
      }
      expect(Array.from(values)).to.deep.equal(Array.from(values).sort((a, b) => a - b));
    }
  });

  it('names a size that does not fit', () => {
    for (const [, eigen] of forms) {
      expect(() => eigen([1, 2, 3], 2)).to.throw(RangeError, /3 entries for a 2 × 2/);
    }
    if (wasm)
      expect(() => wasm.eigen(new Array(81 * 81).fill(0), 81)).to.throw(RangeError, /81 columns/);
  });
});
