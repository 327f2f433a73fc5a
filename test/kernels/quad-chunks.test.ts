/**
 * QuadChunks (each chunk of columns taken through the whole solve in one task, in float32 with
 * four columns per lane group: anls's default half-steps) against the JavaScript float32 loop
 * (ColumnState's float32 form, js/bb-columns32.ts): the same solution bits, iterations and
 * residual, whatever the shape (one column, counts that leave one to three lanes of the last
 * quad empty, several chunks), the check that stops (the start, a middle one, the last) and the
 * threads (1 and 3), and with two shapes taking turns on one memory that grows under the
 * workers' instances. And the float32 solve against the float64 one: the same solution to
 * float32's precision.
 */
import { expect } from 'chai';
import { gramProblem } from './kernel-fixtures';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { QuadChunks } from '../../src/kernels/bb-state';
import {
  GramBbWorkspace,
  gramKktResidual,
  overparamGramBb,
} from '../../src/kernels/overparam-gram';
import { BB_CHUNK_COLUMNS } from '../../src/kernels/js/bb-columns';

const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A workspace without QuadChunks: overparamGramBb takes ColumnState's float32 loop. */
class LoopWorkspace extends GramBbWorkspace {
  override chunks(): QuadChunks | undefined {
    return undefined;
  }
}

/** C and x0 of `gramProblem` as float32 rows (`r × n`, the `columns` layout). */
function asRows(a: Float64Array, n: number, r: number): Float32Array {
  const out = new Float32Array(r * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) out[j * n + i] = a[i * r + j];
  return out;
}

describe('kernels: QuadChunks solves chunk by chunk in float32 with the bits of the JavaScript loop', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  const solve = (
    p: ReturnType<typeof gramProblem>,
    n: number,
    r: number,
    o: { maxIter: number; checkEvery: number; tol: number | ((s: number) => number) },
    workspace: GramBbWorkspace,
    threads: number,
    pool?: DenseProducts,
  ) => {
    // The products' worker threads run the chunk tasks (a pool of their own unless given).
    const products = pool ?? new DenseProducts(new Float32Array(4), 2, 2, threads);
    try {
      const out = new Float32Array(r * n);
      const result = overparamGramBb(
        p.G,
        asRows(p.C, n, r),
        asRows(p.x0, n, r),
        n,
        r,
        { depth: 2, lipschitz: p.lipschitz, layout: 'columns', switchAt: 5, ...o },
        (t) => products.runTask(t),
        workspace,
        out,
      );
      return { ...result, x: out };
    } finally {
      if (!pool) products.dispose();
    }
  };

  for (const [n, r] of [
    [3, 1],
    [7, 5],
    [4, 6],
    [8, 7],
    [16, BB_CHUNK_COLUMNS],
    [5, BB_CHUNK_COLUMNS + 1],
    [12, 3 * BB_CHUNK_COLUMNS + 7],
  ]) {
    it(`n = ${n}, r = ${r}: every stopping check, 1 and 3 threads`, () => {
      const p = gramProblem(n, r, n + r);
      const loop = new LoopWorkspace();
      const chunked = new GramBbWorkspace();
      try {
        // The residual after 5 iterations, as a tolerance that stops the solve there.
        const atFive = solve(p, n, r, { maxIter: 5, checkEvery: 5, tol: 0 }, loop, 1);
        const variants = [
          { maxIter: 10, checkEvery: 5, tol: 0 }, // to the end
          { maxIter: 10, checkEvery: 5, tol: 1e9 }, // at the start pass
          { maxIter: 10, checkEvery: 5, tol: atFive.kktResidual }, // after the first segment
          { maxIter: 10, checkEvery: 5, tol: (s: number) => 1e-3 * s },
          { maxIter: 7, checkEvery: 5, tol: 0 }, // a short last segment
          { maxIter: 0, checkEvery: 5, tol: 0 },
        ];
        const stops = new Set<number>();
        for (const o of variants) {
          for (const threads of [1, 3]) {
            const want = solve(p, n, r, o, loop, threads);
            const got = solve(p, n, r, o, chunked, threads);
            const label = `${JSON.stringify({ ...o, tol: String(o.tol) })}, ${threads} threads`;
            expect(bits(got.x).equals(bits(want.x)), label).to.equal(true);
            expect(got.iterations, label).to.equal(want.iterations);
            expect(got.kktResidual, label).to.equal(want.kktResidual);
            stops.add(got.iterations);
          }
        }
        // The variants do stop at the start, after the first segment and at the end.
        for (const k of [0, 5, 7, 10]) expect(stops.has(k), `stops at ${k}`).to.equal(true);
      } finally {
        loop.dispose();
        chunked.dispose();
      }
    });
  }

  it('two shapes taking turns on one memory (the larger grows it under the smaller), 3 threads', () => {
    const n = 9;
    const shapes = [BB_CHUNK_COLUMNS + 3, 5 * BB_CHUNK_COLUMNS + 1];
    const problems = shapes.map((r, i) => gramProblem(n, r, 80 + i));
    const o = { maxIter: 10, checkEvery: 5, tol: 0 };
    const alone = problems.map((p, i) => {
      const workspace = new LoopWorkspace();
      try {
        return solve(p, n, shapes[i], o, workspace, 3);
      } finally {
        workspace.dispose();
      }
    });
    // One pool for every solve: its workers keep their instances on the memory as it grows.
    const pool = new DenseProducts(new Float32Array(4), 2, 2, 3);
    const workspace = new GramBbWorkspace();
    try {
      for (let round = 0; round < 3; round++) {
        problems.forEach((p, i) => {
          const got = solve(p, n, shapes[i], o, workspace, 3, pool);
          expect(bits(got.x).equals(bits(alone[i].x)), `round ${round}, shape ${i}`).to.equal(true);
          expect(got.kktResidual).to.equal(alone[i].kktResidual);
        });
      }
    } finally {
      workspace.dispose();
      pool.dispose();
    }
  });

  it('solves as the float64 pairs do, to float32 precision (the KKT residual, the solution)', () => {
    const [n, r] = [10, 2 * BB_CHUNK_COLUMNS + 3];
    const p = gramProblem(n, r, 21);
    const o = {
      depth: 2,
      lipschitz: p.lipschitz,
      switchAt: 5,
      maxIter: 200,
      checkEvery: 5,
      tol: 0,
    };
    const workspace = new GramBbWorkspace();
    try {
      // Float64 rows: the float64 pairs. Then float32 rows, ten iterations at a time (the quads).
      const want = overparamGramBb(p.G, p.C, p.x0, n, r, o, undefined, workspace);
      let x0 = asRows(p.x0, n, r);
      const got = new Float32Array(r * n);
      for (let round = 0; round < 20; round++) {
        const step = { ...o, layout: 'columns' as const, maxIter: 10 };
        overparamGramBb(p.G, asRows(p.C, n, r), x0, n, r, step, undefined, workspace, got);
        x0 = got.slice();
      }
      const wantRows = asRows(want.x as Float64Array, n, r);
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < r * n; i++) {
        diff += (got[i] - wantRows[i]) ** 2;
        norm += wantRows[i] ** 2;
      }
      expect(Math.sqrt(diff / norm)).to.be.below(1e-4);
      const gotNR = Float64Array.from(
        { length: n * r },
        (_, e) => got[(e % r) * n + Math.floor(e / r)],
      );
      const kkt = gramKktResidual(p.G, p.C, gotNR, n, r, p.lipschitz);
      expect(want.kktResidual).to.be.below(1e-6);
      expect(kkt).to.be.below(1e-5);
    } finally {
      workspace.dispose();
    }
  });

  it('is what the default half-step takes (float32 rows, two segments), not the loop', () => {
    const [n, r] = [6, 40];
    const p = gramProblem(n, r, 9);
    const workspace = new GramBbWorkspace();
    try {
      solve(p, n, r, { maxIter: 10, checkEvery: 5, tol: 0 }, workspace, 1);
      expect(workspace.chunks(n, r)).to.be.instanceOf(QuadChunks);
      // More checks than QuadChunks runs: the float64 loop of tasks.
      const many = new (class extends GramBbWorkspace {
        override chunks(): QuadChunks | undefined {
          throw new Error('QuadChunks taken for 20 checks');
        }
      })();
      try {
        solve(p, n, r, { maxIter: 20, checkEvery: 1, tol: 0 }, many, 1);
      } finally {
        many.dispose();
      }
    } finally {
      workspace.dispose();
    }
  });
});
