import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize } from '../../src';
import {
  extrapolateInto,
  nextExtrapolation,
  resumedExtrapolation,
  savedExtrapolation,
} from '../../src/nmf/extrapolation';
import {
  runTaskOnThisThread,
  sharedFloat32,
  sharedFloat64,
} from '../../src/kernels/threads/kernel-threads';
import {
  loopSweeps,
  loopSweeps32,
  sweepKernel,
  SWEEP_CHUNK_ROWS,
} from '../../src/kernels/js/sweep-kernel';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { WasmSweeps, wasmSweepsAvailable } from '../../src/kernels/wasm/sweep-wasm';
import { expectNoLeak, gaussian } from '../helpers';
import { lawsonHanson } from '../reference';
import { gramLoop } from '../../src/linalg/thin';
import { threadedSweep } from '../../src/nmf/hals';

/** A row-separable problem: G = HHᵀ (`k × k`), P = X·Hᵀ (`rows × k`), H `k × m` ≥ 0. */
function rowProblem(rows: number, k: number, m: number, seed: number) {
  const H = gaussian(k, m, seed).map((r) => r.map(Math.abs));
  const X = gaussian(rows, m, seed + 1).map((r) => r.map((v) => v + 0.3));
  const G = new Float64Array(k * k);
  const P = new Float64Array(rows * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) G[a * k + b] = H[a].reduce((s, v, j) => s + v * H[b][j], 0);
  }
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < k; a++) P[i * k + a] = X[i].reduce((s, v, j) => s + v * H[a][j], 0);
  }
  return { H, X, G, P };
}

/** The loop form of the sweeps in float64 (loopSweeps) or float32 (loopSweeps32) on F. */
function loopSweepsIn(
  float32: boolean,
  F: Float64Array,
  G: Float64Array,
  P: ArrayLike<number>,
  rows: number,
  k: number,
  sweeps = 5,
) {
  return float32
    ? loopSweeps32(F, Float32Array.from(G), P, 0, rows, k, sweeps, 0.01)
    : loopSweeps(F, G, P, 0, rows, k, sweeps, 0.01);
}

describe('nmf: hals sweep kernel', () => {
  for (const [k, float32] of [
    [1, false],
    [3, false],
    [16, false],
    [40, false],
    [1, true],
    [3, true],
    [16, true],
    [40, true],
  ] as const) {
    const precision = float32 ? 'float32' : 'float64';
    it(`the chunk task hals-sweep on 1 and 3 threads gives the loop form's bits, k = ${k}, ${precision}`, function () {
      if (!simdProductsAvailable()) this.skip();
      const rows = 700; // three chunks of SWEEP_CHUNK_ROWS
      const { G, P } = rowProblem(rows, k, 30, 40 + k);
      const start = Float64Array.from({ length: rows * k }, (_, i) => (i % 3) * 0.2);
      const ref = Float64Array.from(start);
      const want = loopSweepsIn(float32, ref, G, Float32Array.from(P), rows, k);
      const G32 = sharedFloat32(k * k);
      G32.set(G);
      for (const threads of [1, 3]) {
        const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
        try {
          const F = sharedFloat64(rows * k);
          F.set(start);
          const P32 = sharedFloat32(rows * k);
          P32.set(P);
          const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
          const violations = sharedFloat64(chunks);
          const payload = {
            F,
            G: float32 ? G32 : G,
            P: P32,
            rows,
            k,
            maxSweeps: 5,
            ratio: 0.01,
            violations,
          };
          products.runTask({ task: 'hals-sweep', payload, chunks });
          expect(Array.from(F), `${threads} threads`).to.deep.equal(Array.from(ref));
          expect(violations.reduce((x, y) => x + y, 0)).to.be.closeTo(want, 1e-12 * want);
          if (!float32) {
            expect(sweepKernel(k)(Float64Array.from(start), G, P32, 0, rows, 5, 0.01)).to.equal(
              want,
            );
          }
        } finally {
          products.dispose();
        }
      }
    });
  }

  for (const [k, float32] of [1, 3, 6, 10, 16, 17, 40, 64].flatMap((k) => [
    [k, false] as const,
    [k, true] as const,
  ])) {
    const kernel = float32 ? 'sweepRows32' : 'sweepRows';
    it(`the wasm kernel (${kernel}) gives the loop form's results bit for bit, k = ${k}`, function () {
      if (!wasmSweepsAvailable()) this.skip();
      // A chunk of 256 rows, then 43 to 48: float64 in fours, the last 1 to 3 alone; float32 in
      // eights, then a four where 4 to 7 are left, the last 1 to 3 padded to four.
      for (const rows of float32 ? [299, 300, 301, 302, 303, 304] : [303]) {
        const { G, P } = rowProblem(rows, k, 30, 20 + k);
        const P32 = Float32Array.from(P);
        const wasm = new WasmSweeps(rows, k, 12 * rows * k + 256, float32);
        try {
          const F = wasm.f64(rows * k);
          const P2 = wasm.f32(rows * k);
          P2.set(P32);
          F.set(Float64Array.from({ length: rows * k }, (_, i) => (i % 3) * 0.2));
          const ref = Float64Array.from(F);
          for (const sweeps of [1, 5]) {
            const v = wasm.sweep(runTaskOnThisThread, F, G, P2, rows, sweeps, 0.01);
            const vRef = loopSweepsIn(float32, ref, G, P32, rows, k, sweeps);
            expect(v).to.be.closeTo(vRef, 1e-12 * vRef); // chunk sums added in another grouping
            expect(
              Buffer.from(F.buffer, F.byteOffset, F.byteLength).equals(Buffer.from(ref.buffer)),
              `${rows} rows, ${sweeps} sweeps`,
            ).to.equal(true);
          }
        } finally {
          wasm.dispose();
        }
      }
    });
  }

  for (const k of [1, 3, 6, 17, 64]) {
    it(`WasmSweeps.gram on 1 and 3 threads gives the loop form's FᵀF bit for bit, k = ${k}`, function () {
      if (!wasmSweepsAvailable()) this.skip();
      const rows = 5000; // four blocks of 1024 rows and a partial one
      const wasm = new WasmSweeps(rows, k, 8 * rows * k + 256);
      try {
        const F = wasm.f64(rows * k);
        F.set(Float64Array.from({ length: rows * k }, (_, i) => Math.sin(i) * 3 + 0.1 * (i % 7)));
        const want = gramLoop(F, rows, k);
        for (const threads of [1, 3]) {
          const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
          try {
            const G = wasm.gram((task) => products.runTask(task), F, rows);
            expect(G && Array.from(G), `${threads} threads`).to.deep.equal(Array.from(want));
          } finally {
            products.dispose();
          }
        }
        expect(wasm.gram(runTaskOnThisThread, F, 100), 'too few rows').to.equal(undefined);
        const elsewhere = Float64Array.from(F);
        expect(wasm.gram(runTaskOnThisThread, elsewhere, rows), 'off its memory').to.equal(
          undefined,
        );
      } finally {
        wasm.dispose();
      }
    });
  }

  it("sweeps from a start on the memory, each chunk's rows copied first: the bits of copying F before", function () {
    if (!wasmSweepsAvailable()) this.skip();
    const rows = 700;
    const k = 5;
    const { G, P } = rowProblem(rows, k, 30, 9);
    const wasm = new WasmSweeps(rows, k, 20 * rows * k + 256);
    try {
      const F = wasm.f64(rows * k);
      const start = wasm.f64(rows * k);
      const P2 = wasm.f32(rows * k);
      P2.set(P);
      start.set(Float64Array.from({ length: rows * k }, (_, i) => (i % 4) * 0.3));
      F.fill(7); // overwritten by start's rows
      const ref = Float64Array.from(start);
      const vRef = loopSweeps(ref, G, Float32Array.from(P), 0, rows, k, 5, 0.01);
      const v = wasm.sweep(runTaskOnThisThread, F, G, P2, rows, 5, 0.01, start);
      expect(Array.from(F)).to.deep.equal(Array.from(ref));
      expect(v).to.be.closeTo(vRef, 1e-12 * vRef);
      expect(start[1], 'the start is left as it was').to.equal(0.3);
      // A start off the memory is copied on this thread: the same bits.
      F.fill(7);
      wasm.sweep(runTaskOnThisThread, F, G, P2, rows, 5, 0.01, Float64Array.from(start));
      expect(Array.from(F)).to.deep.equal(Array.from(ref));
    } finally {
      wasm.dispose();
    }
  });

  it('sweeps from a start extrapolated in place give the bits of extrapolating first (wasm on 1 and 3 threads, JavaScript)', function () {
    if (!wasmSweepsAvailable()) this.skip();
    const rows = 700;
    const k = 6;
    const beta = 0.7;
    const { G, P } = rowProblem(rows, k, 30, 11);
    const current = Float64Array.from({ length: rows * k }, (_, i) => ((i * 7) % 5) * 0.25);
    const before = Float64Array.from({ length: rows * k }, (_, i) => ((i * 3) % 4) * 0.3);
    // The reference: Ŵ by extrapolation.ts's loop (arrays off any kernel memory), then swept
    // in float64 and in float32.
    const [hat, prevRef] = [new Float64Array(rows * k), Float64Array.from(before)];
    extrapolateInto(hat, Float64Array.from(current), prevRef, beta);
    expect(Array.from(prevRef)).to.deep.equal(Array.from(current));
    const refs = [false, true].map((float32) => {
      const ref = Float64Array.from(hat);
      return { ref, v: loopSweepsIn(float32, ref, G, Float32Array.from(P), rows, k) };
    });
    for (const [threads, float32] of [
      [1, false],
      [3, false],
      [1, true],
      [3, true],
    ] as const) {
      const { ref, v: vRef } = refs[float32 ? 1 : 0];
      const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
      const wasm = new WasmSweeps(rows, k, 20 * rows * k + 256, float32);
      try {
        const [F, previous, P2] = [wasm.f64(rows * k), wasm.f64(rows * k), wasm.f32(rows * k)];
        F.set(current);
        previous.set(before);
        P2.set(P);
        const run = (task: Parameters<typeof products.runTask>[0]) => products.runTask(task);
        const v = wasm.sweep(run, F, G, P2, rows, 5, 0.01, { previous, beta });
        expect(Array.from(F), `${threads} threads, float32 ${float32}`).to.deep.equal(
          Array.from(ref),
        );
        expect(Array.from(previous), 'previous ← current').to.deep.equal(Array.from(current));
        expect(v).to.be.closeTo(vRef, 1e-12 * vRef);
        expect(() =>
          wasm.sweep(run, F, G, P2, rows, 5, 0.01, { previous: Float64Array.from(before), beta }),
        ).to.throw(/previous is not on its memory/);
      } finally {
        wasm.dispose();
        products.dispose();
      }
    }
    // The JavaScript kernel's threaded form (where WebAssembly sweeps cannot run): float32.
    const [F, previous, P32] = [
      sharedFloat64(rows * k),
      sharedFloat64(rows * k),
      sharedFloat32(rows * k),
    ];
    F.set(current);
    previous.set(before);
    P32.set(P);
    threadedSweep({ runTask: runTaskOnThisThread }, k)(F, G, P32, rows, { previous, beta });
    expect(Array.from(F)).to.deep.equal(Array.from(refs[1].ref));
    expect(Array.from(previous)).to.deep.equal(Array.from(current));
  });

  it('swept to convergence, each row is the exact NNLS solution (Lawson–Hanson, float64)', () => {
    const rows = 12;
    const k = 5;
    const { H, X, G, P } = rowProblem(rows, k, 20, 4);
    const F = new Float64Array(rows * k);
    sweepKernel(k)(F, G, P, 0, rows, 2000, 0);
    const Ht = H[0].map((_, j) => H.map((row) => row[j])); // m × k
    let zeros = 0;
    for (let i = 0; i < rows; i++) {
      const exact = lawsonHanson(Ht, X[i]).x;
      for (let t = 0; t < k; t++) {
        expect(F[i * k + t]).to.be.closeTo(exact[t], 1e-7 * (1 + Math.abs(exact[t])));
        if (exact[t] === 0) zeros++;
      }
    }
    expect(zeros, 'the problem has active constraints').to.be.greaterThan(0);
  });

  it('swept to convergence in float32, each row is the exact NNLS solution to float32 accuracy', () => {
    const rows = 12;
    const k = 5;
    const { H, X, G, P } = rowProblem(rows, k, 20, 4);
    const F = new Float64Array(rows * k);
    loopSweeps32(F, Float32Array.from(G), P, 0, rows, k, 2000, 0);
    const Ht = H[0].map((_, j) => H.map((row) => row[j])); // m × k
    const scale = Math.max(...Array.from(F));
    for (let i = 0; i < rows; i++) {
      const exact = lawsonHanson(Ht, X[i]).x;
      for (let t = 0; t < k; t++) {
        expect(F[i * k + t]).to.equal(Math.fround(F[i * k + t])); // float32 values
        expect(F[i * k + t]).to.be.closeTo(exact[t], 1e-4 * scale);
        if (exact[t] === 0) expect(F[i * k + t], 'the active constraints hold').to.equal(0);
      }
    }
  });

  it("reports sklearn's violation: Σ|projected gradient| as each coordinate is visited", () => {
    const k = 3;
    const rows = 4;
    const { G, P } = rowProblem(rows, k, 8, 2);
    const F = Float64Array.from([0, 1, 2, 0.5, 0, 0, 1, 1, 1, 0, 0, 3]);
    // Reference: sklearn's _update_cdnmf_fast, gradient recomputed from scratch per coordinate.
    const ref = Float64Array.from(F);
    let want = 0;
    for (let i = 0; i < rows; i++) {
      for (let t = 0; t < k; t++) {
        let g = -P[i * k + t];
        for (let r = 0; r < k; r++) g += G[t * k + r] * ref[i * k + r];
        want += ref[i * k + t] === 0 ? Math.max(-g, 0) : Math.abs(g);
        ref[i * k + t] = Math.max(ref[i * k + t] - g / G[t * k + t], 0);
      }
    }
    const got = Float64Array.from(F);
    expect(sweepKernel(k)(got, G, P, 0, rows, 1, 0)).to.be.closeTo(want, 1e-12 * want);
    Array.from(got).forEach((v, i) => expect(v).to.be.closeTo(ref[i], 1e-12));
    // At the optimum the violation is 0.
    sweepKernel(k)(got, G, P, 0, rows, 5000, 0);
    expect(sweepKernel(k)(got, G, P, 0, rows, 1, 0)).to.be.below(1e-9 * want);
  });

  it('threaded sweeps (and products) give the same factors bit for bit on 1 and 3 threads', async () => {
    // 2100 × 130 at rank 16: products above the threads' threshold, sweeps in 9 chunks, and
    // 12 iterations, so that the workers take part after the calling thread's first sweeps.
    const rows = 2100;
    const cols = 130;
    const X = Float32Array.from(gaussian(rows, cols, 3).flat(), (v) => Math.abs(v));
    const saved = process.env.NMFLOW_THREADS;
    const fit = async (threads: string) => {
      process.env.NMFLOW_THREADS = threads;
      const r = await factorize(
        { data: X, shape: [rows, cols] },
        { rank: 16, solver: 'hals', maxIter: 12, tol: 0, seed: 1 },
      );
      const out = { W: r.W.dataSync(), H: r.H.dataSync(), err: r.relativeError };
      tf.dispose([r.W, r.H]);
      return out;
    };
    try {
      const one = await fit('1');
      const three = await fit('3');
      expect(Buffer.from(three.W.buffer).equals(Buffer.from(one.W.buffer))).to.equal(true);
      expect(Buffer.from(three.H.buffer).equals(Buffer.from(one.H.buffer))).to.equal(true);
      expect(three.err).to.equal(one.err);
    } finally {
      if (saved === undefined) delete process.env.NMFLOW_THREADS;
      else process.env.NMFLOW_THREADS = saved;
    }
  });
});

describe('nmf: extrapolation (Ang & Gillis 2019)', () => {
  it('grows β by γ under its cap while the objective falls, and restarts when it rises', () => {
    let s = resumedExtrapolation();
    expect(s).to.deep.equal({ beta: 0.5, betaMax: 1, previous: Infinity });
    let step = nextExtrapolation(s, 10);
    expect(step.extrapolate).to.equal(true);
    expect(step.state.beta).to.be.closeTo(0.505, 1e-12);
    expect(step.state.betaMax).to.equal(1);
    s = step.state;
    step = nextExtrapolation(s, 11); // rose: restart, cap at the failed β, β / η
    expect(step.extrapolate).to.equal(false);
    expect(step.state.betaMax).to.be.closeTo(0.505, 1e-12);
    expect(step.state.beta).to.be.closeTo(0.505 / 1.5, 1e-12);
    expect(step.state.previous).to.equal(11);
    s = step.state;
    for (let i = 0; i < 500; i++) s = nextExtrapolation(s, 1 - i * 1e-3).state;
    expect(s.beta).to.be.at.most(s.betaMax);
    expect(s.betaMax).to.be.at.most(1);
    expect(s.beta).to.be.above(0.9); // recovered towards 1 after the restart
  });

  it('round-trips its scalars through a checkpoint, Infinity included', () => {
    const fresh = resumedExtrapolation();
    expect(resumedExtrapolation(savedExtrapolation(fresh))).to.deep.equal(fresh);
    const later = { beta: 0.7, betaMax: 0.9, previous: 3.5 };
    expect(resumedExtrapolation(savedExtrapolation(later))).to.deep.equal(later);
  });

  it('extrapolates, clamps at zero, and remembers the current iterate', () => {
    const out = new Float64Array(3);
    const current = Float64Array.from([1, 0.1, 2]);
    const previous = Float64Array.from([0.5, 0.5, 2]);
    extrapolateInto(out, current, previous, 0.5);
    expect(Array.from(out)).to.deep.equal([1.25, 0, 2]);
    expect(Array.from(previous)).to.deep.equal([1, 0.1, 2]);
  });

  for (const solver of ['hals', 'anls'] as const) {
    it(`${solver}: reaches a planted factorization's error in fewer iterations with it than without`, async () => {
      const k = 4;
      const W = gaussian(60, k, 1).map((r) => r.map(Math.abs));
      const H = gaussian(k, 40, 2).map((r) => r.map(Math.abs));
      const X = W.map((w) => H[0].map((_, j) => w.reduce((s, v, t) => s + v * H[t][j], 0)));
      const iterationsTo = async (extrapolate: boolean) => {
        const r = await expectNoLeak(
          () =>
            factorize(X, {
              rank: k,
              solver,
              init: 'random',
              seed: 5,
              maxIter: 400,
              tol: 0,
              extrapolate,
            }),
          (res) => [res.W, res.H],
        );
        tf.dispose([r.W, r.H]);
        return r.history.find((h) => h.relativeError < 1e-3)?.iteration ?? Infinity;
      };
      const plain = await iterationsTo(false);
      const faster = await iterationsTo(true);
      expect(faster).to.be.below(plain);
      expect(faster).to.be.below(400);
    });
  }

  it('rejects extrapolate for solvers that do not support it, naming those that do', async () => {
    let message = '';
    try {
      await factorize([[1]], { rank: 1, solver: 'mu', extrapolate: true });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.include('option extrapolate').and.include('anls, hals');
  });
});
