/**
 * The autodiff proof that gradient descent on x = u^L is Riemannian gradient descent
 * (DESIGN.md §3), run on random seeded problems of several depths L, sizes and scales.
 *
 * With f(x) = ½‖Ax − B‖²_F, ℒ(u) = f(u^L) and the metric g_x(v, w) = Σ vᵢwᵢ / (L² xᵢ^(2−2/L)),
 * whose Riemannian gradient is grad_g f = L² x^(2−2/L) ⊙ ∇f:
 * 1. `chain-rule`: tf.grad(ℒ)(u) = L u^(L−1) ⊙ Aᵀ(Ax − B).
 * 2. `metric`: pushing the autodiff u-gradient forward, w = L u^(L−1) ⊙ tf.grad(ℒ)(u), gives a
 *    vector with g_x(w, v) = ⟨tf.grad(f)(x), v⟩ for random v: w is the Riemannian gradient.
 * 3. `retraction`: one u-step, (u − η tf.grad(ℒ)(u))^L, equals R_x(−η grad_g f) with
 *    R_x(v) = (x^(1/L) + v ⊙ x^((1−L)/L)/L)^L, the metric's exponential map.
 * 4. `gap-order`: the gap between that step and the first-order step x − η grad_g f shrinks
 *    like η²: halving η three times, the estimated order log₂(gap(η)/gap(η/2)) is ≈ 2.
 * Errors are relative (max-norm of the difference over max-norm of the reference) and
 * float32-sized; every check reports its worst case over all problems.
 *
 * The checks run the kernels the solvers run (src/kernels/nnls-ops.ts): ℒ is the fused
 * `overparamLoss` on G = AᵀA, C = AᵀB, so tf.grad(ℒ) runs its registered gradient, the fused
 * `overparamGradient` kernel; the u-step is the `overparam` solver's own fused step kernel
 * (`overparamStep`, the `fixed` rule). The chain rule is also checked for the autodiff of the
 * diagonal network written in plain tf ops (diagonal-network.ts), an independent form.
 */
import * as tf from '@tensorflow/tfjs-core';
// tf.grad needs the gradient registry (see autodiff.ts).
import '../autodiff';
import { checkKnownKeys, checkNumber } from '../options';
import { usageError } from '../errors';
import { Rng } from '../random';
import { power, root } from '../kernels/overparam-maps';
import { overparamLoss, overparamStep } from '../kernels/nnls-ops';
import { diagonalNetworkLoss } from './diagonal-network';

/** Options of `verifyRiemannianEquivalence`: depths, random problems per depth, seed. */
export interface VerifyOptions {
  /** Depths L to test (integers ≥ 2; default [2, 3, 4]). */
  depths?: number[];
  /** Random problems per depth (default 3; sizes and scales cycle through a fixed list). */
  trials?: number;
  /** Seed of the random problems (default 0). */
  seed?: number;
}

/** One check's outcome: a row of the table printed by `nmflow verify`. */
export interface VerificationCheck {
  check: 'chain-rule' | 'metric' | 'retraction' | 'gap-order';
  description: string;
  /** Worst error over all problems (relative; for gap-order: |estimated order − 2|). */
  maxError: number;
  tolerance: number;
  passed: boolean;
}

/** The outcome of `verifyRiemannianEquivalence`: each check, the estimated gap order, what was run. */
export interface VerificationResult {
  checks: VerificationCheck[];
  /** Mean estimated order of the first-order gap over all problems (≈ 2). */
  gapOrder: number;
  /** True when every check passed. */
  passed: boolean;
  /** What was run: depths, trials per depth, seed, and the problems as `m×n×r @ scale`. */
  depths: number[];
  trials: number;
  seed: number;
  problems: string[];
}

const DESCRIPTIONS: Record<VerificationCheck['check'], string> = {
  'chain-rule': 'tf.grad(ℒ)(u) = L·u^(L−1) ⊙ Aᵀ(Ax − b) (fused kernel and tf-op network)',
  metric: 'g_x(L·u^(L−1) ⊙ tf.grad(ℒ), v) = ⟨tf.grad(f)(x), v⟩ for random v',
  retraction: 'the fused u-step (u − η·∇ᵤℒ)^L = R_x(−η·grad_g f), the exponential map',
  'gap-order': 'gap to the first-order step x − η·grad_g f is O(η²): order ≈ 2',
};

/** float32-sized tolerances (relative errors; gap-order: absolute error of the order). */
const TOLERANCES: Record<VerificationCheck['check'], number> = {
  'chain-rule': 1e-5,
  metric: 1e-5,
  retraction: 1e-5,
  'gap-order': 0.1,
};

/** Sizes (m, n, r) and scales (of A, of x) cycled through by the trials. */
const SHAPES: [number, number, number][] = [
  [12, 8, 1],
  [6, 15, 2],
  [20, 20, 3],
];
const SCALES: [number, number][] = [
  [1, 1],
  [1e-2, 1e3],
  [1e2, 1e-3],
];

/** Relative GD step (max |η·L·u^(L−2)·∇f|) used for the retraction and the largest gap. */
const RELATIVE_STEP = 0.05;
const HALVINGS = 3;

function maxAbs(t: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0]);
}

function relError(got: tf.Tensor, want: tf.Tensor): number {
  return tf.tidy(() => maxAbs(tf.sub(got, want)) / Math.max(maxAbs(want), 1e-30));
}

function randomTensor(rng: Rng, shape: [number, number], f: (z: number) => number): tf.Tensor2D {
  const data = Float32Array.from({ length: shape[0] * shape[1] }, () => f(rng.normal()));
  return tf.tensor2d(data, shape);
}

interface TrialErrors {
  chain: number;
  metric: number;
  retraction: number;
  order: number;
}

/** The four checks on one random problem of depth L. */
function runTrial(
  L: number,
  rng: Rng,
  shape: [number, number, number],
  scale: [number, number],
): TrialErrors {
  let out: TrialErrors | undefined;
  tf.tidy(() => {
    const [m, n, r] = shape;
    const [sA, sX] = scale;
    const A = randomTensor(rng, [m, n], (z) => sA * z);
    const B = randomTensor(rng, [m, r], (z) => sA * sX * z);
    const x = randomTensor(rng, [n, r], (z) => sX * (Math.abs(z) + 0.05));
    const v = randomTensor(rng, [n, r], (z) => z);
    const u = root(x, L);
    const xu = power(u, L);
    const f = (y: tf.Tensor) => tf.mul(0.5, tf.sum(tf.square(tf.sub(tf.matMul(A, y), B))));
    const G = tf.matMul(A, A, true, false) as tf.Tensor2D;
    const C = tf.matMul(A, B, true, false) as tf.Tensor2D;
    // The fused loss: tf.grad runs its registered gradient kernel.
    const gradL = tf.grad((w: tf.Tensor) => overparamLoss(G, C, w as tf.Tensor2D, L))(u);
    const gradNetwork = tf.grad((w: tf.Tensor) => diagonalNetworkLoss(A, B, w, L))(u);
    const gradF = tf.grad(f)(xu);
    const chainFactor = tf.mul(L, tf.pow(u, L - 1));

    // 1. chain rule against the closed form Aᵀ(Ax − B), for the fused kernel and the network.
    const closedForm = tf.mul(chainFactor, tf.matMul(A, tf.sub(tf.matMul(A, xu), B), true, false));
    const chain = Math.max(relError(gradL, closedForm), relError(gradNetwork, closedForm));

    // 2. the pushed-forward u-gradient is the Riemannian gradient of the metric.
    const metricWeight = tf.mul(L * L, tf.pow(xu, 2 - 2 / L)); // 1 / (metric density)
    const w = tf.mul(chainFactor, gradL);
    const lhs = tf.sum(tf.div(tf.mul(w, v), metricWeight));
    const rhs = tf.sum(tf.mul(gradF, v));
    const metric = relError(lhs, rhs);

    // 3. one u-step equals the exponential map applied to −η·grad_g f.
    const riemannianGrad = tf.mul(metricWeight, gradF);
    const rate = maxAbs(tf.mul(tf.mul(L, tf.pow(u, L - 2)), gradF));
    const eta0 = RELATIVE_STEP / Math.max(rate, 1e-30);
    // The solvers' step kernel (`overparam`, fixed rule): x⁺ = (u − η∇ᵤℒ)^L.
    const gx = tf.matMul(G, xu) as tf.Tensor2D;
    const uStep = (eta: number) => overparamStep(G, C, { u, gx }, { depth: L, eta })[1];
    const retract = (vec: tf.Tensor) =>
      power(tf.add(u, tf.div(tf.mul(vec, tf.pow(xu, (1 - L) / L)), L)), L);
    const retraction = relError(uStep(eta0), retract(tf.mul(riemannianGrad, -eta0)));

    // 4. the gap to the first-order step shrinks like η².
    const gaps: number[] = [];
    for (let j = 0; j <= HALVINGS; j++) {
      const eta = eta0 / 2 ** j;
      gaps.push(maxAbs(tf.sub(uStep(eta), tf.sub(xu, tf.mul(riemannianGrad, eta)))));
    }
    const order = Math.log2(gaps[0] / gaps[HALVINGS]) / HALVINGS;
    out = { chain, metric, retraction, order };
  });
  return out!;
}

/** Runs the four checks of DESIGN.md §3 (see the file comment); leaves no tensors behind. */
export function verifyRiemannianEquivalence(options: VerifyOptions = {}): VerificationResult {
  checkKnownKeys('verify', options, ['depths', 'trials', 'seed']);
  const depths = options.depths ?? [2, 3, 4];
  if (!Array.isArray(depths) || depths.length === 0) {
    throw usageError('option depths must be a non-empty array of integers ≥ 2');
  }
  depths.forEach((d, i) => checkNumber(`depths[${i}]`, d, { min: 2, integer: true }));
  const trials = checkNumber('trials', options.trials ?? 3, { min: 1, integer: true });
  const seed = checkNumber('seed', options.seed ?? 0, { integer: true });
  const rng = new Rng(seed);
  const all: TrialErrors[] = [];
  const problems: string[] = [];
  for (const L of depths) {
    for (let t = 0; t < trials; t++) {
      const shape = SHAPES[t % SHAPES.length];
      const scale = SCALES[t % SCALES.length];
      problems.push(`L=${L} ${shape.join('×')} @ A×${scale[0]}, x×${scale[1]}`);
      all.push(runTrial(L, rng, shape, scale));
    }
  }
  const worst = (key: keyof TrialErrors, map = (e: number) => e) =>
    Math.max(...all.map((e) => map(e[key])));
  const errors: Record<VerificationCheck['check'], number> = {
    'chain-rule': worst('chain'),
    metric: worst('metric'),
    retraction: worst('retraction'),
    'gap-order': worst('order', (o) => (Number.isFinite(o) ? Math.abs(o - 2) : Infinity)),
  };
  const checks = (Object.keys(errors) as VerificationCheck['check'][]).map((check) => ({
    check,
    description: DESCRIPTIONS[check],
    maxError: errors[check],
    tolerance: TOLERANCES[check],
    // NaN fails too.
    passed: errors[check] <= TOLERANCES[check],
  }));
  return {
    checks,
    gapOrder: all.reduce((s, e) => s + e.order, 0) / all.length,
    passed: checks.every((c) => c.passed),
    depths: [...depths],
    trials,
    seed,
    problems,
  };
}
