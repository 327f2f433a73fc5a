/**
 * The fused half-step (ops.ts's overparamHalfStep) on `webgpu`: the method of
 * half-step-composite.ts (BB steps on u with x = u^L, non-monotone acceptance, the projected
 * finish from `switchAt`), but each stretch of iterations between two convergence checks is
 * one WGSL dispatch instead of ≈30 tf ops per iteration: one workgroup per row of x (one
 * column of the problem), its k entries in workgroup memory, the sums over k as workgroup
 * reductions. Between dispatches, the relative KKT residual is checked with tf ops as in the
 * composite. Float32; the sums run in another order than tf.sum's, so the iterates agree with
 * the composite's within float32 rounding, not bit for bit.
 *
 * The per-row state lives in one `r × (5k + 2 + BB_MEMORY)` tensor:
 * [u | x | gx | previous u | previous d | η | level | the last BB_MEMORY levels].
 */
import * as tf from '@tensorflow/tfjs-core';
import { ARMIJO_C, BB_MEMORY } from '../js/bb-columns';
import type { HalfStepAttrs } from '../half-step-attrs';
import { halfStepComposite, halfStepSetup, residualSq } from '../half-step-composite';
import { FlatProgram, runProgram, WORKGROUP } from './program';

/** The largest k run fused: 10 arrays of k floats fit WebGPU's 16 KiB of workgroup memory. */
export const FUSED_MAX_RANK = 256;

/** The program for one stretch of iterations: a workgroup per row of x. */
class HalfStepRangeProgram extends FlatProgram {
  constructor(
    rows: number,
    private readonly k: number,
    private readonly depth: number,
  ) {
    super(
      [rows, 5 * k + 2 + BB_MEMORY],
      rows,
      `nmflowHalfStep_${k}_${depth}`,
      ['state', 'G', 'C'],
      ['first', 'last', 'switchAt'],
      ['lo', 'hi', 'eta0'],
    );
  }

  getUserCode(): string {
    const { k, depth } = this;
    const width = 5 * k + 2 + BB_MEMORY;
    // x = u^L and its chain factor L·u^(L−1); squares where L = 2.
    const power = depth === 2 ? 'v * v' : `pow(v, ${depth.toFixed(1)})`;
    const chain =
      depth === 2 ? '2.0 * v' : `${depth.toFixed(1)} * pow(v, ${(depth - 1).toFixed(1)})`;
    return /* wgsl */ `
      const K = ${k};
      const WIDTH = ${width};
      const MEMORY = ${BB_MEMORY};
      const ARMIJO = ${ARMIJO_C.toExponential()};
      var<workgroup> su : array<f32, K>;
      var<workgroup> sx : array<f32, K>;
      var<workgroup> sgx : array<f32, K>;
      var<workgroup> spu : array<f32, K>;
      var<workgroup> spd : array<f32, K>;
      var<workgroup> sd : array<f32, K>;
      var<workgroup> sun : array<f32, K>;
      var<workgroup> sxn : array<f32, K>;
      var<workgroup> sgxn : array<f32, K>;
      var<workgroup> red : array<vec4<f32>, ${WORKGROUP}>;

      fn power(v : f32) -> f32 { return ${power}; }
      fn chainOf(v : f32) -> f32 { return ${chain}; }
      fn finite(v : f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) < 0x7f800000u; }

      // The sums of v over the workgroup's threads (every thread gets them).
      fn reduce(v : vec4<f32>) -> vec4<f32> {
        let lid = localId.x;
        red[lid] = v;
        workgroupBarrier();
        for (var s = ${WORKGROUP / 2}u; s > 0u; s = s / 2u) {
          if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
          workgroupBarrier();
        }
        let out = red[0];
        workgroupBarrier();
        return out;
      }

      // gxn = xn·G for this thread's entries (sxn complete: after a barrier).
      fn times(t : i32) -> f32 {
        var acc = 0.0;
        for (var s = 0; s < K; s++) { acc = acc + sxn[s] * G[s * K + t]; }
        return acc;
      }

      fn main(index : i32) {
        let flat = (workgroupId.z * numWorkgroups.y + workgroupId.y) * numWorkgroups.x + workgroupId.x;
        let row = min(i32(flat), uniforms.outShape[0] - 1);
        let lid = i32(localId.x);
        let base = row * WIDTH;
        let crow = row * K;
        for (var t = lid; t < K; t += ${WORKGROUP}) {
          su[t] = state[base + t];
          sx[t] = state[base + K + t];
          sgx[t] = state[base + 2 * K + t];
          spu[t] = state[base + 3 * K + t];
          spd[t] = state[base + 4 * K + t];
        }
        var eta = state[base + 5 * K];
        var level = state[base + 5 * K + 1];
        var recent : array<f32, MEMORY>;
        for (var i = 0; i < MEMORY; i++) { recent[i] = state[base + 5 * K + 2 + i]; }
        workgroupBarrier();
        for (var it = uniforms.first; it < uniforms.last; it++) {
          var highest = recent[0];
          for (var i = 1; i < MEMORY; i++) { highest = max(highest, recent[i]); }
          var nextLevel = 0.0;
          var accept = false;
          var trial = 0.0;
          if (it < uniforms.switchAt) {
            // The overparametrized step on u (half-step-composite.ts, iterate).
            var p = vec4<f32>(0.0);
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              let v = su[t];
              let d = chainOf(v) * (sgx[t] - C[crow + t]);
              sd[t] = d;
              p.x = p.x + d * d;
              let du = v - spu[t];
              p.y = p.y + du * (d - spd[t]);
              p.z = p.z + du * du;
            }
            let s1 = reduce(p);
            trial = eta;
            if (it > 0 && s1.y > 0.0) { trial = s1.z / s1.y; }
            trial = clamp(trial, uniforms.lo, uniforms.hi);
            var negative = 0.0;
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              let v = su[t] - trial * sd[t];
              if (v < 0.0) { negative = negative + 1.0; }
              sun[t] = v;
              sxn[t] = power(v);
            }
            workgroupBarrier();
            var change = 0.0;
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              let gxn = times(t);
              sgxn[t] = gxn;
              change = change + (sxn[t] - sx[t]) * ((sgx[t] - C[crow + t]) + (gxn - sgx[t]) * 0.5);
            }
            let s2 = reduce(vec4<f32>(change, negative, 0.0, 0.0));
            nextLevel = level + s2.x;
            accept = nextLevel <= highest - trial * s1.x * ARMIJO && finite(nextLevel) && s2.y == 0.0;
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              spu[t] = su[t];
              spd[t] = sd[t];
              if (accept) {
                su[t] = sun[t];
                sx[t] = sxn[t];
                sgx[t] = sgxn[t];
              }
            }
            eta = select(trial / 4.0, trial * 2.0, accept);
          } else {
            // The projected finish on x (half-step-composite.ts, projectedIterate).
            if (it == uniforms.switchAt) { eta = uniforms.eta0; }
            trial = clamp(eta, uniforms.lo, uniforms.hi);
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              let g = sgx[t] - C[crow + t];
              sd[t] = g;
              sxn[t] = max(sx[t] - trial * g, 0.0);
            }
            workgroupBarrier();
            var p = vec4<f32>(0.0);
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              let gxn = times(t);
              sgxn[t] = gxn;
              let dx = sxn[t] - sx[t];
              let dg = gxn - sgx[t];
              p.x = p.x + sd[t] * dx;
              p.y = p.y + dx * (sd[t] + dg * 0.5);
              p.z = p.z + dx * dg;
              p.w = p.w + dx * dx;
            }
            let s = reduce(p);
            nextLevel = level + s.y;
            accept = nextLevel <= highest + s.x * ARMIJO && finite(nextLevel);
            for (var t = lid; t < K; t += ${WORKGROUP}) {
              if (accept) {
                sx[t] = sxn[t];
                sgx[t] = sgxn[t];
              }
            }
            eta = select(trial / 4.0, select(uniforms.hi, s.w / s.z, s.z > 0.0), accept);
          }
          if (accept) { level = nextLevel; }
          recent[it % MEMORY] = level;
          workgroupBarrier();
        }
        for (var t = lid; t < K; t += ${WORKGROUP}) {
          result[base + t] = su[t];
          result[base + K + t] = sx[t];
          result[base + 2 * K + t] = sgx[t];
          result[base + 3 * K + t] = spu[t];
          result[base + 4 * K + t] = spd[t];
        }
        if (lid == 0) {
          result[base + 5 * K] = eta;
          result[base + 5 * K + 1] = level;
          for (var i = 0; i < MEMORY; i++) { result[base + 5 * K + 2 + i] = recent[i]; }
        }
      }
    `;
  }
}

/**
 * [x (`r × k`), info [iterations, relative KKT residual, overflow 1/0]], as
 * halfStepComposite; ranks above FUSED_MAX_RANK run the composite.
 */
export function halfStepWebGpu(
  F: tf.Tensor2D,
  P: tf.Tensor2D,
  x0: tf.Tensor2D,
  a: HalfStepAttrs,
): tf.Tensor[] {
  const [r, k] = P.shape;
  if (k > FUSED_MAX_RANK || r === 0) return halfStepComposite(F, P, x0, a);
  const setup = halfStepSetup(F, P, x0, a);
  if (Array.isArray(setup)) return setup;
  const { G, c, cNorm, lip, eta0, lo, hi, floor, tol } = setup;
  let state = tf.tidy(() => {
    const x = tf.maximum(x0, floor);
    const u = a.depth === 2 ? tf.sqrt(x) : tf.pow(x, 1 / a.depth);
    const zeros = tf.zeros([r, k]);
    const scalars = tf.concat([tf.fill([r, 1], eta0), tf.zeros([r, 1 + BB_MEMORY])], 1);
    return tf.concat([u, x, tf.matMul(x, G), zeros, zeros, scalars], 1);
  });
  const part = (from: number) => tf.slice(state, [0, from * k], [r, k]) as tf.Tensor2D;
  const residual = () =>
    Math.sqrt(tf.tidy(() => residualSq(part(1), part(2), c, lip)).dataSync()[0]) / cNorm;
  const switchAt = Math.min(a.switchAt, 2 ** 31 - 1);
  let iteration = 0;
  let kkt = residual();
  while (kkt > tol && iteration < a.maxIter) {
    const stop = Math.min(a.maxIter, (Math.floor(iteration / a.checkEvery) + 1) * a.checkEvery);
    const next = runProgram(
      new HalfStepRangeProgram(r, k, a.depth),
      [state, G, c],
      [iteration, stop, switchAt],
      [lo, hi, eta0],
    );
    state.dispose();
    state = next;
    iteration = stop;
    kkt = residual();
  }
  const x = part(1);
  state.dispose();
  return [x, tf.tensor1d([iteration, kkt, 0])];
}
