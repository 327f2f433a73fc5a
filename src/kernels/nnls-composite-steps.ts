/**
 * The composite kernels of the fused NNLS iterations (see nnls-composite.ts): the math of
 * nnls-math.ts written with the backend's own kernels, vectorized over the r columns.
 */
import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { Composer } from './nnls-composite';
import type { BbAttrs, DepthAttrs, EtaAttrs, NesterovAttrs, OverparamAttrs } from './nnls-names';

type Inputs = Record<string, TensorInfo>;

function composite(
  backendName: string,
  body: (c: Composer, inputs: Inputs, attrs: Record<string, unknown>) => TensorInfo[],
): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const c = new Composer(backend as KernelBackend, backendName);
    return c.finish(body(c, inputs as unknown as Inputs, attrs as Record<string, unknown>));
  };
}

/** The u-gradient L·u^(L−1) ⊙ g. */
function uGradient(c: Composer, u: TensorInfo, g: TensorInfo, L: number): TensorInfo {
  return c.scale(c.mul(c.pow(u, L - 1), g), L);
}

export function compositeNesterov(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, u, uPrev, since }, attrs) => {
    const { depth: L, rate, lipschitz } = attrs as unknown as NesterovAttrs;
    const beta = c.div(since, c.add(since, c.fill(3)));
    let v = c.add(u, c.mul(beta, c.sub(u, uPrev)));
    if (L % 2 === 1) v = c.maximum(v, c.scale(u, 0.5));
    const xv = c.pow(v, L);
    const g = c.sub(c.matMul(G, xv), C);
    const dir = uGradient(c, v, g, L);
    const ug = L === 2 ? g : c.mul(c.pow(v, L - 2), g);
    const gauss = c.scale(c.pow(c.colMax(xv), 2 - 2 / L), L * L * lipschitz);
    const bend = c.scale(c.colMax(c.op('Abs', { x: ug })), L * (L - 1));
    const curvature = c.maximum(c.add(gauss, bend), c.scale(c.colMax(ug), 2 * L));
    const eta = c.div(c.fill(rate), c.maximum(curvature, c.fill(1e-30)));
    const uNext = c.sub(v, c.mul(eta, dir));
    const uphill = c.greater(c.colSum(c.mul(dir, c.sub(uNext, u))), c.fill(0));
    const sinceNext = c.select(uphill, c.fill(0, since.shape), c.add(since, c.fill(1)));
    return [uNext, c.pow(uNext, L), sinceNext];
  });
}

export function compositeOverparam(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, u, gx }, attrs) => {
    const { depth: L, eta } = attrs as unknown as OverparamAttrs;
    const uNext = c.sub(u, c.scale(uGradient(c, u, c.sub(gx, C), L), eta));
    const xNext = c.pow(uNext, L);
    return [uNext, xNext, c.matMul(G, xNext)];
  });
}

export function compositeBb(backendName: string): KernelFunc {
  return composite(backendName, (c, ins, attrs) => {
    const { G, C, u, x, gx, eta, level, recent, uPrev, dirPrev } = ins;
    const { depth: L, eta0, armijoC } = attrs as unknown as BbAttrs;
    const [n, r] = u.shape;
    const g = c.sub(gx, C);
    const dir = uGradient(c, u, g, L);
    let trial = eta;
    if (uPrev && dirPrev) {
      const du = c.sub(u, uPrev);
      const sy = c.colSum(c.mul(du, c.sub(dir, dirPrev)));
      const bb = c.div(c.colSum(c.op('Square', { x: du })), sy);
      trial = c.select(c.greater(sy, c.fill(0)), bb, eta);
    }
    // Maximum and Minimum rather than ClipByValue: tfjs-node's ClipByValue runs two engine ops.
    trial = c.op('Minimum', { a: c.maximum(trial, c.fill(eta0 * 1e-10)), b: c.fill(eta0 * 1e10) });
    const uN = c.sub(u, c.mul(dir, trial));
    const xN = c.pow(uN, L);
    const gxN = c.matMul(G, xN);
    const change = c.colSum(c.mul(c.sub(xN, x), c.add(g, c.scale(c.sub(gxN, gx), 0.5))));
    const next = c.add(level, change);
    const dd = c.colSum(c.op('Square', { x: dir }));
    const allowed = c.sub(c.colMax(recent), c.scale(c.mul(trial, dd), armijoC));
    const ok = c.op('LogicalAnd', {
      a: c.op('LogicalAnd', {
        a: c.op('LessEqual', { a: next, b: allowed }),
        b: c.op('IsFinite', { x: next }),
      }),
      b: c.op('GreaterEqual', { a: c.colMin(uN), b: c.fill(0) }),
    });
    const levelOut = c.select(ok, next, level);
    const okRows = c.rows(ok, n);
    const memory = recent.shape[0];
    const older = c.op('Slice', { x: recent }, { begin: [1, 0], size: [memory - 1, r] });
    return [
      c.select(okRows, uN, u),
      c.select(okRows, xN, x),
      c.select(okRows, gxN, gx),
      c.select(ok, c.scale(trial, 2), c.scale(trial, 0.25)),
      levelOut,
      c.op('Concat', [older, levelOut], { axis: 0 }),
      c.op('Identity', { x: u }),
      dir,
    ];
  });
}

export function compositeMirror(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, x, z, since }, attrs) => {
    const { eta } = attrs as unknown as EtaAttrs;
    const k2 = c.add(since, c.fill(2));
    const xN = c.div(
      c.add(c.mul(k2, x), c.scale(c.op('Exp', { x: z }), 2)),
      c.add(since, c.fill(4)),
    );
    const g = c.sub(c.matMul(G, xN), C);
    const zN = c.sub(z, c.mul(c.scale(k2, eta / 2), g));
    const uphill = c.greater(c.colSum(c.mul(g, c.sub(xN, x))), c.fill(0));
    const logX = c.op('Log', { x: c.maximum(xN, c.fill(1e-38)) });
    return [
      xN,
      c.select(c.rows(uphill, x.shape[0]), logX, zN),
      c.select(uphill, c.fill(0, since.shape), c.add(since, c.fill(1))),
    ];
  });
}

export function compositeApg(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, x, y, t }, attrs) => {
    const { eta } = attrs as unknown as EtaAttrs;
    const g = c.sub(c.matMul(G, y), C);
    const xN = c.op('Relu', { x: c.sub(y, c.scale(g, eta)) });
    const dx = c.sub(xN, x);
    const restart = c.greater(c.colSum(c.mul(c.sub(y, xN), dx)), c.fill(0));
    const grown = c.scale(
      c.add(c.fill(1), c.op('Sqrt', { x: c.add(c.fill(1), c.scale(c.op('Square', { x: t }), 4)) })),
      0.5,
    );
    const tN = c.select(restart, c.fill(1, t.shape), grown);
    const beta = c.select(restart, c.fill(0, t.shape), c.div(c.sub(t, c.fill(1)), tN));
    return [xN, c.add(xN, c.mul(beta, dx)), tN];
  });
}

export function compositeLoss(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, u }, attrs) => {
    const x = c.pow(u, (attrs as unknown as DepthAttrs).depth);
    const terms = c.mul(x, c.sub(c.scale(c.matMul(G, x), 0.5), C));
    return [c.op('Sum', { x: terms }, { axis: [0, 1], keepDims: false })];
  });
}

export function compositeGradient(backendName: string): KernelFunc {
  return composite(backendName, (c, { G, C, u }, attrs) => {
    const L = (attrs as unknown as DepthAttrs).depth;
    return [uGradient(c, u, c.sub(c.matMul(G, c.pow(u, L)), C), L)];
  });
}
