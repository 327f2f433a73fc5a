/**
 * The `webgpu` backend in Node (tfjs-backend-webgpu on Dawn, src/webgpu-node.ts): it reports
 * its adapter, reads GPU tensors synchronously, and the NNLS solvers and NMF fits on it (the
 * composite kernels) agree with the same calls on the suite's backend. Skipped, with the
 * reason, where the packages or a WebGPU adapter are missing (.ci/run provides Mesa's lavapipe,
 * a Vulkan driver on the CPU).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, initBackend, nnls, Rng, type NmfSolver } from '../src';
import { loadDataset } from '../src/datasets';
import type { HalfStepAttrs } from '../src/kernels/half-step-attrs';
import { halfStepComposite } from '../src/kernels/half-step-composite';
import { halfStepWebGpu } from '../src/kernels/webgpu/half-step-webgpu';
import { halsHalfComposite } from '../src/kernels/hals-half-composite';
import { halsHalfWebGpu } from '../src/kernels/webgpu/hals-half-webgpu';
import { DEFAULT_ALPHA } from '../src/nnls/overparam-common';
import { nonNegative, relativeDistance } from './kernels/kernel-fixtures';
import { readmeCommands, nmflowArgs } from './cli/readme-commands';
import { runCli, tempDir } from './cli/run';

/** Runs `body` on webgpu, then goes back to the suite's backend. */
async function onWebGpu<T>(suiteBackend: string, body: () => Promise<T>): Promise<T> {
  await initBackend('webgpu');
  try {
    return await body();
  } finally {
    await initBackend(suiteBackend);
  }
}

/**
 * Runs each job (a tf function returning one tensor) on webgpu under tf.profile: the values it
 * returned and the number of kernels it ran; each must leave no tensor behind.
 */
async function profiledOnWebGpu(suiteBackend: string, jobs: (() => tf.Tensor)[]) {
  return onWebGpu(suiteBackend, async () => {
    const out = [];
    for (const job of jobs) {
      const before = tf.memory().numTensors;
      const p = await tf.profile(() => tf.tidy(job));
      const result = p.result as tf.Tensor;
      const values = Array.from(result.dataSync());
      result.dispose();
      expect(tf.memory().numTensors).to.equal(before);
      out.push({ values, kernels: p.kernels.length });
    }
    return out;
  });
}

function gaussian(rows: number, cols: number, rng: Rng) {
  return {
    data: Float64Array.from({ length: rows * cols }, () => rng.normal()),
    shape: [rows, cols] as [number, number],
  };
}

describe('webgpu backend (tfjs-backend-webgpu on Dawn)', function () {
  this.timeout(300000);
  let suiteBackend = '';

  before(async function () {
    suiteBackend = tf.getBackend();
    try {
      const info = await initBackend('webgpu');
      console.log(`      webgpu: ${info.reason}`);
    } catch (err) {
      console.log(`      skipped: ${(err as Error).message.split(';')[0]}`);
      this.skip();
    } finally {
      await initBackend(suiteBackend);
    }
  });

  it('reads GPU tensors synchronously with the values computed, and leaves no tensor behind', async () => {
    const values = await onWebGpu(suiteBackend, async () => {
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => tf.add(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2)), 1));
      const read = Array.from(out.dataSync());
      out.dispose();
      expect(tf.memory().numTensors).to.equal(before);
      return read;
    });
    expect(values).to.deep.equal([2, 3, 4, 5]);
  });

  it('the fused half-step (one WGSL dispatch per check) follows the composite and ends where it ends', async () => {
    const [rows, r, k] = [120, 70, 12];
    const F = nonNegative(rows, k, 41);
    const P = nonNegative(r, k, 42);
    const x0 = nonNegative(r, k, 43, 0.5);
    for (const [depth, switchAt] of [
      [2, 5],
      [2, 1000],
      [3, 4],
    ]) {
      const attrs = (tol: number, maxIter: number): HalfStepAttrs => ({
        ...{ l1: 0.01, l2: 0.02, depth, alpha: DEFAULT_ALPHA, learningRate: 1 },
        ...{ tol, tolFactor: 1e-3, tolFloor: 1e-6, maxIter, checkEvery: 5, switchAt },
      });
      const job = (form: typeof halfStepWebGpu, a: HalfStepAttrs) => () => {
        const [x, info] = form(
          tf.tensor2d(F, [rows, k]),
          tf.mul(tf.tensor2d(P, [r, k]), 50) as tf.Tensor2D,
          tf.tensor2d(x0, [r, k]),
          a,
        );
        return tf.concat([tf.reshape(x, [-1]), info]);
      };
      const label = `depth ${depth}, switchAt ${switchAt}`;
      const n = r * k;
      /** Fused and composite on webgpu (values and kernels) and the composite's values here. */
      const solved = async (a: HalfStepAttrs) => {
        const [fused, composite] = await profiledOnWebGpu(suiteBackend, [
          job(halfStepWebGpu, a),
          job(halfStepComposite, a),
        ]);
        const reference = tf.tidy(() => job(halfStepComposite, a)().dataSync());
        const forms = [
          ['fused', fused.values],
          ['composite on webgpu', composite.values],
        ] as const;
        return { fused, composite, forms, reference };
      };
      // 20 iterations: the fused path against the composite on the suite's backend (exact
      // float32 ops on the CPU). Each row's non-monotone line search can meet a float32 tie
      // where the GPU's sums round the other way and take another path (measured: 1 or 2 of 70
      // rows, on lavapipe and on an H200); the other rows follow the same iterates.
      const { fused, composite, forms, reference } = await solved(attrs(-1, 20));
      for (const [name, form] of forms) {
        expect(form[n], `${label}: ${name} iterations`).to.equal(reference[n]);
        const rowsOff = Array.from({ length: r }, (_, i) =>
          relativeDistance(form.slice(i * k, i * k + k), reference.slice(i * k, i * k + k)),
        ).filter((d) => d > 1e-4).length;
        expect(rowsOff, `${label}: ${name}, rows off the reference's path`).to.be.at.most(3);
      }
      expect(fused.kernels, `${label}: kernels`).to.be.below(composite.kernels / 5);
      // To a tight tolerance the paths meet again: both forms solve the same problem.
      const end = await solved(attrs(1e-6, 3000));
      for (const [name, form] of end.forms) {
        expect(form[n + 1], `${label}: ${name} residual`).to.be.at.most(1e-6);
        expect(
          relativeDistance(form.slice(0, n), end.reference.slice(0, n)),
          `${label}: ${name} at 1e-6`,
        ).to.be.below(1e-5);
      }
    }
  });

  it('the fused hals half-step (one WGSL dispatch) ends where the composite ends', async () => {
    const [rows, k, n] = [90, 7, 40];
    const X = nonNegative(rows, n, 51);
    const W = nonNegative(rows, k, 52);
    const H = nonNegative(k, n, 53);
    for (const transposed of [false, true]) {
      const attrs = { l1: 0.01, l2: 0.05, maxSweeps: 5, ratio: 0.1, transposed };
      const job = (form: typeof halsHalfWebGpu) => () => {
        const [x, w, h] = [
          tf.tensor2d(X, [rows, n]),
          tf.tensor2d(W, [rows, k]),
          tf.tensor2d(H, [k, n]),
        ];
        // The W half (F = W, P = X·Hᵀ) or the H half on H itself (F = H, P = Wᵀ·X).
        const [f0, g, p] = transposed
          ? [h, tf.matMul(w, w, true), tf.matMul(w, x, true)]
          : [w, tf.matMul(h, h, false, true), tf.matMul(x, h, false, true)];
        const [F, violation] = form(f0, g as tf.Tensor2D, p as tf.Tensor2D, attrs);
        return tf.concat([tf.reshape(F, [-1]), violation]);
      };
      const [fused, composite] = await profiledOnWebGpu(suiteBackend, [
        job(halsHalfWebGpu),
        job(halsHalfComposite),
      ]);
      const size = fused.values.length - 1;
      const label = transposed ? 'H half' : 'W half';
      expect(
        relativeDistance(fused.values.slice(0, size), composite.values.slice(0, size)),
        label,
      ).to.be.below(1e-5);
      expect(
        Math.abs(fused.values[size] / composite.values[size] - 1),
        `${label}: violation`,
      ).to.be.below(1e-4);
      expect(fused.kernels, `${label}: kernels`).to.be.below(composite.kernels / 5);
    }
  });

  it('NNLS: each first-order solver reaches the objective it reaches on the suite backend (1e-4)', async () => {
    const rng = new Rng(3);
    const A = gaussian(60, 30, rng);
    const B = gaussian(60, 3, rng);
    const solvers = ['overparam', 'overparam-nesterov', 'overparam-mirror', 'apg'];
    for (const solver of solvers) {
      const solve = async () => {
        const r = await nnls(A, B, { solver, tol: 1e-7 });
        r.x.dispose();
        return r.objective;
      };
      const here = await solve();
      const there = await onWebGpu(suiteBackend, solve);
      expect(Math.abs(there - here) / here, solver).to.be.below(1e-4);
    }
  });

  it("NMF: anls and hals on Swimmer rank 8 end at the suite backend's relative error", async () => {
    const X = (await loadDataset('swimmer')).X as { data: Float32Array; shape: [number, number] };
    for (const [solver, tolerance] of [
      ['anls', 2e-3],
      ['hals', 1e-5],
    ] as [NmfSolver, number][]) {
      const fit = async () => {
        const before = tf.memory().numTensors;
        const r = await factorize(X, { rank: 8, solver, maxIter: 10, tol: 0, seed: 0 });
        tf.dispose([r.W, r.H]);
        expect(tf.memory().numTensors).to.equal(before);
        return r.relativeError;
      };
      const here = await fit();
      const there = await onWebGpu(suiteBackend, fit);
      expect(Math.abs(there - here) / here, solver).to.be.below(tolerance);
    }
  });

  it("runs the README section's nmflow commands (MNIST at 100 rows, 3 iterations)", function () {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    // The section's body (its heading would have readmeCommands leave it to this test).
    const start = readme.indexOf('\n', readme.indexOf('## The GPU: `--backend webgpu`'));
    const runs = readmeCommands(readme.slice(start, readme.indexOf('\n## ', start)))
      .map(nmflowArgs)
      .filter((args): args is string[] => args !== undefined);
    expect(runs.map((args) => args[0])).to.deep.equal(['info', 'factorize']);
    const { dir, cleanup } = tempDir();
    try {
      for (const args of runs) {
        const small = args.map((a, i) => (args[i - 1] === '--max-iter' ? '3' : a));
        const r = runCli([...small, ...(args[0] === 'factorize' ? ['--limit', '100'] : [])], dir);
        expect(r.code, `nmflow ${small.join(' ')}; stderr: ${r.stderr}`).to.equal(0);
        if (args[0] === 'info') expect(r.stdout).to.match(/active backend: webgpu .*adapter: /);
      }
    } finally {
      cleanup();
    }
  });
});
