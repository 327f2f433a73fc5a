/**
 * The fused NNLS iteration kernels: on the suite's backend, both forms (host loops and
 * composite kernels) equal an oracle written in plain tf ops (the solvers' steps before they
 * were fused) within float32 rounding; one kernel per iteration in `tf.profile`; the loss's
 * registered gradient runs the fused gradient kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { nnls } from '../../src';
import * as ops from '../../src/kernels/nnls-ops';
import {
  defaultNnlsKernelForm,
  registerNnlsKernels,
  type NnlsKernelForm,
} from '../../src/kernels/nnls-register';
import { Rng } from '../../src/random';

type T2 = tf.Tensor2D;
const n = 9;
const r = 3;

function problem(seed: number) {
  const rng = new Rng(seed);
  const A = tf.tensor2d(
    Float32Array.from({ length: 14 * n }, () => rng.normal()),
    [14, n],
  );
  const B = tf.tensor2d(
    Float32Array.from({ length: 14 * r }, () => rng.normal()),
    [14, r],
  );
  const pos = () =>
    tf.tensor2d(
      Float32Array.from({ length: n * r }, () => 0.05 + Math.abs(rng.normal())),
      [n, r],
    );
  const row = (f: (j: number) => number) =>
    tf.tensor2d([Array.from({ length: r }, (_, j) => f(j))]);
  return { G: tf.matMul(A, A, true) as T2, C: tf.matMul(A, B, true) as T2, pos, row, A, B };
}

const colSum = (t: tf.Tensor) => tf.sum(t, 0, true);

/** Oracles: each solver's step as it was written in tf ops (see src/nnls/overparam*.ts). */
function nesterovOracle(G: T2, C: T2, u: T2, uPrev: T2, since: T2, L: number, lip: number) {
  const beta = tf.div(since, tf.add(since, 3));
  let v = tf.add(u, tf.mul(beta, tf.sub(u, uPrev)));
  if (L % 2 === 1) v = tf.maximum(v, tf.mul(u, 0.5));
  const xv = tf.pow(v, L);
  const g = tf.sub(tf.matMul(G, xv as T2), C);
  const dir = tf.mul(tf.mul(tf.pow(v, L - 1), L), g);
  const ug = tf.mul(tf.pow(v, L - 2), g);
  const gauss = tf.mul(tf.pow(tf.max(xv, 0, true), 2 - 2 / L), L * L * lip);
  const bend = tf.mul(tf.max(tf.abs(ug), 0, true), L * (L - 1));
  const curvature = tf.maximum(tf.add(gauss, bend), tf.mul(tf.max(ug, 0, true), 2 * L));
  const eta = tf.div(1, tf.maximum(curvature, 1e-30));
  const uNext = tf.sub(v, tf.mul(eta, dir));
  const uphill = tf.greater(colSum(tf.mul(dir, tf.sub(uNext, u))), 0);
  return [uNext, tf.pow(uNext, L), tf.where(uphill, tf.zerosLike(since), tf.add(since, 1))];
}

function mirrorOracle(G: T2, C: T2, x: T2, z: T2, since: T2, eta: number) {
  const k2 = tf.add(since, 2);
  const xN = tf.div(tf.add(tf.mul(k2, x), tf.mul(tf.exp(z), 2)), tf.add(since, 4));
  const g = tf.sub(tf.matMul(G, xN as T2), C);
  const uphill = tf.greater(colSum(tf.mul(g, tf.sub(xN, x))), 0);
  const zN = tf.where(
    uphill,
    tf.log(tf.maximum(xN, 1e-38)),
    tf.sub(z, tf.mul(tf.mul(k2, eta / 2), g)),
  );
  return [xN, zN, tf.where(uphill, tf.zerosLike(since), tf.add(since, 1))];
}

function apgOracle(G: T2, C: T2, x: T2, y: T2, t: T2, eta: number) {
  const xn = tf.relu(tf.sub(y, tf.mul(tf.sub(tf.matMul(G, y), C), eta)));
  const dx = tf.sub(xn, x);
  const restart = tf.greater(colSum(tf.mul(tf.sub(y, xn), dx)), 0);
  const tn = tf.where(
    restart,
    tf.onesLike(t),
    tf.mul(0.5, tf.add(1, tf.sqrt(tf.add(1, tf.mul(4, tf.square(t)))))),
  );
  const beta = tf.where(restart, tf.zerosLike(t), tf.div(tf.sub(t, 1), tn));
  return [xn, tf.add(xn, tf.mul(beta, dx)), tn];
}

function fixedOracle(G: T2, C: T2, u: T2, gx: T2, L: number, eta: number) {
  const uN = tf.sub(u, tf.mul(tf.mul(tf.mul(tf.pow(u, L - 1), L), tf.sub(gx, C)), eta));
  const xN = tf.pow(uN, L);
  return [uN, xN, tf.matMul(G, xN as T2)];
}

/** max|got − want| / max|want| over each output pair. */
function expectClose(got: tf.Tensor[], want: tf.Tensor[], label: string) {
  expect(got.length, label).to.equal(want.length);
  got.forEach((g, i) => {
    expect(g.shape, `${label} output ${i} shape`).to.deep.equal(want[i].shape);
    const a = g.dataSync();
    const b = want[i].dataSync();
    const scale = Math.max(...Array.from(b, Math.abs), 1e-30);
    const err = Math.max(...Array.from(a, (v, k) => Math.abs(v - b[k]))) / scale;
    expect(err, `${label} output ${i}`).to.be.below(2e-5);
  });
}

describe('kernels: fused NNLS iterations', () => {
  const backend = () => tf.getBackend();
  afterEach(() => registerNnlsKernels(backend(), defaultNnlsKernelForm(backend())));

  for (const form of ['host', 'composite'] as NnlsKernelForm[]) {
    it(`${form} kernels equal the tf-op oracles (Nesterov L = 2, 3; mirror; APG; fixed L = 2, 3)`, () => {
      registerNnlsKernels(backend(), form);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const { G, C, pos, row } = problem(11);
        for (const L of [2, 3]) {
          const [u, uPrev, since] = [pos(), pos(), row((j) => j)];
          expectClose(
            ops.nesterovStep(G, C, { u, uPrev, since }, { depth: L, rate: 1, lipschitz: 40 }),
            nesterovOracle(G, C, u, uPrev, since, L, 40),
            `${form} nesterov L=${L}`,
          );
          const gx = tf.matMul(G, pos()) as T2;
          expectClose(
            ops.overparamStep(G, C, { u, gx }, { depth: L, eta: 1e-3 }),
            fixedOracle(G, C, u, gx, L, 1e-3),
            `${form} fixed L=${L}`,
          );
        }
        const [x, z, since] = [pos(), tf.mul(pos(), -1) as T2, row((j) => 2 * j)];
        expectClose(
          ops.mirrorStep(G, C, { x, z, since }, 1e-2),
          mirrorOracle(G, C, x, z, since, 1e-2),
          `${form} mirror`,
        );
        const [y, t] = [pos(), row((j) => 1 + j)];
        expectClose(
          ops.apgStep(G, C, { x, y, t }, 1e-2),
          apgOracle(G, C, x, y, t, 1e-2),
          `${form} apg`,
        );
      });
      expect(tf.memory().numTensors).to.equal(before);
    });

    it(`${form}: tf.grad of the fused loss runs the fused gradient kernel and equals L·u^(L−1)⊙(Gx − C)`, async () => {
      registerNnlsKernels(backend(), form);
      const { G, C, pos } = problem(12);
      const u = pos();
      const L = 3;
      let grad: tf.Tensor | undefined;
      const profile = await tf.profile(() => {
        grad = tf.grad((w: tf.Tensor) => ops.overparamLoss(G, C, w as T2, L))(u);
      });
      const names = profile.kernels.map((k) => k.name);
      expect(names).to.include('NmflowOverparamLoss');
      expect(names).to.include('NmflowOverparamGradient');
      const want = tf.tidy(() =>
        tf.mul(tf.mul(tf.pow(u, L - 1), L), tf.sub(tf.matMul(G, tf.pow(u, L) as T2), C)),
      );
      expectClose([grad!], [want], `${form} gradient`);
      // The loss itself: ½⟨x, Gx⟩ − ⟨C, x⟩.
      const loss = ops.overparamLoss(G, C, u, L);
      const wantLoss = tf.tidy(() => {
        const x = tf.pow(u, L) as T2;
        return tf.sum(tf.mul(x, tf.sub(tf.mul(tf.matMul(G, x), 0.5), C)));
      });
      expectClose([loss], [wantLoss], `${form} loss`);
      tf.dispose([G, C, u, grad!, want, loss, wantLoss]);
    });
  }

  it('runs each overparam solver at ≤ 3 tfjs kernels per iteration (tf.profile), its own kernel among them', async () => {
    const rng = new Rng(5);
    const A = Array.from({ length: 30 }, () => Array.from({ length: 20 }, () => rng.normal()));
    const b = Array.from({ length: 30 }, () => rng.normal());
    const cases: [string, object, string][] = [
      ['overparam-nesterov', {}, 'NmflowOverparamNesterovStep'],
      ['overparam-mirror', {}, 'NmflowOverparamMirrorStep'],
      ['overparam', { step: 'bb' }, 'NmflowOverparamBbStep'],
      ['overparam', { step: 'fixed' }, 'NmflowOverparamStep'],
      ['overparam', {}, 'NmflowApgStep'],
    ];
    for (const [solver, extra, kernel] of cases) {
      const count = async (maxIter: number, tol: number) => {
        const p = await tf.profile(async () => {
          const res = await nnls(A, b, { solver, maxIter, tol, history: false, ...extra });
          res.x.dispose();
        });
        return { total: p.kernels.length, names: new Set(p.kernels.map((k) => k.name)) };
      };
      // The APG finish needs tol > 0 (and a switch, at 2000 iterations at the latest).
      const tol = kernel === 'NmflowApgStep' ? 1e-30 : 0;
      const iterations = kernel === 'NmflowApgStep' ? 2200 : 200;
      const base = await count(0, tol);
      const run = await count(iterations, tol);
      expect(run.names.has(kernel), `${solver} runs ${kernel}`).to.equal(true);
      const perIteration = (run.total - base.total) / iterations;
      expect(
        perIteration,
        `${solver} ${JSON.stringify(extra)} kernels per iteration`,
      ).to.be.at.most(3);
    }
  });
});
