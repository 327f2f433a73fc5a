/**
 * nmflow's fused NNLS iterations as tfjs ops: each call is one `ENGINE.runKernel` of a kernel
 * registered per backend (nnls-register.ts), like tfjs-core's own ops. Shapes: G `n × n`,
 * C and every iterate `n × r`, per-column state `1 × r`; float32. The math of each step is
 * documented with its solver in src/nnls/overparam*.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';
import {
  APG_STEP,
  BB_STEP,
  MIRROR_STEP,
  NESTEROV_STEP,
  OVERPARAM_GRADIENT,
  OVERPARAM_LOSS,
  OVERPARAM_STEP,
  type BbAttrs,
  type NesterovAttrs,
  type OverparamAttrs,
} from './nnls-names';
import { registerNnlsKernels } from './nnls-register';

type T2 = tf.Tensor2D;

function run(name: string, inputs: Record<string, T2 | undefined>, attrs: object): T2[] {
  registerNnlsKernels(tf.getBackend());
  const present: NamedTensorMap = {};
  for (const [key, value] of Object.entries(inputs)) if (value) present[key] = value;
  return tf.engine().runKernel(name, present, attrs as NamedAttrMap) as unknown as T2[];
}

/** One `overparam-nesterov` iteration: [u⁺, x⁺ = (u⁺)^L, since⁺]. */
export function nesterovStep(
  G: T2,
  C: T2,
  state: { u: T2; uPrev: T2; since: T2 },
  attrs: NesterovAttrs,
): [T2, T2, T2] {
  return run(NESTEROV_STEP, { G, C, ...state }, attrs) as [T2, T2, T2];
}

/** One `overparam` iteration with the `fixed` rule and step eta: [u⁺, x⁺, G·x⁺]. */
export function overparamStep(G: T2, C: T2, state: { u: T2; gx: T2 }, attrs: OverparamAttrs) {
  return run(OVERPARAM_STEP, { G, C, ...state }, attrs) as [T2, T2, T2];
}

/** The `bb` rule's state (see src/nnls/overparam.ts). */
export interface BbTensors {
  u: T2;
  x: T2;
  gx: T2;
  eta: T2;
  level: T2;
  recent: T2;
  uPrev?: T2;
  dirPrev?: T2;
}

/** One `overparam` iteration with the `bb` rule: [u, x, gx, eta, level, recent, uPrev, dirPrev]. */
export function bbStep(G: T2, C: T2, state: BbTensors, attrs: BbAttrs): T2[] {
  return run(BB_STEP, { G, C, ...state }, attrs);
}

/** One `overparam-mirror` iteration: [x⁺, z⁺, since⁺]. */
export function mirrorStep(G: T2, C: T2, state: { x: T2; z: T2; since: T2 }, eta: number) {
  return run(MIRROR_STEP, { G, C, ...state }, { eta }) as [T2, T2, T2];
}

/** One APG iteration with adaptive restart: [x⁺, y⁺, t⁺]. */
export function apgStep(G: T2, C: T2, state: { x: T2; y: T2; t: T2 }, eta: number) {
  return run(APG_STEP, { G, C, ...state }, { eta }) as [T2, T2, T2];
}

/** ∇ᵤℒ = L·u^(L−1) ⊙ (G u^L − C) (`n × r`): the direction of the `overparam` steps. */
export function overparamGradient(G: T2, C: T2, u: T2, depth: number): T2 {
  return run(OVERPARAM_GRADIENT, { G, C, u }, { depth })[0];
}

let gradientRegistered = false;

/**
 * ℒ(u) = ½⟨u^L, G u^L⟩ − ⟨C, u^L⟩ summed over the columns (a scalar; ½‖A u^L − B‖²_F less
 * ½‖B‖²_F). Differentiable: tf.grad runs the fused `overparamGradient` kernel for u (and
 * closed forms for G and C).
 */
export function overparamLoss(G: T2, C: T2, u: T2, depth: number): tf.Scalar {
  if (!gradientRegistered) {
    gradientRegistered = true;
    tf.registerGradient({
      kernelName: OVERPARAM_LOSS,
      inputsToSave: ['G', 'C', 'u'],
      gradFunc: (dy, saved, attrs) => {
        const [Gs, Cs, us] = saved as T2[];
        const L = (attrs as unknown as { depth: number }).depth;
        const d = dy as tf.Scalar;
        return {
          u: () => tf.mul(d, overparamGradient(Gs, Cs, us, L)),
          // ∂ℒ/∂G = ½·x xᵀ, ∂ℒ/∂C = −x.
          G: () =>
            tf.tidy(() => {
              const x = tf.pow(us, L) as T2;
              return tf.mul(d, tf.mul(tf.matMul(x, x, false, true), 0.5));
            }),
          C: () => tf.mul(d, tf.neg(tf.pow(us, L))),
        };
      },
    });
  }
  const out = run(OVERPARAM_LOSS, { G, C, u }, { depth });
  return (Array.isArray(out) ? out[0] : out) as unknown as tf.Scalar;
}
