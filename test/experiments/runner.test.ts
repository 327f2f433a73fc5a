import { expect } from 'chai';
import * as os from 'os';
import * as path from 'path';
import { listExperiments, runExperiment } from '../../src/experiments';
import { logLogSlope, logspace, minL1NonNegative, residualNorm } from '../../src/experiments/tools';
import { subsampledDct } from '../../src/experiments/subsampled-fourier';

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('experiments: runner and tools', () => {
  it('lists the paper’s experiments in order, with parameters for both scales', () => {
    const list = listExperiments();
    expect(list.map((e) => e.name)).to.deep.equal([
      'implicit-bias',
      'step-decay',
      'incremental-learning',
      'acceleration',
      'sparse-recovery',
      'negative-perturbation',
      'subsampled-fourier',
      'nmf-bias',
      'nmf-speed',
    ]);
    for (const e of list) {
      expect(e.description.length).to.be.greaterThan(40);
      expect(Object.keys(e.parameters)).to.deep.equal(['smoke', 'full']);
    }
  });

  it('rejects unknown experiments, scales and seeds with what was allowed', async () => {
    const out = path.join(os.tmpdir(), 'nmflow-exp-none');
    expect(await rejection(runExperiment('nope', { outDir: out }))).to.match(
      /unknown experiment "nope"; known experiments: implicit-bias, step-decay/,
    );
    expect(
      await rejection(runExperiment('step-decay', { outDir: out, scale: 'huge' as 'full' })),
    ).to.match(/option scale must be one of smoke, full/);
    expect(await rejection(runExperiment('step-decay', { outDir: out, seed: 1.5 }))).to.match(
      /option seed must be an integer/,
    );
  });

  it('finds the minimum-l1 non-negative solution of a small LP exactly', () => {
    // x1 + x2 + 2·x3 = 2, x1 − x2 = 0: feasible points (t, t, 1 − t); l1 = 1 + t, min at t = 0.
    const p = {
      A: Float64Array.from([1, 1, 2, 1, -1, 0]),
      b: Float64Array.from([2, 0]),
      m: 2,
      n: 3,
    };
    const x = minL1NonNegative(p);
    expect(Array.from(x).map((v) => +v.toFixed(9))).to.deep.equal([0, 0, 1]);
    expect(residualNorm(p, x)).to.be.below(1e-9);
    const infeasible = { A: Float64Array.from([1, 1]), b: Float64Array.from([-1]), m: 1, n: 2 };
    expect(() => minL1NonNegative(infeasible)).to.throw(/no non-negative solution/);
  });

  it('fits log–log slopes and spaces values logarithmically', () => {
    const ks = [10, 100, 1000, 10000];
    expect(
      logLogSlope(
        ks,
        ks.map((k) => 3 * k ** -2.5),
      ),
    ).to.be.closeTo(-2.5, 1e-12);
    expect(logspace(-3, -1, 5)).to.deep.equal([1e-3, 0.00316227766017, 0.01, 0.0316227766017, 0.1]);
  });

  it('builds an orthonormal-row subsampled DCT (A Aᵀ = (n/m)·I)', () => {
    const { A, m, n, support, b, xStar } = subsampledDct(32, 12, 3, 1);
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < m; k++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += A[i * n + j] * A[k * n + j];
        expect(dot).to.be.closeTo(i === k ? n / m : 0, 1e-12);
      }
    }
    expect(support.length).to.equal(3);
    expect(residualNorm({ A, b, m, n }, xStar)).to.be.below(1e-12);
  });
});
